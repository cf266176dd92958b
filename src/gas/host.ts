/** Small helpers shared by the Apps Script modules: the port, the user, the lock, a message box. */
import { appendLog, LOG_RESULT } from '../app/log';
import type { WorkbookPort } from '../workbook/port';
import { SheetsPort } from './sheets';

/** The bound spreadsheet as a WorkbookPort. */
export function activePort(): WorkbookPort {
  return new SheetsPort(SpreadsheetApp.getActiveSpreadsheet());
}

/**
 * E-mail of the person running the script, lower-cased; '' when Google does not reveal it
 * (consumer accounts outside the owner's domain, simple triggers).
 */
export function currentUser(): string {
  try {
    const user = Session.getActiveUser();
    const email = user ? user.getEmail() : '';
    return typeof email === 'string' ? email.trim().toLowerCase() : '';
  } catch {
    return '';
  }
}

/**
 * Who Logg names: the user at the keyboard, else the user the script runs as (Google hides the
 * former from some consumer accounts), else ''.
 */
export function logUser(): string {
  const active = currentUser();
  if (active) return active;
  try {
    return String(Session.getEffectiveUser().getEmail() ?? '').trim().toLowerCase();
  } catch {
    return '';
  }
}

/** Logs an action refused before it started (a busy lock), when the log can be written. */
export function logRefused(action: string, details: string): void {
  appendLog(activePort(), { action, user: logUser(), details, result: LOG_RESULT.refused });
}

export const BUSY_MESSAGE = 'En annan körning pågår redan i kalkylarket. Vänta tills den är klar och försök igen.';
const LOCK_WAIT_MS = 3000;

/**
 * Runs fn while holding the document lock: one billing or sending run at a time. A second run
 * gets a clear message instead of waiting minutes.
 */
export function withDocumentLock<T>(fn: () => T, busyMessage: string = BUSY_MESSAGE, onBusy?: () => void): T {
  // A document lock exists only in a bound script; a host without LockService runs one at a time anyway.
  if (typeof LockService === 'undefined') return fn();
  const lock = LockService.getDocumentLock() ?? (typeof LockService.getScriptLock === 'function' ? LockService.getScriptLock() : null);
  if (!lock) return fn();
  if (!lock.tryLock(LOCK_WAIT_MS)) {
    onBusy?.();
    throw new Error(busyMessage);
  }
  try {
    return fn();
  } finally {
    lock.releaseLock();
  }
}

/** A plain message box with an OK button. */
export function alert(title: string, message: string): void {
  const ui = SpreadsheetApp.getUi();
  ui.alert(title, message, ui.ButtonSet.OK);
}

/** Small helpers shared by the Apps Script modules: the port, the user, the lock, a message box. */
import { mayAdminister } from '../app/bill';
import { appendLog, LOG_RESULT } from '../app/log';
import type { WorkbookPort } from '../workbook/port';
import { ReadOncePort } from '../workbook/readOncePort';
import { REGISTER_TABS, administratorsOf, lockedOutMessage, protectionPolicy } from '../workbook/protection';
import { TAB } from '../workbook/schema';
import { SwedishSheetsPort } from './googleErrors';
import { ownerOf, synchronizeProtections } from './protection';
import { SheetsPort } from './sheets';

/** The bound spreadsheet as a SheetsPort whose failures are told in Swedish (googleErrors.ts). */
export function sheetsPort(ss = SpreadsheetApp.getActiveSpreadsheet()): SheetsPort {
  return new SwedishSheetsPort(ss);
}

/** The bound spreadsheet as a WorkbookPort. */
export function activePort(): WorkbookPort {
  return sheetsPort();
}

/**
 * Said when Google refuses to name the user: the project was authorized before the manifest
 * listed userinfo.email (or the user declined that scope in granular consent).
 */
export const REAUTHORIZE_MESSAGE =
  'Yrkesresan kan inte se vem du är: du har inte gett skriptet behörighet att läsa din e-postadress. ' +
  'Välj menyvalet igen och godkänn alla behörigheter när Google frågar (även "Se din primära e-postadress"). ' +
  'Frågar Google inte, be kalkylarkets ägare installera den senaste versionen av skriptet och försök sedan igen.';

/**
 * The one error Session documents: calling getActiveUser/getEffectiveUser without the scope
 * https://www.googleapis.com/auth/userinfo.email throws "You do not have permission to call
 * Session.getActiveUser. Required permissions: https://www.googleapis.com/auth/userinfo.email".
 */
function isMissingPermission(e: unknown): boolean {
  const message = typeof e === 'object' && e !== null ? String((e as { message?: unknown }).message ?? '') : String(e);
  return /do not have permission|userinfo\.email/i.test(message);
}

/**
 * E-mail of the person running the script, lower-cased. A menu item and a dialog's call run as
 * the user who clicked; Google may still keep the active user's address blank (another domain's
 * consumer account), and then the effective user (the same person in these executions, by the
 * authorization guide's "run as" table) is asked. '' only when Google reveals neither.
 * A missing scope is never taken for "unknown user": it throws REAUTHORIZE_MESSAGE.
 */
export function currentUser(): string {
  try {
    const active = Session.getActiveUser().getEmail().trim().toLowerCase();
    if (active) return active;
    return Session.getEffectiveUser().getEmail().trim().toLowerCase();
  } catch (e) {
    if (isMissingPermission(e)) throw new Error(REAUTHORIZE_MESSAGE);
    throw e;
  }
}

/**
 * Who Logg names: the user running the action (see currentUser), '' when Google names nobody.
 * A log row must never fail the action it records, so here the missing scope becomes ''; the
 * action itself has asked currentUser and told the administrator to re-authorize. Any other
 * error (none is documented) is not hidden.
 */
export function logUser(): string {
  try {
    return currentUser();
  } catch (e) {
    if (e instanceof Error && e.message === REAUTHORIZE_MESSAGE) return '';
    throw e;
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
  // getDocumentLock() is null only outside a bound script; this project is bound to its spreadsheet.
  const lock = LockService.getDocumentLock();
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

/** What an action that writes tells guardProtectedTabs. */
export interface GuardedAction {
  /** Åtgärd in Logg, for a refusal. */
  action: string;
  /** Detaljer in Logg, for a refusal. */
  details: string;
  /** Protected tabs the action writes; default the registers and Logg. */
  writes?: readonly string[];
}

/**
 * Before an action writes or sends (SPEC §4 "Who may"): re-synchronises the protected tabs with
 * Administratörer, then refuses in Swedish, before anything is written or sent, when the person
 * running it still cannot edit a protected tab the action writes (Google would stop the run at
 * its first write to that tab: a billing run half-way, a sending after the mail went out).
 * Someone outside Administratörer is left to the action, which refuses them with its own
 * message. `sheets`, when given, protects what it creates or draws with the same policy.
 */
export function guardProtectedTabs(port: WorkbookPort, user: string, what: GuardedAction, sheets?: SheetsPort): void {
  const administrators = administratorsOf(port);
  if (administrators === null || !mayAdminister(administrators, user)) return;
  const policy = protectionPolicy(administrators);
  if (sheets) sheets.protection = policy;
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const { locked } = synchronizeProtections(ss, policy);
  const writes = what.writes ?? REGISTER_TABS;
  const blocked = locked.filter((tab) => writes.includes(tab));
  if (blocked.length === 0) return;
  const message = lockedOutMessage(user, blocked, ownerOf(ss));
  if (!locked.includes(TAB.log))
    appendLog(port, { action: what.action, user, details: `${what.details}: ${message}`, result: LOG_RESULT.refused });
  throw new Error(message);
}

/**
 * The bound spreadsheet as a port (each tab read once) for an action that writes, after
 * guardProtectedTabs: Inställningar is read once for both the guard and the action.
 */
export function guardedPort(user: string, what: GuardedAction): WorkbookPort {
  const sheets = sheetsPort();
  const port = new ReadOncePort(sheets);
  guardProtectedTabs(port, user, what, sheets);
  return port;
}

/**
 * Runs fn and gives the administrator back the sheet they were looking at: Spreadsheet.insertSheet
 * makes every new sheet the active one, so a billing run would leave them on its last invoice.
 */
export function keepingActiveSheet<T>(fn: () => T): T {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const before = ss.getActiveSheet();
  const result = fn();
  // Only when a new sheet took its place: a run that inserted no sheet changes nothing here.
  if (ss.getActiveSheet().getSheetId() !== before.getSheetId()) ss.setActiveSheet(before);
  return result;
}

/** google.script.run drops undefined and cannot carry class instances: server functions return plain data only. */
export function toJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

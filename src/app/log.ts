/**
 * The audit log (SPEC §4), written once for both hosts: every billing run, credit note, sending,
 * payment import, attendance import, reminder and export appends one row to the protected tab
 * `Logg` (Tid in Europe/Stockholm, Användare, Åtgärd, Detaljer, Resultat), refused actions too.
 *
 * `appendLog` never throws: the log records what happened, it never turns a finished action into
 * a failure or hides the reason an action was refused. It returns whether the row was written.
 */
import type { Issue } from '../core/types';
import type { WorkbookPort } from '../workbook/port';
import { appendLogRow, LOG_RESULT } from '../workbook/log';
import { swedishTime } from './clock';

/** Åtgärd and Resultat have their home beside the log's tab, where the ledger's reader reads them too. */
export { LOG_ACTION, LOG_RESULT } from '../workbook/log';

export type LogResult = (typeof LOG_RESULT)[keyof typeof LOG_RESULT];

export interface LogEntry {
  action: string;
  /** Who did it: the e-mail in Apps Script, the operating-system user on the command line. */
  user: string;
  /** Numbers, counts, totals, file names, or the reason for a refusal. */
  details: string;
  result: LogResult | string;
  /** When; default now. */
  time?: Date;
}

/** Tid as the log shows it: 'YYYY-MM-DD HH:MM:SS' in Swedish time, whatever the host's time zone. */
export function logTime(date: Date): string {
  return swedishTime(date, 'second');
}

/** Appends one row to Logg (creating the tab when missing). False when the log could not be written. */
export function appendLog(port: WorkbookPort, entry: LogEntry): boolean {
  try {
    appendLogRow(port, {
      Tid: logTime(entry.time ?? new Date()),
      Användare: entry.user.trim() || 'okänd användare',
      Åtgärd: entry.action,
      Detaljer: entry.details.replace(/\s+/g, ' ').trim(),
      Resultat: entry.result,
    });
    return true;
  } catch {
    return false;
  }
}

/** 'Flik Närvaro, rad 12, kolumn Kommun: "Stokholm" – Okänd kommun …' (one line of a refusal). */
export function issueText(issue: Issue): string {
  const where: string[] = [];
  if (issue.tab) where.push(`Flik ${issue.tab}`);
  if (issue.row !== undefined) where.push(`rad ${issue.row}`);
  if (issue.column) where.push(`kolumn ${issue.column}`);
  let place = where.join(', ');
  if (issue.value !== undefined && issue.value !== '') place += `${place ? ': ' : ''}"${issue.value}"`;
  return `${place ? `${place} – ` : ''}${issue.message}`;
}

/** Details of an action refused for errors in the data: how many, and the first few. */
export function errorsDetails(prefix: string, issues: readonly Issue[]): string {
  const errors = issues.filter((i) => i.severity === 'error');
  const shown = errors.slice(0, 3).map(issueText);
  const more = errors.length > shown.length ? ` (och ${errors.length - shown.length} fel till)` : '';
  return `${prefix}${prefix ? ': ' : ''}${errors.length} fel. ${shown.join(' | ')}${more}`;
}

/** The message of anything thrown, host errors from other realms included. */
export function thrownText(e: unknown): string {
  const message = typeof e === 'object' && e !== null ? (e as { message?: unknown }).message : undefined;
  return (typeof message === 'string' ? message : String(e)).replace(/\s+/g, ' ').trim();
}

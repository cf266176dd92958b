/**
 * The audit log's tab (SPEC §4): `Logg`, protected, created with its header when missing, and
 * only ever appended to. One row is one action; nothing in the tab is rewritten or removed.
 */
import { formatInvoiceNumber, parseInvoiceNumber } from '../core/numbering';
import { cellText, isBlank } from './cells';
import { PREFIX_CHARACTERS } from './read/settings';
import type { CellValue, WorkbookPort } from './port';
import { LOG_HEADERS, TAB, columnIndex, sameTabName } from './schema';
import { tabSetups } from './setup';

/** Åtgärd: what was done, as the administrator calls it. */
export const LOG_ACTION = {
  billing: 'Fakturering',
  sending: 'Utskick',
  resending: 'Utskick igen',
  credit: 'Kreditering',
  payments: 'Inläsning av betalningar',
  reminders: 'Påminnelser',
  import: 'Import av närvaro',
  export: 'Export',
} as const;

/** Resultat: how it ended. */
export const LOG_RESULT = {
  done: 'Klar',
  /** Done in part: e.g. some e-mails failed and were marked Fel. */
  partly: 'Delvis klar',
  /** Refused before anything was changed: errors in the data, a busy lock, a user not allowed. */
  refused: 'Nekad',
  /** Stopped by an unexpected failure of the host. */
  failed: 'Avbruten',
} as const;

export type LogHeader = (typeof LOG_HEADERS)[number];
export type LogCells = Record<LogHeader, string>;

/**
 * Longest text put into one cell of the log: Excel's 32 767 characters per cell, below Sheets'
 * 50 000, so that the downloaded .xlsx keeps it too. A run's Detaljer ends with the record a
 * redraw reads (app/documentRecord.ts), which must not be cut.
 */
export const MAX_LOG_TEXT = 32767;

function clip(text: string): string {
  return text.length <= MAX_LOG_TEXT ? text : `${text.slice(0, MAX_LOG_TEXT - 1)}…`;
}

/**
 * Appends one row below the last non-empty row of Logg, with one read and one write (plus the
 * creation of the tab when it is missing). Headers missing from an existing tab are added at the
 * right of its header row; other columns are left alone.
 */
export function appendLogRow(port: WorkbookPort, cells: LogCells): void {
  const existing = port.tabNames().find((n) => sameTabName(n, TAB.log));
  const values = (columns: Record<string, number>, width: number): CellValue[] => {
    const row: CellValue[] = Array.from({ length: width }, () => '');
    for (const h of LOG_HEADERS) row[columns[h] - 1] = clip(cells[h]);
    return row;
  };
  const formats = (columns: Record<string, number>, width: number): (string | null)[] => {
    const row: (string | null)[] = Array.from({ length: width }, () => null);
    for (const h of LOG_HEADERS) row[columns[h] - 1] = '@';
    return row;
  };
  if (existing === undefined) {
    port.createTab(TAB.log, tabSetups()[TAB.log]);
    const columns = Object.fromEntries(LOG_HEADERS.map((h, i) => [h, i + 1]));
    port.write(TAB.log, 2, 1, [values(columns, LOG_HEADERS.length)], [formats(columns, LOG_HEADERS.length)]);
    return;
  }
  const data = port.read(existing);
  let lastRow = 0;
  data.forEach((r, i) => {
    if (!r.every((c) => isBlank(c))) lastRow = i + 1;
  });
  if (lastRow === 0) {
    // An existing but empty tab: the header goes in with the first row.
    const columns = Object.fromEntries(LOG_HEADERS.map((h, i) => [h, i + 1]));
    const width = LOG_HEADERS.length;
    port.write(
      existing,
      1,
      1,
      [[...LOG_HEADERS], values(columns, width)],
      [Array(width).fill(null), formats(columns, width)],
    );
    return;
  }
  const header = data[0] ?? [];
  const columns: Record<string, number> = columnIndex(header, LOG_HEADERS);
  let width = header.reduce<number>((w, c, i) => (isBlank(c) ? w : i + 1), 0);
  const added: string[] = [];
  for (const h of LOG_HEADERS) {
    if (columns[h] === undefined) {
      columns[h] = ++width;
      added.push(h);
    }
  }
  if (added.length > 0) port.write(existing, 1, width - added.length + 1, [added]);
  const used = LOG_HEADERS.map((h) => columns[h]);
  const first = Math.min(...used);
  const last = Math.max(...used);
  const row = values(columns, last).slice(first - 1);
  const fmt = formats(columns, last).slice(first - 1);
  port.write(existing, lastRow + 1, first, [row], [fmt]);
}

/** Every row of Logg below its header, by header name (cells as text); none when the tab is missing. */
export function readLogRows(port: WorkbookPort): LogCells[] {
  const existing = port.tabNames().find((n) => sameTabName(n, TAB.log));
  if (existing === undefined) return [];
  const [header = [], ...rows] = port.read(existing);
  const columns: Record<string, number> = columnIndex(header, LOG_HEADERS);
  return rows
    .filter((r) => !r.every((c) => isBlank(c)))
    .map((r) => {
      const cells = {} as LogCells;
      for (const h of LOG_HEADERS) cells[h] = columns[h] === undefined ? '' : cellText(r[columns[h] - 1]);
      return cells;
    });
}

/** An invoice number as the tool writes it: '<prefix>-<year>-<sequence>', whatever hyphens the prefix has. */
const NUMBER = `${PREFIX_CHARACTERS}+-\\d{4}-\\d{4,}`;
/** A billing run's Detaljer: '…: 14 fakturor (YR-2024-0001 – YR-2024-0014), …' or '…: 1 faktura (YR-2024-0015), …'. */
const RUN_NUMBERS = new RegExp(`: \\d+ fakturor? \\((${NUMBER})(?: – (${NUMBER}))?\\)`);
/**
 * A credit note's Detaljer: '[Slutförd: ]Kreditfaktura YR-2024-0015 krediterar YR-2024-0009 …';
 * group 1 is the credit note's number, group 2 the credited invoice's.
 */
export const CREDIT_NUMBERS = new RegExp(`^(?:Slutförd: )?Kreditfaktura (${NUMBER}) krediterar (${NUMBER}) `);

/** The numbers from `first` to `last` of one series (a run's numbers follow each other); just `first` otherwise. */
function numbersFrom(first: string, last: string | undefined): string[] {
  const a = parseInvoiceNumber(first);
  const b = last === undefined ? null : parseInvoiceNumber(last);
  if (!a || !b || a.prefix !== b.prefix || a.year !== b.year || b.sequence < a.sequence) return [first];
  const out: string[] = [];
  for (let k = a.sequence; k <= b.sequence; k++) out.push(formatInvoiceNumber(a.prefix, a.year, k));
  return out;
}

/**
 * The document numbers the audit log says were committed: those a billing run or credit note that
 * ended Klar made (its numbers were written to Fakturor before the row was), read from where the
 * tool writes them in Detaljer — never from text typed into it, such as a credit's reason. A
 * number missing from Fakturor that the log names was deleted, not left by an interrupted run.
 * `row` is the log row, for the message.
 */
export function committedByLog(data: readonly (readonly CellValue[])[]): { number: string; row: number }[] {
  if (data.length === 0) return [];
  const columns: Record<string, number> = columnIndex(data[0], LOG_HEADERS);
  const [action, details, result] = [columns['Åtgärd'], columns['Detaljer'], columns['Resultat']];
  if (action === undefined || details === undefined || result === undefined) return [];
  const out: { number: string; row: number }[] = [];
  data.forEach((r, i) => {
    if (i === 0 || cellText(r[result - 1]) !== LOG_RESULT.done) return;
    const text = cellText(r[details - 1]);
    const kind = cellText(r[action - 1]);
    const run = kind === LOG_ACTION.billing ? RUN_NUMBERS.exec(text) : null;
    const credit = kind === LOG_ACTION.credit ? CREDIT_NUMBERS.exec(text) : null;
    const numbers = run ? numbersFrom(run[1], run[2]) : credit ? [credit[1], credit[2]] : [];
    for (const number of numbers) out.push({ number, row: i + 1 });
  });
  return out;
}

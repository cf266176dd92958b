/**
 * The audit log's tab (SPEC §4): `Logg`, protected, created with its header when missing, and
 * only ever appended to. One row is one action; nothing in the tab is rewritten or removed.
 */
import { cellText, isBlank } from './cells';
import type { CellValue, WorkbookPort } from './port';
import { LOG_HEADERS, TAB, columnIndex, sameTabName } from './schema';
import { tabSetups } from './setup';

export type LogHeader = (typeof LOG_HEADERS)[number];
export type LogCells = Record<LogHeader, string>;

/** Longest text put into one cell of the log (Sheets takes 50 000 characters per cell). */
export const MAX_LOG_TEXT = 5000;

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
    port.write(existing, 1, 1, [[...LOG_HEADERS], values(columns, width)], [Array(width).fill(null), formats(columns, width)]);
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

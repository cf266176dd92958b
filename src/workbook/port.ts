/**
 * The port: the only way the product touches a spreadsheet. Apps Script (SpreadsheetApp) and
 * the command line (ExcelJS over an .xlsx file) each implement it; everything above speaks to
 * this interface alone. Every method is one batched operation on the host.
 */

/**
 * A calendar date in a cell, free of host time zones (hosts convert their Date objects); with
 * `time` ('HH:MM') a date-time as a wall clock shows it (Skickad: Swedish time), which a host
 * writes as that date and time in the sheet, whatever its zone.
 */
export class CalendarDate {
  // Declared, not defined: a date without a time has no `time` property at all.
  declare readonly time?: string;
  constructor(
    readonly iso: string,
    time?: string,
  ) {
    if (time !== undefined) (this as { time?: string }).time = time;
  }
  toString(): string {
    return this.time ? `${this.iso} ${this.time}` : this.iso;
  }
}

/** The wall-clock time of a date-time value ('HH:MM'), '' for a date or anything else. */
export function timeOf(v: unknown): string {
  const t = typeof v === 'object' && v !== null ? (v as { time?: unknown }).time : undefined;
  return typeof t === 'string' && /^\d{2}:\d{2}$/.test(t) ? t : '';
}

/** 'YYYY-MM-DD HH:MM' as a date-time cell value; null for any other text. */
export function dateTimeValue(text: string): CalendarDate | null {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$/.exec(text.trim());
  return m ? new CalendarDate(m[1], m[2]) : null;
}

/** Minutes past midnight of a date-time value (0 for a date). */
export function minutesOf(v: unknown): number {
  const t = timeOf(v);
  return t ? Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5)) : 0;
}

/** What a cell holds as seen by the product. '' is an empty cell. */
export type CellValue = string | number | boolean | CalendarDate;

/** Number formats, locale-independent patterns as Sheets and Excel take them. */
export const FORMAT = {
  text: '@',
  date: 'yyyy-mm-dd',
  dateTime: 'yyyy-mm-dd hh:mm',
  money: '#,##0.00 "kr"',
  number: '0.##',
  integer: '0',
} as const;

export interface CellStyle {
  format?: string; // number format
  bold?: boolean;
  italic?: boolean;
  size?: number; // font size in points
  align?: 'left' | 'center' | 'right';
  background?: string; // '#rrggbb'
  wrap?: boolean;
}

export interface DocCell extends CellStyle {
  value: CellValue;
}

/** A rectangle of cells, 1-based: a merged range of a tab, or a merge in a laid-out document. */
export interface CellBlock {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

/** A laid-out sheet (an invoice, a report): drawn into a tab by the hosts and into a PDF by the CLI. */
export interface SheetDocument {
  columnWidths: number[]; // pixels, one per column
  rows: (DocCell | null)[][]; // null = empty cell
  merges?: CellBlock[]; // 1-based
  /** Print setup: A4 portrait, no gridlines. */
  print?: { portrait: boolean; fitToWidth: boolean };
  /** Protected like the registers (SPEC §4 "Who may"): an invoice sheet. */
  protected?: boolean;
  /** How the PDF breaks the document into pages (the sheet itself ignores it). */
  paging?: DocPaging;
}

/**
 * What a row is to the PDF's pages: `keep` stays with the next row that is not blank (a heading),
 * `head` is a table's header (repeated on a page the table continues on, and kept with its first
 * row), `body` a row of that table, `sum` stays with the row before it (never alone at a page's top).
 */
export type RowRole = 'keep' | 'head' | 'body' | 'sum';

export interface DocPaging {
  /** Printed at the top of every page with "Sida N av M": who sends, which document, to whom. */
  running: string[];
  /** Per row of `rows` (same index); null: a row of its own. */
  roles: (RowRole | null)[];
}

export type Validation =
  | { kind: 'list'; values: string[] } // drop-down of fixed values
  | { kind: 'range'; tab: string; column: number }; // drop-down of a column (1-based) of another tab, below its header

export interface ColumnSetup {
  header: string;
  format?: string; // number format of the whole column below the header
  width?: number; // pixels
  validation?: Validation;
}

/** Everything needed to create a missing tab. */
export interface TabSetup {
  columns: ColumnSetup[];
  rows?: CellValue[][]; // pre-filled data below the header
  frozenRows?: number; // default 1
  protected?: boolean; // only the owner and Administratörer may edit (SPEC §4 "Who may")
}

export interface WorkbookPort {
  /** Names of all tabs, in order. */
  tabNames(): string[];
  /**
   * The whole used range of a tab, read with one batched call, header row first; '' for empty
   * cells, CalendarDate for date cells. Rows have equal length. Unknown tab: [].
   */
  read(tab: string): CellValue[][];
  /**
   * Writes a rectangular block at (row, col), 1-based, with one batched call (and one more for
   * formats when given). Strings are always stored as literal text, never as formulas.
   * `formats`, when given, has the block's shape; null leaves a cell's format alone.
   */
  write(tab: string, row: number, col: number, values: CellValue[][], formats?: (string | null)[][]): void;
  /** Creates a tab with headers, formats, validations, frozen rows and protection. Fails if it exists. */
  createTab(tab: string, setup: TabSetup): void;
  /** Creates the tab, or clears it completely, and draws the document into it. */
  drawTab(tab: string, doc: SheetDocument): void;
  deleteTab(tab: string): void;
  /**
   * The merged ranges that overlap the tab's used range (as read), with one batched call. A
   * write into a merged range does not land where the product put it (a host keeps only the
   * merge's top-left cell), so the product refuses merges over the columns it writes. Unknown tab: [].
   */
  merges(tab: string): CellBlock[];
}

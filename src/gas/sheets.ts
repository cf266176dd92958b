/**
 * The WorkbookPort over SpreadsheetApp. Reading uses only the most common calls
 * (getSheetByName, getDataRange().getValues()) so that it works on any faithful host; every
 * method is a handful of batched calls, never one per row or cell.
 *
 * Values cross between realms here: Dates and Arrays from the host may come from another
 * JavaScript realm, so they are recognised by their tag, never with instanceof.
 */
import { CalendarDate, type CellValue, type SheetDocument, type TabSetup, type Validation, type WorkbookPort } from '../workbook/port';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** The product's calendar is Stockholm's, whatever the host's own time zone. */
export const TIME_ZONE = 'Europe/Stockholm';

const isHostDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';

let dateParts: Intl.DateTimeFormat | null = null;
const isoCache = new Map<number, string>();

/** 'YYYY-MM-DD' of a host Date as a Stockholm calendar date. */
export function isoOfHostDate(d: Date): string {
  const t = Date.prototype.getTime.call(d);
  const cached = isoCache.get(t);
  if (cached !== undefined) return cached;
  dateParts ??= new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
  const parts = dateParts.formatToParts(new Date(t));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  const iso = `${get('year').padStart(4, '0')}-${get('month')}-${get('day')}`;
  if (isoCache.size > 10000) isoCache.clear();
  isoCache.set(t, iso);
  return iso;
}

let offsetParts: Intl.DateTimeFormat | null = null;

/** Minutes Stockholm is ahead of UTC at an instant. */
function stockholmOffset(instant: number): number {
  offsetParts ??= new Intl.DateTimeFormat('en-US', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
  const parts = offsetParts.formatToParts(new Date(instant));
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour') % 24, n('minute'));
  return Math.round((wall - Math.floor(instant / 60000) * 60000) / 60000);
}

/** A Date at midnight Stockholm of a calendar date: what a date typed into the sheet holds. */
const instantCache = new Map<string, number>();

export function hostDateOf(iso: string): Date {
  let t = instantCache.get(iso);
  if (t === undefined) {
    const [y, m, d] = iso.split('-').map(Number);
    const utcMidnight = Date.UTC(y, m - 1, d);
    t = utcMidnight - stockholmOffset(utcMidnight) * 60000;
    t = utcMidnight - stockholmOffset(t) * 60000;
    if (instantCache.size > 10000) instantCache.clear();
    instantCache.set(iso, t);
  }
  return new Date(t);
}

/** A cell value from getValues as the product sees it. */
export function fromHost(v: unknown): CellValue {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (isHostDate(v)) return Number.isNaN(Date.prototype.getTime.call(v)) ? '' : new CalendarDate(isoOfHostDate(v));
  return String(v);
}

const MONTH_WORD = /^\s*(jan|feb|mar|apr|maj|may|jun|jul|aug|sep|okt|oct|nov|dec)[a-zåäö]*\.?\s+\d/i;

/**
 * Whether Sheets would not keep this text as it is: formulas (= + - @), a leading apostrophe,
 * and anything it could read as a number, date, time, percentage, currency or boolean.
 */
export function needsTextGuard(s: string): boolean {
  return (
    /^\s*[=+\-@'\d.,$€£]/.test(s) ||
    /^\s*(true|false|sant|falskt)\s*$/i.test(s) ||
    MONTH_WORD.test(s)
  );
}

/** A product value as written with setValues: text stays text, dates become Dates. */
export function toHost(v: CellValue | null | undefined): string | number | boolean | Date {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v !== '' && needsTextGuard(v) ? `'${v}` : v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`Ogiltigt tal: ${v}`);
    return v;
  }
  if (typeof v === 'boolean') return v;
  if (v instanceof CalendarDate || (typeof v === 'object' && typeof (v as { iso?: unknown }).iso === 'string')) {
    return hostDateOf((v as CalendarDate).iso);
  }
  throw new Error(`Ogiltigt cellvärde: ${String(v)}`);
}

function hasMethod<T extends object>(obj: T | null | undefined, name: string): boolean {
  return !!obj && typeof (obj as Record<string, unknown>)[name] === 'function';
}

/**
 * Calls a cosmetic method (bold, widths, merges, …) when the host has it. Only getValues,
 * setValues and setNumberFormats are essential; a host without the rest still gets the data.
 */
function optional(obj: object, name: string, ...args: unknown[]): void {
  const fn = (obj as Record<string, unknown>)[name];
  if (typeof fn === 'function') fn.apply(obj, args);
}

/** Makes sure rows..cols fit in the sheet; new sheets have 1000 rows and 26 columns. */
function ensureSize(sheet: Sheet, lastRow: number, lastCol: number): void {
  if (hasMethod(sheet, 'getMaxRows') && hasMethod(sheet, 'insertRowsAfter')) {
    const max = sheet.getMaxRows();
    if (lastRow > max) sheet.insertRowsAfter(max, lastRow - max);
  }
  if (hasMethod(sheet, 'getMaxColumns') && hasMethod(sheet, 'insertColumnsAfter')) {
    const max = sheet.getMaxColumns();
    if (lastCol > max) sheet.insertColumnsAfter(max, lastCol - max);
  }
}

function maxRows(sheet: Sheet): number {
  return hasMethod(sheet, 'getMaxRows') ? sheet.getMaxRows() : 1000;
}

function rectangular(values: readonly (readonly unknown[])[]): number {
  if (!Array.isArray(values) || values.length === 0) throw new Error('Tomt block');
  const width = values[0].length;
  if (width === 0 || values.some((r) => !Array.isArray(r) || r.length !== width)) throw new Error('Blocket är inte rektangulärt');
  return width;
}

export const PROTECTION_DESCRIPTION = 'Skrivs bara av Yrkesresan (menyn). Ändra inte för hand.';

export class SheetsPort implements WorkbookPort {
  constructor(private readonly ss: Spreadsheet = SpreadsheetApp.getActiveSpreadsheet()) {}

  private sheet(tab: string): Sheet | null {
    return this.ss.getSheetByName(tab);
  }

  private existing(tab: string): Sheet {
    const sheet = this.sheet(tab);
    if (!sheet) throw new Error(`Fliken "${tab}" finns inte.`);
    return sheet;
  }

  tabNames(): string[] {
    return this.ss.getSheets().map((s) => s.getName());
  }

  read(tab: string): CellValue[][] {
    const sheet = this.sheet(tab);
    if (!sheet) return [];
    const raw: unknown = sheet.getDataRange().getValues();
    if (!Array.isArray(raw)) return [];
    const rows = raw.map((r: unknown) => (Array.isArray(r) ? r.map(fromHost) : []));
    const width = rows.reduce((w, r) => Math.max(w, r.length), 0); // no spread: tabs may have 100 000 rows
    for (const r of rows) while (r.length < width) r.push('');
    // An empty sheet's data range is A1 alone.
    if (rows.every((r) => r.every((v) => v === ''))) return [];
    return rows;
  }

  write(tab: string, row: number, col: number, values: CellValue[][], formats?: (string | null)[][]): void {
    if (!Number.isInteger(row) || !Number.isInteger(col) || row < 1 || col < 1) throw new Error(`Ogiltig cell (${row}, ${col})`);
    const width = rectangular(values);
    if (formats && (formats.length !== values.length || formats.some((r) => r.length !== width))) throw new Error('Formaten har inte blockets form');
    const hostValues = values.map((r) => r.map(toHost));
    const sheet = this.existing(tab);
    ensureSize(sheet, row + values.length - 1, col + width - 1);
    const range = sheet.getRange(row, col, values.length, width);
    // Formats first, so that a value lands in a cell already formatted for it.
    if (formats && formats.some((r) => r.some((f) => f !== null && f !== undefined))) {
      const partial = formats.some((r) => r.some((f) => f === null || f === undefined));
      if (!partial) range.setNumberFormats(formats as string[][]);
      else if (hasMethod(range, 'getNumberFormats')) {
        const current = range.getNumberFormats();
        range.setNumberFormats(formats.map((r, i) => r.map((f, j) => f ?? current[i][j])));
      } else {
        setFormatBlocks(sheet, row, col, formats);
      }
    }
    range.setValues(hostValues);
  }

  createTab(tab: string, setup: TabSetup): void {
    if (this.sheet(tab)) throw new Error(`Fliken "${tab}" finns redan.`);
    const columns = setup.columns;
    const width = columns.length;
    const data = [columns.map((c) => c.header), ...(setup.rows ?? []).map((r) => columns.map((_, j) => r[j] ?? ''))];
    const sheet = this.ss.insertSheet(tab);
    const height = data.length;
    ensureSize(sheet, height, width);
    const rows = maxRows(sheet);
    // Column formats below the header first, so that pre-filled values land in formatted cells.
    if (rows > 1) {
      columns.forEach((c, j) => {
        if (!c.format) return;
        const range = sheet.getRange(2, j + 1, rows - 1, 1);
        if (hasMethod(range, 'setNumberFormat')) range.setNumberFormat(c.format);
        else range.setNumberFormats(Array.from({ length: rows - 1 }, () => [c.format!]));
      });
    }
    sheet.getRange(1, 1, height, width).setValues(data.map((r) => r.map(toHost)));
    optional(sheet.getRange(1, 1, 1, width), 'setFontWeight', 'bold');
    optional(sheet, 'setFrozenRows', setup.frozenRows ?? 1);
    columns.forEach((c, j) => {
      if (c.width) optional(sheet, 'setColumnWidth', j + 1, c.width);
    });
    if (rows > 1 && typeof SpreadsheetApp.newDataValidation === 'function') {
      columns.forEach((c, j) => {
        const rule = c.validation ? this.validationRule(c.validation, rows) : null;
        if (rule) optional(sheet.getRange(2, j + 1, rows - 1, 1), 'setDataValidation', rule);
      });
    }
    if (setup.protected) protect(sheet);
  }

  private validationRule(v: Validation, _rows: number): GoogleAppsScript.Spreadsheet.DataValidation | null {
    // Forgiving names ("lulea") are valid input, so a drop-down suggests and warns but never refuses.
    try {
      const builder = SpreadsheetApp.newDataValidation();
      if (v.kind === 'list') return builder.requireValueInList(v.values, true).setAllowInvalid(true).build();
      const source = this.sheet(v.tab);
      if (!source) return null;
      const sourceRows = Math.max(2, maxRows(source));
      return builder.requireValueInRange(source.getRange(2, v.column, sourceRows - 1, 1), true).setAllowInvalid(true).build();
    } catch {
      return null; // a drop-down is a help, not a condition for the tab
    }
  }

  drawTab(tab: string, doc: SheetDocument): void {
    const height = doc.rows.length;
    const width = doc.rows.reduce((w, r) => Math.max(w, r.length), Math.max(1, doc.columnWidths.length));
    let sheet = this.sheet(tab);
    if (sheet) clearSheet(sheet);
    else sheet = this.ss.insertSheet(tab);
    if (height > 0) {
      ensureSize(sheet, height, width);
      type Cell = (typeof doc.rows)[number][number];
      const cells: Cell[][] = doc.rows.map((r) => Array.from({ length: width }, (_, j) => r[j] ?? null));
      const range = sheet.getRange(1, 1, height, width);
      const uses = (f: (c: NonNullable<Cell>) => unknown) => cells.some((r) => r.some((c) => c !== null && f(c) !== undefined && f(c) !== false));
      const grid = <T>(f: (c: Cell) => T) => cells.map((r) => r.map(f));
      if (uses((c) => c.format)) range.setNumberFormats(grid((c) => c?.format ?? 'General'));
      range.setValues(grid((c) => toHost(c ? c.value : '')));
      // One call per property for the whole block; each only when the document uses it.
      if (uses((c) => c.bold)) optional(range, 'setFontWeights', grid((c) => (c?.bold ? 'bold' : 'normal')));
      if (uses((c) => c.italic)) optional(range, 'setFontStyles', grid((c) => (c?.italic ? 'italic' : 'normal')));
      if (uses((c) => c.size)) optional(range, 'setFontSizes', grid((c) => c?.size ?? 10));
      if (uses((c) => c.align)) optional(range, 'setHorizontalAlignments', grid((c) => c?.align ?? 'left'));
      if (uses((c) => c.background)) optional(range, 'setBackgrounds', grid((c) => c?.background ?? '#ffffff'));
      if (uses((c) => c.wrap)) optional(range, 'setWraps', grid((c) => c?.wrap ?? false));
    }
    for (const m of doc.merges ?? []) {
      if (m.rows * m.cols > 1) optional(sheet.getRange(m.row, m.col, m.rows, m.cols), 'merge');
    }
    // One call per run of equal widths.
    const widths = doc.columnWidths;
    for (let j = 0; j < widths.length; ) {
      let k = j;
      while (k + 1 < widths.length && widths[k + 1] === widths[j]) k++;
      if (k > j && hasMethod(sheet, 'setColumnWidths')) sheet.setColumnWidths(j + 1, k - j + 1, widths[j]);
      else for (let c = j; c <= k; c++) optional(sheet, 'setColumnWidth', c + 1, widths[c]);
      j = k + 1;
    }
    optional(sheet, 'setHiddenGridlines', true);
  }

  deleteTab(tab: string): void {
    this.ss.deleteSheet(this.existing(tab));
  }
}

/**
 * Formats with holes (null = leave alone) on a host that cannot read formats: one call per run of
 * adjacent columns that are formatted on every row, one per vertical run in the other columns.
 */
function setFormatBlocks(sheet: Sheet, row: number, col: number, formats: (string | null)[][]): void {
  const height = formats.length;
  const width = formats[0].length;
  const full = (j: number) => formats.every((r) => r[j] !== null && r[j] !== undefined);
  for (let j = 0; j < width; ) {
    if (full(j)) {
      let k = j;
      while (k + 1 < width && full(k + 1)) k++;
      sheet.getRange(row, col + j, height, k - j + 1).setNumberFormats(formats.map((r) => r.slice(j, k + 1) as string[]));
      j = k + 1;
      continue;
    }
    for (let i = 0; i < height; ) {
      if (formats[i][j] === null || formats[i][j] === undefined) {
        i++;
        continue;
      }
      let e = i;
      while (e + 1 < height && formats[e + 1][j] !== null && formats[e + 1][j] !== undefined) e++;
      sheet.getRange(row + i, col + j, e - i + 1, 1).setNumberFormats(formats.slice(i, e + 1).map((r) => [r[j] as string]));
      i = e + 1;
    }
    j++;
  }
}

/** Empties a sheet for a redraw: contents, formats and merges (old merges would block new ones). */
function clearSheet(sheet: Sheet): void {
  if (hasMethod(sheet, 'getMaxRows') && hasMethod(sheet, 'getMaxColumns')) {
    optional(sheet.getRange(1, 1, sheet.getMaxRows(), sheet.getMaxColumns()), 'breakApart');
  }
  if (hasMethod(sheet, 'clear')) {
    sheet.clear();
    return;
  }
  // A host without clear(): blank the used range.
  const used = sheet.getDataRange();
  const values = used.getValues();
  used.setValues(values.map((r: unknown[]) => r.map(() => '')));
}

/**
 * Only the script's own account may edit a protected register. Consumer accounts lack domain
 * editing and some hosts lack parts of the API: protection is best effort, never fatal.
 */
function protect(sheet: Sheet): void {
  try {
    const p = sheet.protect();
    if (hasMethod(p, 'setDescription')) p.setDescription(PROTECTION_DESCRIPTION);
    if (hasMethod(p, 'setWarningOnly')) p.setWarningOnly(false);
    let me = '';
    try {
      me = Session.getEffectiveUser().getEmail();
    } catch {
      me = '';
    }
    if (me && hasMethod(p, 'addEditor')) p.addEditor(me);
    if (hasMethod(p, 'getEditors') && hasMethod(p, 'removeEditors')) {
      const others = p.getEditors().filter((u) => u.getEmail() !== me);
      if (others.length > 0) p.removeEditors(others);
    }
    try {
      if (hasMethod(p, 'canDomainEdit') && p.canDomainEdit()) p.setDomainEdit(false);
    } catch {
      // Not available to consumer accounts.
    }
  } catch {
    // A sheet without protection still works; the register's rules are enforced by the script.
  }
}

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
export function hostDateOf(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  const utcMidnight = Date.UTC(y, m - 1, d);
  let t = utcMidnight - stockholmOffset(utcMidnight) * 60000;
  t = utcMidnight - stockholmOffset(t) * 60000;
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
    const width = Math.max(0, ...rows.map((r) => r.length));
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
      let merged = formats as (string | null | undefined)[][];
      if (formats.some((r) => r.some((f) => f === null || f === undefined))) {
        const current = range.getNumberFormats();
        merged = formats.map((r, i) => r.map((f, j) => f ?? current[i][j]));
      }
      range.setNumberFormats(merged as string[][]);
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
    // Column formats below the header, then the values (so pre-filled text lands in text cells).
    if (rows > 1) {
      columns.forEach((c, j) => {
        if (c.format) sheet.getRange(2, j + 1, rows - 1, 1).setNumberFormat(c.format);
      });
    }
    sheet.getRange(1, 1, height, width).setValues(data.map((r) => r.map(toHost)));
    sheet.getRange(1, 1, 1, width).setFontWeight('bold');
    sheet.setFrozenRows(setup.frozenRows ?? 1);
    columns.forEach((c, j) => {
      if (c.width) sheet.setColumnWidth(j + 1, c.width);
    });
    if (rows > 1) {
      columns.forEach((c, j) => {
        const rule = c.validation ? this.validationRule(c.validation, rows) : null;
        if (rule) sheet.getRange(2, j + 1, rows - 1, 1).setDataValidation(rule);
      });
    }
    if (setup.protected) protect(sheet);
  }

  private validationRule(v: Validation, rows: number): GoogleAppsScript.Spreadsheet.DataValidation | null {
    // Forgiving names ("lulea") are valid input, so a drop-down suggests and warns but never refuses.
    const builder = SpreadsheetApp.newDataValidation();
    if (v.kind === 'list') return builder.requireValueInList(v.values, true).setAllowInvalid(true).build();
    const source = this.sheet(v.tab);
    if (!source) return null;
    const sourceRows = Math.max(2, maxRows(source));
    return builder.requireValueInRange(source.getRange(2, v.column, sourceRows - 1, 1), true).setAllowInvalid(true).build();
  }

  drawTab(tab: string, doc: SheetDocument): void {
    const height = doc.rows.length;
    const width = Math.max(1, doc.columnWidths.length, ...doc.rows.map((r) => r.length));
    let sheet = this.sheet(tab);
    if (sheet) {
      // Old merges would block new ones of another shape.
      if (hasMethod(sheet, 'getMaxRows') && hasMethod(sheet, 'getMaxColumns')) {
        const all = sheet.getRange(1, 1, sheet.getMaxRows(), sheet.getMaxColumns());
        if (hasMethod(all, 'breakApart')) all.breakApart();
      }
      sheet.clear();
    } else {
      sheet = this.ss.insertSheet(tab);
    }
    if (height > 0) {
      ensureSize(sheet, height, width);
      const cells = doc.rows.map((r) => Array.from({ length: width }, (_, j) => r[j] ?? null));
      const range = sheet.getRange(1, 1, height, width);
      const any = (f: (c: NonNullable<(typeof cells)[0][0]>) => unknown) => cells.some((r) => r.some((c) => c !== null && f(c) !== undefined && f(c) !== false));
      const grid = <T>(f: (c: NonNullable<(typeof cells)[0][0]> | null) => T) => cells.map((r) => r.map(f));
      if (any((c) => c.format)) range.setNumberFormats(grid((c) => c?.format ?? 'General'));
      range.setValues(grid((c) => toHost(c ? c.value : '')));
      if (any((c) => c.bold)) range.setFontWeights(grid((c) => (c?.bold ? 'bold' : 'normal')));
      if (any((c) => c.italic)) range.setFontStyles(grid((c) => (c?.italic ? 'italic' : 'normal')));
      if (any((c) => c.size)) range.setFontSizes(grid((c) => c?.size ?? 10));
      if (any((c) => c.align)) range.setHorizontalAlignments(grid((c) => c?.align ?? 'left'));
      if (any((c) => c.background)) range.setBackgrounds(grid((c) => c?.background ?? '#ffffff'));
      if (any((c) => c.wrap)) range.setWraps(grid((c) => c?.wrap ?? false));
    }
    for (const m of doc.merges ?? []) {
      if (m.rows * m.cols > 1) sheet.getRange(m.row, m.col, m.rows, m.cols).merge();
    }
    // One call per run of equal widths.
    const widths = doc.columnWidths;
    for (let j = 0; j < widths.length; ) {
      let k = j;
      while (k + 1 < widths.length && widths[k + 1] === widths[j]) k++;
      if (k > j && hasMethod(sheet, 'setColumnWidths')) sheet.setColumnWidths(j + 1, k - j + 1, widths[j]);
      else for (let c = j; c <= k; c++) sheet.setColumnWidth(c + 1, widths[c]);
      j = k + 1;
    }
    if (hasMethod(sheet, 'setHiddenGridlines')) sheet.setHiddenGridlines(true);
  }

  deleteTab(tab: string): void {
    this.ss.deleteSheet(this.existing(tab));
  }
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

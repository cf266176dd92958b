/**
 * The WorkbookPort over SpreadsheetApp. Reading uses only the most common calls
 * (getSheetByName, getDataRange().getValues()) so that it works on any faithful host; every
 * method is a handful of batched calls, never one per row or cell.
 *
 * Values cross between realms here: Dates and Arrays from the host may come from another
 * JavaScript realm, so they are recognised by their tag, never with instanceof.
 */
import { administratorsOf, protectionPolicy, type ProtectionPolicy } from '../workbook/protection';
import { ownerOf, protectSheet } from './protection';
import {
  CalendarDate,
  FORMAT,
  minutesOf,
  type CellBlock,
  type CellValue,
  type DocCell,
  type SheetDocument,
  type TabSetup,
  type Validation,
  type WorkbookPort,
} from '../workbook/port';
import { remembered } from '../core/memo';
import { columnLetters, columnNumber } from '../workbook/cells';
import { TIME_ZONE } from '../app/clock';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/**
 * The zone of the product's calendar when a spreadsheet does not say otherwise (SPEC: Europe/
 * Stockholm). A date cell is an instant at midnight in the spreadsheet's own time zone (File ›
 * Settings), which the port asks with Spreadsheet.getSpreadsheetTimeZone() and converts in.
 */
export { TIME_ZONE };

const isHostDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';

const formats = new Map<string, Intl.DateTimeFormat>();
function partsIn(zone: string, instant: number): (type: string) => number {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formats.set(zone, f);
  }
  const parts = f.formatToParts(new Date(instant));
  return (type: string) => Number(parts.find((p) => p.type === type)!.value);
}

// Answers per zone and instant, keyed by the instant's number: every date cell of every tab read
// passes here, and a key built as text ('zone|instant') cost a string per cell.
const isoCache = new Map<string, Map<number, string>>();
const timeCache = new Map<string, Map<number, string>>();

function zoneCache(caches: Map<string, Map<number, string>>, zone: string): Map<number, string> {
  let cache = caches.get(zone);
  if (!cache) caches.set(zone, (cache = new Map()));
  return cache;
}

/** 'YYYY-MM-DD' of a host Date as a calendar date in `zone` (the spreadsheet's time zone). */
export function isoOfHostDate(d: Date, zone: string = TIME_ZONE): string {
  const t = Date.prototype.getTime.call(d);
  return remembered(zoneCache(isoCache, zone), t, () => {
    const n = partsIn(zone, t);
    return `${String(n('year')).padStart(4, '0')}-${String(n('month')).padStart(2, '0')}-${String(n('day')).padStart(2, '0')}`;
  });
}

/** 'HH:MM' of a host Date's wall clock in `zone`; '' at midnight (a date cell). */
export function timeOfHostDate(d: Date, zone: string = TIME_ZONE): string {
  const t = Date.prototype.getTime.call(d);
  return remembered(zoneCache(timeCache, zone), t, () => {
    const n = partsIn(zone, t);
    const hour = n('hour') % 24;
    const minute = n('minute');
    return hour === 0 && minute === 0 ? '' : `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  });
}

/** Minutes `zone` is ahead of UTC at an instant. */
function offsetIn(zone: string, instant: number): number {
  const n = partsIn(zone, instant);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour') % 24, n('minute'));
  return Math.round((wall - Math.floor(instant / 60000) * 60000) / 60000);
}

const instantCache = new Map<string, number>();

/** A Date at a wall-clock time (minutes past midnight) of a calendar date in `zone`: what a date-time typed into the sheet holds. */
export function hostDateTimeOf(iso: string, minutes: number, zone: string = TIME_ZONE): Date {
  const [y, m, d] = iso.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d, 0, minutes);
  const first = wall - offsetIn(zone, wall) * 60000;
  return new Date(wall - offsetIn(zone, first) * 60000);
}

/** A Date at midnight in `zone` of a calendar date: what a date typed into the sheet holds. */
export function hostDateOf(iso: string, zone: string = TIME_ZONE): Date {
  const t = remembered(instantCache, `${zone}|${iso}`, () => {
    const [y, m, d] = iso.split('-').map(Number);
    const utcMidnight = Date.UTC(y, m - 1, d);
    const first = utcMidnight - offsetIn(zone, utcMidnight) * 60000;
    return utcMidnight - offsetIn(zone, first) * 60000;
  });
  return new Date(t);
}

/** A cell value from getValues as the product sees it; dates are read in `zone`, a time of day other than midnight as a date-time. */
export function fromHost(v: unknown, zone: string = TIME_ZONE): CellValue {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (isHostDate(v)) {
    if (Number.isNaN(Date.prototype.getTime.call(v))) return '';
    const time = timeOfHostDate(v, zone);
    return time ? new CalendarDate(isoOfHostDate(v, zone), time) : new CalendarDate(isoOfHostDate(v, zone));
  }
  return String(v);
}

/**
 * Today's date in the spreadsheet's time zone, with the documented Utilities.formatDate: what
 * the administrator's calendar shows, whatever the script's own zone (appsscript.json).
 * https://developers.google.com/apps-script/reference/utilities/utilities#formatDate(Date,String,String)
 */
export function spreadsheetToday(ss: Spreadsheet = SpreadsheetApp.getActiveSpreadsheet()): string {
  return Utilities.formatDate(new Date(), ss.getSpreadsheetTimeZone(), 'yyyy-MM-dd');
}

const MONTH_WORD = /^\s*(jan|feb|mar|apr|maj|may|jun|jul|aug|sep|okt|oct|nov|dec)[a-zåäö]*\.?\s+\d/i;

/**
 * Whether Sheets would not keep this text as it is: formulas (= + - @), a leading apostrophe,
 * and anything it could read as a number, date, time, percentage, currency or boolean.
 */
export function needsTextGuard(s: string): boolean {
  return /^\s*[=+\-@'\d.,$€£]/.test(s) || /^\s*(true|false|sant|falskt)\s*$/i.test(s) || MONTH_WORD.test(s);
}

/** A product value as written with setValues: text stays text, dates become Dates at midnight in `zone`. */
export function toHost(v: CellValue | null | undefined, zone: string = TIME_ZONE): string | number | boolean | Date {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v !== '' && needsTextGuard(v) ? `'${v}` : v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`Ogiltigt tal: ${v}`);
    return v;
  }
  if (typeof v === 'boolean') return v;
  if (v instanceof CalendarDate || (typeof v === 'object' && typeof (v as { iso?: unknown }).iso === 'string')) {
    return minutesOf(v) ? hostDateTimeOf(v.iso, minutesOf(v), zone) : hostDateOf(v.iso, zone);
  }
  throw new Error(`Ogiltigt cellvärde: ${String(v)}`);
}

/**
 * A value for a cell formatted as plain text ('@'): Sheets keeps a string there as it is, so no
 * apostrophe is put before it (Google documents the apostrophe only as what a person types).
 */
export function toHostText(
  v: CellValue | null | undefined,
  zone: string = TIME_ZONE,
): string | number | boolean | Date {
  return typeof v === 'string' ? v : toHost(v, zone);
}

/** A setter of Range or RangeList, named in a style table: the typecheck refuses a name they lack. */
type RangeSetter = Extract<keyof GoogleAppsScript.Spreadsheet.Range, `set${string}`>;
type RangeListSetter = Extract<keyof GoogleAppsScript.Spreadsheet.RangeList, `set${string}`>;

/** Calls a style setter chosen by name from a style table (setFontWeights, setBackgrounds, …). */
function callStyle(obj: object, name: RangeSetter | RangeListSetter, ...args: unknown[]): void {
  (obj as Record<string, (...a: unknown[]) => unknown>)[name].apply(obj, args);
}

/** Makes sure rows..cols fit in the sheet; new sheets have 1000 rows and 26 columns. */
function ensureSize(sheet: Sheet, lastRow: number, lastCol: number): void {
  const maxRow = sheet.getMaxRows();
  if (lastRow > maxRow) sheet.insertRowsAfter(maxRow, lastRow - maxRow);
  ensureColumns(sheet, lastCol);
}

/**
 * Gives a drawn document's sheet exactly its height in rows (a new sheet has 1000): one call,
 * insertRowsAfter or deleteRows, so that a spreadsheet of a few hundred invoice sheets stays far
 * below Google's 10 million cells, and a redraw never grows a sheet. Columns: see sizeColumns.
 */
function sizeRows(sheet: Sheet, height: number): void {
  const max = sheet.getMaxRows();
  if (height > max) sheet.insertRowsAfter(max, height - max);
  else if (height < max) sheet.deleteRows(height + 1, max - height);
}

/**
 * Gives an invoice's or credit note's sheet exactly its width in columns (a new sheet has 26): the
 * sheets that pile up, one per document. Kontroll and Uppföljning are one tab each and only grow
 * to their width: Uppföljning anchors its charts to the right of its tables.
 */
function sizeColumns(sheet: Sheet, width: number): void {
  const max = sheet.getMaxColumns();
  if (width > max) sheet.insertColumnsAfter(max, width - max);
  else if (width < max) sheet.deleteColumns(width + 1, max - width);
}

function ensureColumns(sheet: Sheet, lastCol: number): void {
  const max = sheet.getMaxColumns();
  if (lastCol > max) sheet.insertColumnsAfter(max, lastCol - max);
}

function maxRows(sheet: Sheet): number {
  return sheet.getMaxRows();
}

function rectangular(values: readonly (readonly unknown[])[]): number {
  if (!Array.isArray(values) || values.length === 0) throw new Error('Tomt block');
  const width = values[0].length;
  if (width === 0 || values.some((r) => !Array.isArray(r) || r.length !== width))
    throw new Error('Blocket är inte rektangulärt');
  return width;
}

export class SheetsPort implements WorkbookPort {
  /**
   * Sheet objects by name, so that a run looks each tab up once: filled by tabNames (one
   * getSheets) or name by name, and kept up to date by the port's own inserts and deletes.
   */
  private readonly sheets = new Map<string, Sheet>();
  /** True once `sheets` holds every tab (after getSheets): a name not in it is no tab. */
  private complete = false;
  /** Rows of data per tab as this port read, created or wrote it (to tell appends from updates). */
  private readonly heights = new Map<string, number>();

  /**
   * How the tabs this port creates or draws protected are protected (SPEC §4 "Who may"): set by
   * the action from the Administratörer it read; otherwise read from Inställningar when needed.
   */
  protection: ProtectionPolicy | undefined;
  private owner: string | undefined;

  constructor(private readonly ss: Spreadsheet = SpreadsheetApp.getActiveSpreadsheet()) {}

  private timeZone: string | undefined;

  /** The spreadsheet's time zone, asked once: the zone its date cells are instants in. */
  zone(): string {
    return (this.timeZone ??= this.ss.getSpreadsheetTimeZone());
  }

  /** Protects a sheet the port created or drew; nobody else is locked out (see gas/protection). */
  private protect(sheet: Sheet): void {
    this.protection ??= protectionPolicy(administratorsOf(this) ?? []);
    this.owner ??= ownerOf(this.ss);
    protectSheet(sheet, this.protection, this.owner);
  }

  private sheet(tab: string): Sheet | null {
    const known = this.sheets.get(tab);
    if (known || this.complete) return known ?? null;
    const sheet = this.ss.getSheetByName(tab);
    if (sheet) this.sheets.set(tab, sheet);
    return sheet;
  }

  private insert(tab: string): Sheet {
    const sheet = this.ss.insertSheet(tab);
    this.sheets.set(tab, sheet);
    return sheet;
  }

  /** A link to a tab ('<spreadsheet url>#gid=<sheet id>'); '' when there is no such tab. */
  link(tab: string): string {
    const sheet = this.sheet(tab);
    if (!sheet) return '';
    this.url ??= this.ss.getUrl().replace(/#.*$/, '');
    return `${this.url}#gid=${sheet.getSheetId()}`;
  }
  private url: string | undefined;

  /** A link to one cell ('<spreadsheet url>#gid=<sheet id>&range=<A1>'), as Kontrollera data links; '' when there is no such tab. */
  cellLink(tab: string, a1: string): string {
    const tabLink = this.link(tab);
    return tabLink && /^[A-Z]{1,3}[0-9]{1,7}$/.test(a1) ? `${tabLink}&range=${a1}` : '';
  }

  private existing(tab: string): Sheet {
    const sheet = this.sheet(tab);
    if (!sheet) throw new Error(`Fliken "${tab}" finns inte.`);
    return sheet;
  }

  tabNames(): string[] {
    if (!this.complete) {
      this.sheets.clear();
      for (const sheet of this.ss.getSheets()) this.sheets.set(sheet.getName(), sheet);
      this.complete = true;
    }
    return [...this.sheets.keys()];
  }

  /**
   * Hides the tabs (Sheet.hideSheet(): "Hides this sheet. Has no effect if the sheet is already
   * hidden"). There is no call that hides several sheets at once, so one call per sheet, on the
   * Sheet objects tabNames found with one getSheets(); a name that is no tab is skipped.
   */
  hideTabs(tabs: readonly string[]): void {
    this.tabNames();
    for (const tab of tabs) this.sheets.get(tab)?.hideSheet();
  }

  /** The tabs of `tabs` that are not hidden (Sheet.isSheetHidden(), one call per named sheet). */
  shownTabs(tabs: readonly string[]): string[] {
    this.tabNames();
    return tabs.filter((tab) => this.sheets.get(tab)?.isSheetHidden() === false);
  }

  read(tab: string): CellValue[][] {
    const sheet = this.sheet(tab);
    if (!sheet) return [];
    const raw: unknown = sheet.getDataRange().getValues();
    if (!Array.isArray(raw)) return [];
    const zone = this.zone();
    // getValues hands over fresh arrays: converted in place rather than copied (tabs of 100 000 rows).
    const rows = raw as CellValue[][];
    for (let i = 0; i < rows.length; i++) {
      const r: unknown = rows[i];
      if (!Array.isArray(r)) rows[i] = [];
      else for (let j = 0; j < r.length; j++) r[j] = fromHost(r[j], zone);
    }
    const width = rows.reduce((w, r) => Math.max(w, r.length), 0); // no spread: tabs may have 100 000 rows
    for (const r of rows) while (r.length < width) r.push('');
    // An empty sheet's data range is A1 alone.
    if (rows.every((r) => r.every((v) => v === ''))) {
      this.heights.set(tab, 0);
      return [];
    }
    this.heights.set(tab, rows.length);
    return rows;
  }

  write(tab: string, row: number, col: number, values: CellValue[][], formats?: (string | null)[][]): void {
    if (!Number.isInteger(row) || !Number.isInteger(col) || row < 1 || col < 1)
      throw new Error(`Ogiltig cell (${row}, ${col})`);
    const width = rectangular(values);
    if (formats && (formats.length !== values.length || formats.some((r) => r.length !== width)))
      throw new Error('Formaten har inte blockets form');
    const zone = this.zone();
    const hostValues = values.map((r) => r.map((v) => toHost(v, zone)));
    const sheet = this.existing(tab);
    const end = row + values.length - 1;
    const height = this.heights.get(tab);
    if (height !== undefined && row > height) {
      // Rows added below the data (a register growing): the sheet grows by as many rows, one
      // call whether or not it had room, so that the calls do not depend on the register's size.
      // Only when it is full: a register keeps its spare rows until they are used.
      const max = sheet.getMaxRows();
      if (end > max) sheet.insertRowsAfter(max, Math.max(values.length, end - max));
      ensureColumns(sheet, col + width - 1);
    } else {
      ensureSize(sheet, end, col + width - 1);
    }
    if (height !== undefined) this.heights.set(tab, Math.max(height, end));
    const range = sheet.getRange(row, col, values.length, width);
    const given = (i: number, j: number): string | null => formats?.[i][j] ?? null;
    // The cells' formats where the block does not set them, read once, only when needed: to keep
    // them under a partial block of formats, and to know the plain-text cells among those that
    // receive text Sheets would not keep as it is.
    const guarded = values.some((r, i) =>
      r.some((v, j) => typeof v === 'string' && v !== '' && needsTextGuard(v) && given(i, j) === null),
    );
    const partial =
      !!formats &&
      formats.some((r) => r.some((f) => f !== null && f !== undefined)) &&
      formats.some((r) => r.some((f) => f === null || f === undefined));
    const current = guarded || partial ? range.getNumberFormats() : null;
    // Formats first, so that a value lands in a cell already formatted for it.
    if (formats && formats.some((r) => r.some((f) => f !== null && f !== undefined))) {
      range.setNumberFormats(
        partial ? formats.map((r, i) => r.map((f, j) => f ?? current![i][j])) : (formats as string[][]),
      );
    }
    const plainText = (i: number, j: number) => (given(i, j) ?? current?.[i][j]) === FORMAT.text;
    range.setValues(values.map((r, i) => r.map((v, j) => (plainText(i, j) ? toHostText(v, zone) : hostValues[i][j]))));
  }

  createTab(tab: string, setup: TabSetup): void {
    if (this.sheet(tab)) throw new Error(`Fliken "${tab}" finns redan.`);
    const columns = setup.columns;
    const width = columns.length;
    const data = [columns.map((c) => c.header), ...(setup.rows ?? []).map((r) => columns.map((_, j) => r[j] ?? ''))];
    const sheet = this.insert(tab);
    const height = data.length;
    ensureSize(sheet, height, width);
    const rows = maxRows(sheet);
    // Column formats below the header first, so that pre-filled values land in formatted cells.
    if (rows > 1) {
      columns.forEach((c, j) => {
        if (!c.format) return;
        const range = sheet.getRange(2, j + 1, rows - 1, 1);
        range.setNumberFormat(c.format);
      });
    }
    const zone = this.zone();
    sheet
      .getRange(1, 1, height, width)
      .setValues(
        data.map((r, i) =>
          r.map((v, j) => (i > 0 && columns[j].format === FORMAT.text ? toHostText(v, zone) : toHost(v, zone))),
        ),
      );
    this.heights.set(tab, height);
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
    if (setup.protected) this.protect(sheet);
  }

  private validationRule(v: Validation, _rows: number): GoogleAppsScript.Spreadsheet.DataValidation | null {
    // Forgiving names ("lulea") are valid input, so a drop-down suggests and warns but never refuses.
    // DataValidation.getAllowInvalid: true "shows a warning when input fails data validation",
    // false "rejects the input entirely" (developers.google.com/apps-script/reference/spreadsheet/data-validation).
    const builder = SpreadsheetApp.newDataValidation();
    if (v.kind === 'list') return builder.requireValueInList(v.values, true).setAllowInvalid(true).build();
    const source = this.sheet(v.tab);
    if (!source) return null;
    const sourceRows = Math.max(2, maxRows(source));
    return builder
      .requireValueInRange(source.getRange(2, v.column, sourceRows - 1, 1), true)
      .setAllowInvalid(true)
      .build();
  }

  drawTab(tab: string, doc: SheetDocument): void {
    const height = doc.rows.length;
    const width = doc.rows.reduce((w, r) => Math.max(w, r.length), Math.max(1, doc.columnWidths.length));
    let sheet = this.sheet(tab);
    if (sheet) clearSheet(sheet);
    else sheet = this.insert(tab);
    this.heights.set(tab, height);
    if (height > 0) {
      sizeRows(sheet, height);
      if (doc.protected) sizeColumns(sheet, width);
      else ensureColumns(sheet, width);
      const cells: (DocCell | null)[][] = doc.rows.map((r) => Array.from({ length: width }, (_, j) => r[j] ?? null));
      const range = sheet.getRange(1, 1, height, width);
      const styles = collectStyles(cells);
      // Grid-shaped styles over the box of their cells, one range per group of styles (the union
      // of their boxes), whatever the boxes: the calls depend on the styles used, not on the data.
      const boxes = new Map<string, { box: Box; range?: Range }>();
      for (const g of styles.grids) {
        const group = boxes.get(g.kind.group);
        if (group) group.box = union(group.box, g.box);
        else boxes.set(g.kind.group, { box: g.box });
      }
      for (const group of boxes.values())
        group.range = sheet.getRange(group.box.row, group.box.col, group.box.rows, group.box.cols);
      const gridOf = (g: GridStyle) => {
        const { box, range: target } = boxes.get(g.kind.group) as { box: Box; range: Range };
        const values = cells
          .slice(box.row - 1, box.row - 1 + box.rows)
          .map((r) =>
            r
              .slice(box.col - 1, box.col - 1 + box.cols)
              .map((c) => (c ? g.kind.value(c) : undefined) ?? g.kind.fallback),
          );
        return { target, values };
      };
      // Number formats first, so that a value lands in a cell already formatted for it.
      const format = styles.grids.find((g) => g.kind === FORMAT_STYLE);
      if (format) {
        const { target, values } = gridOf(format);
        target.setNumberFormats(values as string[][]);
      }
      const zone = this.zone();
      range.setValues(
        cells.map((r) =>
          r.map((c) => (c?.format === FORMAT.text ? toHostText(c.value, zone) : toHost(c ? c.value : '', zone))),
        ),
      );
      for (const g of styles.grids) {
        if (g === format) continue;
        const { target, values } = gridOf(g);
        callStyle(target, g.kind.grid, values);
      }
      // Sparse styles (headings, sums, table heads): one RangeList per distinct value; a new or
      // cleared sheet's other cells already have the defaults.
      for (const l of styles.lists) callStyle(sheet.getRangeList(l.a1s), l.kind.list, l.value);
    }
    drawMerges(sheet, doc.merges ?? []);
    // One call per run of equal widths.
    const widths = doc.columnWidths;
    for (let j = 0; j < widths.length;) {
      let k = j;
      while (k + 1 < widths.length && widths[k + 1] === widths[j]) k++;
      if (k > j) sheet.setColumnWidths(j + 1, k - j + 1, widths[j]);
      else sheet.setColumnWidth(j + 1, widths[j]);
      j = k + 1;
    }
    sheet.setHiddenGridlines(true);
    if (doc.protected) this.protect(sheet);
  }

  deleteTab(tab: string): void {
    this.ss.deleteSheet(this.existing(tab));
    this.sheets.delete(tab);
    this.heights.delete(tab);
  }

  /**
   * One Range.getMergedRanges on the data range: Google documents it as returning "an array of
   * Range objects representing merged cells that either are fully within the current range, or
   * contain at least one cell in the current range"
   * (developers.google.com/apps-script/reference/spreadsheet/range#getmergedranges). Each
   * merge's place is its A1 notation, as the reference's own example reads it: one call per
   * merge (a tab has few), none per row.
   */
  merges(tab: string): CellBlock[] {
    const sheet = this.sheet(tab);
    if (!sheet) return [];
    const out: CellBlock[] = [];
    for (const range of sheet.getDataRange().getMergedRanges()) {
      const block = a1Block(range.getA1Notation());
      if (block) out.push(block);
    }
    return out;
  }
}

/** 'B2:C4' → its block; a lone cell 'B2' is one cell. */
export function a1Block(a1: string): CellBlock | null {
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(a1.replace(/^.*!/, '').toUpperCase());
  if (!m) return null;
  const c1 = columnNumber(m[1]);
  const r1 = Number(m[2]);
  const c2 = m[3] ? columnNumber(m[3]) : c1;
  const r2 = m[4] ? Number(m[4]) : r1;
  return { row: Math.min(r1, r2), col: Math.min(c1, c2), rows: Math.abs(r2 - r1) + 1, cols: Math.abs(c2 - c1) + 1 };
}

type Range = GoogleAppsScript.Spreadsheet.Range;
interface Box {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

function union(a: Box, b: Box): Box {
  const row = Math.min(a.row, b.row);
  const col = Math.min(a.col, b.col);
  return {
    row,
    col,
    rows: Math.max(a.row + a.rows, b.row + b.rows) - row,
    cols: Math.max(a.col + a.cols, b.col + b.cols) - col,
  };
}

/** A style property of document cells: its value in a cell (undefined: not set) and how a host sets it. */
interface StyleKind {
  value: (c: DocCell) => string | number | boolean | undefined;
  /** Range method taking a grid of values, and the value of cells that do not set the style. */
  grid: RangeSetter;
  fallback: string | number | boolean;
  /** RangeList method taking one value (sparse styles only). */
  list: RangeListSetter;
  /** Grid styles of one group share one range over their cells. */
  group: 'table' | 'text' | 'sparse';
}

const FORMAT_STYLE: StyleKind = {
  value: (c) => c.format || undefined,
  grid: 'setNumberFormats',
  fallback: 'General',
  list: 'setNumberFormat',
  group: 'table',
};

/**
 * Styles that cover whole columns of a table (number formats, alignment: group 'table') or a few
 * cells near each other (sizes, wrapping of text: group 'text'): one grid each over the rows and
 * columns between the first and the last cell of the group that sets them.
 */
const GRID_STYLES: StyleKind[] = [
  FORMAT_STYLE,
  {
    value: (c) => c.align,
    grid: 'setHorizontalAlignments',
    fallback: 'left',
    list: 'setHorizontalAlignment',
    group: 'table',
  },
  { value: (c) => c.size, grid: 'setFontSizes', fallback: 10, list: 'setFontSize', group: 'text' },
  { value: (c) => (c.wrap ? true : undefined), grid: 'setWraps', fallback: false, list: 'setWrap', group: 'text' },
];

/**
 * Styles of headings, sums and table heads, spread thinly over the whole sheet: applied only
 * where set, one RangeList per distinct value, whose cost follows its ranges, not the sheet.
 */
const LIST_STYLES: StyleKind[] = [
  {
    value: (c) => (c.bold ? 'bold' : undefined),
    grid: 'setFontWeights',
    fallback: 'normal',
    list: 'setFontWeight',
    group: 'sparse',
  },
  {
    value: (c) => (c.italic ? 'italic' : undefined),
    grid: 'setFontStyles',
    fallback: 'normal',
    list: 'setFontStyle',
    group: 'sparse',
  },
  {
    value: (c) => c.background || undefined,
    grid: 'setBackgrounds',
    fallback: '#ffffff',
    list: 'setBackground',
    group: 'sparse',
  },
];

interface GridStyle {
  kind: StyleKind;
  box: Box;
}

interface ListStyle {
  kind: StyleKind;
  value: string | number | boolean;
  a1s: string[];
}

/** The styles a document uses: each grid style with its box, each sparse style value with its A1 ranges. */
function collectStyles(cells: readonly (readonly (DocCell | null)[])[]): { grids: GridStyle[]; lists: ListStyle[] } {
  const grids: GridStyle[] = [];
  for (const kind of GRID_STYLES) {
    let top = 0,
      bottom = 0,
      left = 0,
      right = 0;
    cells.forEach((r, i) =>
      r.forEach((c, j) => {
        const v = c ? kind.value(c) : undefined;
        if (v === undefined || v === false) return;
        if (top === 0) top = i + 1;
        bottom = i + 1;
        if (left === 0 || j + 1 < left) left = j + 1;
        if (j + 1 > right) right = j + 1;
      }),
    );
    if (top > 0) grids.push({ kind, box: { row: top, col: left, rows: bottom - top + 1, cols: right - left + 1 } });
  }
  const lists: ListStyle[] = [];
  for (const kind of LIST_STYLES) {
    // Per value: rectangles grown from runs of adjacent cells in a row and the same runs in the rows below.
    const byValue = new Map<string | number | boolean, { rects: Box[]; open: Map<string, Box> }>();
    cells.forEach((r, i) => {
      for (let j = 0; j < r.length;) {
        const c = r[j];
        const v = c ? kind.value(c) : undefined;
        if (v === undefined || v === false) {
          j++;
          continue;
        }
        let k = j;
        while (k + 1 < r.length && r[k + 1] && kind.value(r[k + 1]!) === v) k++;
        let entry = byValue.get(v);
        if (!entry) byValue.set(v, (entry = { rects: [], open: new Map() }));
        const key = `${j}:${k}`;
        const above = entry.open.get(key);
        if (above && above.row + above.rows === i + 1) above.rows += 1;
        else {
          const rect = { row: i + 1, col: j + 1, rows: 1, cols: k - j + 1 };
          entry.rects.push(rect);
          entry.open.set(key, rect);
        }
        j = k + 1;
      }
    });
    for (const [value, { rects }] of byValue) {
      const a1s = rects.map((b) => {
        const first = `${columnLetters(b.col)}${b.row}`;
        return b.rows === 1 && b.cols === 1
          ? first
          : `${first}:${columnLetters(b.col + b.cols - 1)}${b.row + b.rows - 1}`;
      });
      lists.push({ kind, value, a1s });
    }
  }
  return { grids, lists };
}

/**
 * Merges: one merge per block, except rows merged the same way one under the other, which one
 * mergeAcross merges at once.
 */
function drawMerges(sheet: Sheet, merges: NonNullable<SheetDocument['merges']>): void {
  const blocks = merges.filter((m) => m.rows * m.cols > 1);
  for (let i = 0; i < blocks.length;) {
    const m = blocks[i];
    let n = 1;
    if (m.rows === 1) {
      while (
        i + n < blocks.length &&
        blocks[i + n].rows === 1 &&
        blocks[i + n].col === m.col &&
        blocks[i + n].cols === m.cols &&
        blocks[i + n].row === m.row + n
      )
        n++;
    }
    const range = sheet.getRange(m.row, m.col, m.rows * n, m.cols);
    if (n === 1) range.merge();
    else range.mergeAcross();
    i += n;
  }
}

/** Empties a sheet for a redraw: contents, formats and merges (old merges would block new ones). */
function clearSheet(sheet: Sheet): void {
  sheet.getRange(1, 1, sheet.getMaxRows(), sheet.getMaxColumns()).breakApart();
  sheet.clear();
}

// The fake Sheet of SpreadsheetApp (see spreadsheet.ts), counted through countCalls.
import { type Box, isDate, parseA1, splitSheetRef, type Stored } from './values';
import type { Tracker } from './env';
import { countCalls } from './counting';
import { outValue, copy, isEditing, type Cell, type SeedValue } from './cells';
import { FakeRange, FakeRangeList } from './range';
import { PROTECTED_CELL_ERROR, FakeProtection } from './protection';
import type { FakeSpreadsheet } from './spreadsheet';

type GRange = GoogleAppsScript.Spreadsheet.Range;
type GRangeList = GoogleAppsScript.Spreadsheet.RangeList;
type GSheet = GoogleAppsScript.Spreadsheet.Sheet;
type GSpreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type GProtection = GoogleAppsScript.Spreadsheet.Protection;

const SHEET_METHODS = [
  'getName',
  'setName',
  'getSheetId',
  'getIndex',
  'getParent',
  'getDataRange',
  'getRange',
  'getLastRow',
  'getLastColumn',
  'getMaxRows',
  'getMaxColumns',
  'insertRowsAfter',
  'deleteRows',
  'getRangeList',
  'insertColumnsAfter',
  'deleteColumns',
  'setFrozenRows',
  'getFrozenRows',
  'setFrozenColumns',
  'getFrozenColumns',
  'setColumnWidth',
  'setColumnWidths',
  'getColumnWidth',
  'setRowHeight',
  'protect',
  'getProtections',
  'clear',
  'clearContents',
  'clearFormats',
  'setHiddenGridlines',
  'hasHiddenGridlines',
  'setTabColor',
  'activate',
  'hideSheet',
  'showSheet',
  'isSheetHidden',
] as const;
type SheetMethods = (typeof SHEET_METHODS)[number];

export class FakeSheet implements Pick<GSheet, SheetMethods> {
  /** 1-based rows of 1-based cells; sparse. */
  rows: (Cell | undefined)[][] = [];
  maxRows = 1000;
  maxCols = 26;
  frozenRows = 0;
  frozenCols = 0;
  columnWidths = new Map<number, number>();
  rowHeights = new Map<number, number>();
  merges: Box[] = [];
  protection: FakeProtection | null = null;
  hiddenGridlines = false;
  hidden = false;
  tabColor: string | null = null;

  constructor(
    private readonly t: Tracker,
    readonly spreadsheet: FakeSpreadsheet,
    public name: string,
    readonly sheetId: number,
  ) {}

  private self(): GSheet {
    return this as unknown as GSheet;
  }

  /** Throws Google's error when the current user may not edit this sheet (its protection). */
  checkEditable(): void {
    if (this.protection && !this.protection.allows(this.spreadsheet.currentUser()))
      throw new Error(`Exception: ${PROTECTED_CELL_ERROR}`);
  }

  // ---- internals and test helpers (not counted) ----

  cellAt(row: number, col: number, create: true): Cell;
  cellAt(row: number, col: number, create: false): Cell | undefined;
  cellAt(row: number, col: number, create: boolean): Cell | undefined {
    let r = this.rows[row];
    if (!r) {
      if (!create) return undefined;
      r = this.rows[row] = [];
    }
    let c = r[col];
    if (!c && create) c = r[col] = { value: '', formula: '' };
    return c;
  }

  checkBounds(box: Box): void {
    if (box.row < 1 || box.col < 1 || box.rows < 1 || box.cols < 1) {
      throw new Error(
        box.rows < 1 || box.cols < 1 ? 'The number of rows in the range must be at least 1.' : 'Range not found',
      );
    }
    if (box.row + box.rows - 1 > this.maxRows || box.col + box.cols - 1 > this.maxCols) {
      throw new Error('The coordinates of the range are outside the dimensions of the sheet.');
    }
  }

  hasContent(c: Cell | undefined): boolean {
    return !!c && (c.formula !== '' || c.value !== '');
  }

  lastRow(): number {
    for (let r = this.rows.length - 1; r >= 1; r--) if (this.rows[r]?.some((c) => this.hasContent(c))) return r;
    return 0;
  }
  lastColumn(): number {
    let last = 0;
    for (const r of this.rows) {
      if (!r) continue;
      for (let c = r.length - 1; c > last; c--) if (this.hasContent(r[c])) last = c;
    }
    return last;
  }

  /** Writes seed values as stored (strings are not parsed), growing the sheet as needed. */
  seed(values: SeedValue[][], row = 1, col = 1): void {
    const width = values.reduce((w, r) => Math.max(w, r.length), 0);
    this.maxRows = Math.max(this.maxRows, row + values.length - 1);
    this.maxCols = Math.max(this.maxCols, col + width - 1);
    values.forEach((r, i) =>
      r.forEach((v, j) => {
        const cell = this.cellAt(row + i, col + j, true);
        if (v !== null && typeof v === 'object' && !isDate(v)) {
          cell.formula = v.formula;
          cell.value = v.value ?? '';
        } else {
          cell.value = v === null || v === undefined ? '' : copy(v);
          cell.formula = '';
        }
      }),
    );
  }

  /** The data range's values as getValues would return them ([] for an empty sheet). */
  values(): Stored[][] {
    const h = this.lastRow(),
      w = this.lastColumn();
    const out: Stored[][] = [];
    for (let r = 1; r <= h; r++) {
      const row: Stored[] = [];
      for (let c = 1; c <= w; c++) row.push(outValue(this.cellAt(r, c, false)));
      out.push(row);
    }
    return out;
  }

  /** Any per-cell property over the data range (formulas, formats, fontWeight, …). */
  grid<K extends keyof Cell>(key: K, fallback: NonNullable<Cell[K]>): NonNullable<Cell[K]>[][] {
    const h = this.lastRow(),
      w = this.lastColumn();
    const out: NonNullable<Cell[K]>[][] = [];
    for (let r = 1; r <= h; r++) {
      const row: NonNullable<Cell[K]>[] = [];
      for (let c = 1; c <= w; c++) row.push((this.cellAt(r, c, false)?.[key] ?? fallback) as NonNullable<Cell[K]>);
      out.push(row);
    }
    return out;
  }

  /** A cell by A1 notation, for assertions (undefined when never touched). */
  cell(ref: string): Cell | undefined {
    const box = parseA1(ref, this.maxRows, this.maxCols);
    return this.cellAt(box.row, box.col, false);
  }

  // ---- the Sheet service ----

  getName(): string {
    return this.name;
  }
  setName(name: string): GSheet {
    if (this.spreadsheet.sheets.some((s) => s !== this && s.name.toLowerCase() === name.toLowerCase())) {
      throw new Error(`A sheet with the name "${name}" already exists. Please enter another name.`);
    }
    this.name = name;
    return this.self();
  }
  getSheetId(): number {
    return this.sheetId;
  }
  getIndex(): number {
    return this.spreadsheet.sheets.indexOf(this) + 1;
  }
  getParent(): GSpreadsheet {
    return this.spreadsheet as unknown as GSpreadsheet;
  }
  getDataRange(): GRange {
    return new FakeRange(this.t, this, {
      row: 1,
      col: 1,
      rows: Math.max(1, this.lastRow()),
      cols: Math.max(1, this.lastColumn()),
    }) as unknown as GRange;
  }
  getRange(a: number | string, column?: number, numRows?: number, numColumns?: number): GRange {
    if (typeof a === 'string') {
      const { sheet, range } = splitSheetRef(a);
      if (sheet !== null && sheet !== this.name) throw new Error('Range not found');
      return new FakeRange(this.t, this, parseA1(range, this.maxRows, this.maxCols)) as unknown as GRange;
    }
    for (const n of [a, column, numRows, numColumns]) {
      if (n !== undefined && (typeof n !== 'number' || !Number.isInteger(n))) {
        throw new Error(
          `Exception: The parameters (${[a, column, numRows, numColumns]
            .filter((x) => x !== undefined)
            .map((x) => typeof x)
            .join(',')}) don't match the method signature for SpreadsheetApp.Sheet.getRange.`,
        );
      }
    }
    if (column === undefined)
      throw new Error(
        "Exception: The parameters (number) don't match the method signature for SpreadsheetApp.Sheet.getRange.",
      );
    return new FakeRange(this.t, this, {
      row: a,
      col: column,
      rows: numRows ?? 1,
      cols: numColumns ?? 1,
    }) as unknown as GRange;
  }
  getLastRow(): number {
    return this.lastRow();
  }
  getLastColumn(): number {
    return this.lastColumn();
  }
  getMaxRows(): number {
    return this.maxRows;
  }
  getMaxColumns(): number {
    return this.maxCols;
  }
  insertRowsAfter(afterPosition: number, howMany: number): GSheet {
    if (afterPosition < 1 || afterPosition > this.maxRows || howMany < 1)
      throw new Error('Those rows are out of bounds.');
    this.spreadsheet.checkCellLimit(howMany * this.maxCols);
    // Rows past the last stored one are implicit (the array is sparse): nothing to shift.
    if (afterPosition + 1 < this.rows.length)
      this.rows.splice(afterPosition + 1, 0, ...new Array(howMany).fill(undefined));
    this.maxRows += howMany;
    return this.self();
  }
  /** A RangeList of A1 ranges of this sheet ('A1', 'B2:D4'); a range outside the sheet throws like getRange. */
  getRangeList(a1Notations: string[]): GRangeList {
    if (!Array.isArray(a1Notations) || a1Notations.length === 0)
      throw new Error(
        "Exception: The parameters () don't match the method signature for SpreadsheetApp.Sheet.getRangeList.",
      );
    const boxes = a1Notations.map((ref) => {
      const { sheet, range } = splitSheetRef(String(ref));
      if (sheet !== null && sheet !== this.name) throw new Error('Range not found');
      const box = parseA1(range, this.maxRows, this.maxCols);
      this.checkBounds(box);
      return box;
    });
    return new FakeRangeList(this.t, this, boxes) as unknown as GRangeList;
  }
  /** Deletes rows; a sheet keeps at least one row that is not frozen, as in Sheets. */
  deleteRows(rowPosition: number, howMany: number): void {
    if (rowPosition < 1 || howMany < 1 || rowPosition + howMany - 1 > this.maxRows)
      throw new Error('Those rows are out of bounds.');
    if (this.maxRows - howMany < 1) throw new Error('Sorry, it is not possible to delete all non-frozen rows.');
    this.rows.splice(rowPosition, howMany);
    this.merges = this.merges.filter((m) => m.row + m.rows - 1 < rowPosition);
    this.maxRows -= howMany;
  }
  insertColumnsAfter(afterPosition: number, howMany: number): GSheet {
    if (afterPosition < 1 || afterPosition > this.maxCols || howMany < 1)
      throw new Error('Those columns are out of bounds.');
    this.spreadsheet.checkCellLimit(howMany * this.maxRows);
    for (const r of this.rows) if (r) r.splice(afterPosition + 1, 0, ...new Array(howMany).fill(undefined));
    this.maxCols += howMany;
    return this.self();
  }
  /** Deletes columns, cells to their right moving left; a sheet keeps at least one column that is not frozen. */
  deleteColumns(columnPosition: number, howMany: number): void {
    if (columnPosition < 1 || howMany < 1 || columnPosition + howMany - 1 > this.maxCols)
      throw new Error('Those columns are out of bounds.');
    if (this.maxCols - howMany < 1) throw new Error('Sorry, it is not possible to delete all non-frozen columns.');
    for (const r of this.rows) if (r) r.splice(columnPosition, howMany);
    this.merges = this.merges.filter((m) => m.col + m.cols - 1 < columnPosition);
    const widths = [...this.columnWidths];
    this.columnWidths.clear();
    for (const [c, w] of widths) {
      if (c < columnPosition) this.columnWidths.set(c, w);
      else if (c >= columnPosition + howMany) this.columnWidths.set(c - howMany, w);
    }
    this.maxCols -= howMany;
  }
  setFrozenRows(rows: number): void {
    this.frozenRows = rows;
  }
  getFrozenRows(): number {
    return this.frozenRows;
  }
  setFrozenColumns(columns: number): void {
    this.frozenCols = columns;
  }
  getFrozenColumns(): number {
    return this.frozenCols;
  }
  setColumnWidth(columnPosition: number, width: number): GSheet {
    if (columnPosition < 1 || columnPosition > this.maxCols) throw new Error('Those columns are out of bounds.');
    this.columnWidths.set(columnPosition, width);
    return this.self();
  }
  setColumnWidths(startColumn: number, numColumns: number, width: number): GSheet {
    if (startColumn < 1 || startColumn + numColumns - 1 > this.maxCols)
      throw new Error('Those columns are out of bounds.');
    for (let c = startColumn; c < startColumn + numColumns; c++) this.columnWidths.set(c, width);
    return this.self();
  }
  getColumnWidth(columnPosition: number): number {
    return this.columnWidths.get(columnPosition) ?? 100;
  }
  setRowHeight(rowPosition: number, height: number): GSheet {
    this.rowHeights.set(rowPosition, height);
    return this.self();
  }
  protect(): GProtection {
    if (!this.protection) this.protection = new FakeProtection(this.t, this);
    return this.protection as unknown as GProtection;
  }
  getProtections(type: GoogleAppsScript.Spreadsheet.ProtectionType): GProtection[] {
    return String(type) === 'SHEET' && this.protection ? [this.protection as unknown as GProtection] : [];
  }
  clear(): GSheet {
    // Contents and formats go; data validations stay, as in Sheets.
    for (const r of this.rows) {
      if (!r) continue;
      r.forEach((c, j) => {
        if (c) r[j] = c.validation ? { value: '', formula: '', validation: c.validation } : undefined;
      });
    }
    this.merges = [];
    return this.self();
  }
  clearContents(): GSheet {
    for (const r of this.rows) for (const c of r ?? []) if (c) ((c.value = ''), (c.formula = ''));
    return this.self();
  }
  clearFormats(): GSheet {
    for (const r of this.rows) {
      if (!r) continue;
      r.forEach((c, j) => {
        if (c) r[j] = { value: c.value, formula: c.formula, validation: c.validation, note: c.note };
      });
    }
    return this.self();
  }
  setHiddenGridlines(hideGridlines: boolean): GSheet {
    this.hiddenGridlines = hideGridlines;
    return this.self();
  }
  hasHiddenGridlines(): boolean {
    return this.hiddenGridlines;
  }
  setTabColor(color: string | null): GSheet {
    this.tabColor = color;
    return this.self();
  }
  activate(): GSheet {
    this.spreadsheet.active = this;
    return this.self();
  }
  hideSheet(): GSheet {
    this.hidden = true;
    return this.self();
  }
  showSheet(): GSheet {
    this.hidden = false;
    return this.self();
  }
  isSheetHidden(): boolean {
    return this.hidden;
  }
}
countCalls(FakeSheet, 'Sheet', SHEET_METHODS, {
  tracker: (sheet) => sheet['t'],
  target: (sheet) => sheet.name,
  before: (sheet, method) => {
    if (method !== 'protect' && isEditing(method)) sheet.checkEditable();
  },
});

// The fake Range, RangeList and DataValidation of SpreadsheetApp (see spreadsheet.ts), counted through
// countCalls.
import { a1, type Box } from './values';
import type { Tracker } from './env';
import { countCalls } from './counting';
import {
  sameShape,
  outValue,
  copy,
  isEditing,
  writeValue,
  writeFormula,
  displayOf,
  overlaps,
  type Cell,
} from './cells';
import type { FakeSheet } from './sheet';

type GRange = GoogleAppsScript.Spreadsheet.Range;
type GRangeList = GoogleAppsScript.Spreadsheet.RangeList;
type GSheet = GoogleAppsScript.Spreadsheet.Sheet;
type GProtection = GoogleAppsScript.Spreadsheet.Protection;
type GValidation = GoogleAppsScript.Spreadsheet.DataValidation;
type GValidationBuilder = GoogleAppsScript.Spreadsheet.DataValidationBuilder;

const DATA_VALIDATION_METHODS = [
  'getCriteriaType',
  'getCriteriaValues',
  'getAllowInvalid',
  'getHelpText',
  'copy',
] as const satisfies readonly (keyof GValidation)[];

export class FakeDataValidation implements Pick<GValidation, (typeof DATA_VALIDATION_METHODS)[number]> {
  constructor(
    private readonly t: Tracker,
    readonly criteria: 'VALUE_IN_LIST' | 'VALUE_IN_RANGE',
    readonly values: unknown[],
    readonly allowInvalid: boolean,
    readonly helpText: string,
  ) {}
  getCriteriaType(): GoogleAppsScript.Spreadsheet.DataValidationCriteria {
    return this.criteria as unknown as GoogleAppsScript.Spreadsheet.DataValidationCriteria;
  }
  getCriteriaValues(): any[] {
    return [...this.values];
  }
  getAllowInvalid(): boolean {
    return this.allowInvalid;
  }
  getHelpText(): string {
    return this.helpText;
  }
  copy(): GValidationBuilder {
    const b = new FakeDataValidationBuilder(this.t);
    b.state = {
      criteria: this.criteria,
      values: [...this.values],
      allowInvalid: this.allowInvalid,
      helpText: this.helpText,
    };
    return b as unknown as GValidationBuilder;
  }
  /** Test helper: a readable description, e.g. { list: ['Ja','Nej'] } or { range: 'Kommuner!A2:A1000' }. */
  describe(): { list: string[] } | { range: string } {
    if (this.criteria === 'VALUE_IN_LIST') return { list: this.values[0] as string[] };
    return { range: (this.values[0] as FakeRange).qualifiedA1() };
  }
}
countCalls(FakeDataValidation, 'DataValidation', DATA_VALIDATION_METHODS, { tracker: (self) => self['t'] });

const DATA_VALIDATION_BUILDER_METHODS = [
  'requireValueInList',
  'requireValueInRange',
  'setAllowInvalid',
  'setHelpText',
  'build',
] as const satisfies readonly (keyof GValidationBuilder)[];

export class FakeDataValidationBuilder implements Pick<
  GValidationBuilder,
  (typeof DATA_VALIDATION_BUILDER_METHODS)[number]
> {
  state: {
    criteria: 'VALUE_IN_LIST' | 'VALUE_IN_RANGE' | null;
    values: unknown[];
    allowInvalid: boolean;
    helpText: string;
  } = {
    criteria: null,
    values: [],
    allowInvalid: true,
    helpText: '',
  };
  constructor(private readonly t: Tracker) {}
  private self(): GValidationBuilder {
    return this as unknown as GValidationBuilder;
  }
  requireValueInList(values: string[], showDropdown?: boolean): GValidationBuilder {
    if (!Array.isArray(values)) throw new Error('requireValueInList: values must be an array');
    this.state.criteria = 'VALUE_IN_LIST';
    this.state.values = [[...values].map(String), showDropdown ?? true];
    return this.self();
  }
  requireValueInRange(range: GRange, showDropdown?: boolean): GValidationBuilder {
    if (!(range instanceof FakeRange)) throw new Error('requireValueInRange: not a Range of this spreadsheet');
    this.state.criteria = 'VALUE_IN_RANGE';
    this.state.values = [range, showDropdown ?? true];
    return this.self();
  }
  setAllowInvalid(allowInvalidData: boolean): GValidationBuilder {
    this.state.allowInvalid = allowInvalidData;
    return this.self();
  }
  setHelpText(helpText: string): GValidationBuilder {
    this.state.helpText = helpText;
    return this.self();
  }
  build(): GValidation {
    if (!this.state.criteria)
      throw new Error('You must specify a criteria type before building a data validation rule.');
    return new FakeDataValidation(
      this.t,
      this.state.criteria,
      this.state.values,
      this.state.allowInvalid,
      this.state.helpText,
    ) as unknown as GValidation;
  }
}
countCalls(FakeDataValidationBuilder, 'DataValidationBuilder', DATA_VALIDATION_BUILDER_METHODS, {
  tracker: (self) => self['t'],
});

const RANGE_METHODS = [
  'getA1Notation',
  'getRow',
  'getColumn',
  'getNumRows',
  'getNumColumns',
  'getLastRow',
  'getLastColumn',
  'getSheet',
  'getValues',
  'getValue',
  'getDisplayValues',
  'getDisplayValue',
  'getFormulas',
  'getFormula',
  'getNumberFormats',
  'getNumberFormat',
  'getFontWeights',
  'getBackgrounds',
  'getDataValidations',
  'getDataValidation',
  'getMergedRanges',
  'getCell',
  'offset',
  'setValues',
  'setValue',
  'setFormulas',
  'setFormula',
  'setNumberFormats',
  'setNumberFormat',
  'setFontWeights',
  'setFontWeight',
  'setFontStyles',
  'setFontStyle',
  'setFontSizes',
  'setFontSize',
  'setFontColors',
  'setFontColor',
  'setBackgrounds',
  'setBackground',
  'setHorizontalAlignments',
  'setHorizontalAlignment',
  'setVerticalAlignment',
  'setWraps',
  'setWrap',
  'setNote',
  'setDataValidations',
  'setDataValidation',
  'merge',
  'mergeAcross',
  'breakApart',
  'clear',
  'clearContent',
  'clearFormat',
  'protect',
  'activate',
] as const;
type RangeMethods = (typeof RANGE_METHODS)[number];

export class FakeRange implements Pick<GRange, RangeMethods> {
  constructor(
    private readonly t: Tracker,
    readonly sheet: FakeSheet,
    readonly box: Box,
  ) {
    sheet.checkBounds(box);
  }
  private self(): GRange {
    return this as unknown as GRange;
  }
  /** "Tab!A1:B2" (test helper, not counted). */
  qualifiedA1(): string {
    return `${this.sheet.name}!${a1(this.box)}`;
  }
  // each and map walk the sheet's row arrays directly (what cellAt does, once per row instead of
  // per cell): the call-count test moves hundreds of thousands of cells through them.
  /** Visits every cell, creating it for writes. */
  private each(fn: (cell: Cell, i: number, j: number) => void): void {
    const { row, col, rows, cols } = this.box;
    const sheetRows = this.sheet.rows;
    for (let i = 0; i < rows; i++) {
      const r = (sheetRows[row + i] ??= []);
      for (let j = 0; j < cols; j++) fn((r[col + j] ??= { value: '', formula: '' }), i, j);
    }
  }
  private map<T>(fn: (cell: Cell | undefined) => T): T[][] {
    const { row, col, rows, cols } = this.box;
    const sheetRows = this.sheet.rows;
    const out: T[][] = [];
    for (let i = 0; i < rows; i++) {
      const r = sheetRows[row + i];
      const line: T[] = [];
      for (let j = 0; j < cols; j++) line.push(fn(r?.[col + j]));
      out.push(line);
    }
    return out;
  }
  private set2d<T>(method: string, data: unknown, apply: (cell: Cell, v: T) => void): GRange {
    const rows = sameShape(method, data, this.box);
    this.each((cell, i, j) => apply(cell, rows[i][j] as T));
    return this.self();
  }
  private setAll<T>(_method: string, v: T, apply: (cell: Cell, v: T) => void): GRange {
    this.each((cell) => apply(cell, v));
    return this.self();
  }

  getA1Notation(): string {
    return a1(this.box);
  }
  getRow(): number {
    return this.box.row;
  }
  getColumn(): number {
    return this.box.col;
  }
  getNumRows(): number {
    return this.box.rows;
  }
  getNumColumns(): number {
    return this.box.cols;
  }
  getLastRow(): number {
    return this.box.row + this.box.rows - 1;
  }
  getLastColumn(): number {
    return this.box.col + this.box.cols - 1;
  }
  getSheet(): GSheet {
    return this.sheet as unknown as GSheet;
  }
  getCell(row: number, column: number): GRange {
    if (row < 1 || column < 1 || row > this.box.rows || column > this.box.cols)
      throw new Error('Cell reference out of range');
    return new FakeRange(this.t, this.sheet, {
      row: this.box.row + row - 1,
      col: this.box.col + column - 1,
      rows: 1,
      cols: 1,
    }).self();
  }
  offset(rowOffset: number, columnOffset: number, numRows?: number, numColumns?: number): GRange {
    return new FakeRange(this.t, this.sheet, {
      row: this.box.row + rowOffset,
      col: this.box.col + columnOffset,
      rows: numRows ?? this.box.rows,
      cols: numColumns ?? this.box.cols,
    }).self();
  }

  getValues(): any[][] {
    return this.map(outValue);
  }
  getValue(): any {
    return outValue(this.sheet.cellAt(this.box.row, this.box.col, false));
  }
  /** Approximate: numbers and dates are not formatted with the cell's pattern (never parse display values). */
  getDisplayValues(): string[][] {
    return this.map((c) => displayOf(c, this.sheet.spreadsheet.options.timeZone));
  }
  getDisplayValue(): string {
    return displayOf(this.sheet.cellAt(this.box.row, this.box.col, false), this.sheet.spreadsheet.options.timeZone);
  }
  getFormulas(): string[][] {
    return this.map((c) => c?.formula ?? '');
  }
  getFormula(): string {
    return this.sheet.cellAt(this.box.row, this.box.col, false)?.formula ?? '';
  }
  getNumberFormats(): string[][] {
    return this.map((c) => c?.format ?? 'General');
  }
  getNumberFormat(): string {
    return this.sheet.cellAt(this.box.row, this.box.col, false)?.format ?? 'General';
  }
  getFontWeights(): GoogleAppsScript.Spreadsheet.FontWeight[][] {
    return this.map((c) => (c?.fontWeight ?? 'normal') as GoogleAppsScript.Spreadsheet.FontWeight);
  }
  getBackgrounds(): string[][] {
    return this.map((c) => c?.background ?? '#ffffff');
  }
  getDataValidations(): (GValidation | null)[][] {
    return this.map((c) => (c?.validation ?? null) as unknown as GValidation | null);
  }
  getDataValidation(): GValidation | null {
    return (this.sheet.cellAt(this.box.row, this.box.col, false)?.validation ?? null) as unknown as GValidation | null;
  }
  /**
   * "Returns an array of Range objects representing merged cells that either are fully within the
   * current range, or contain at least one cell in the current range" (Range.getMergedRanges,
   * developers.google.com/apps-script/reference/spreadsheet/range#getmergedranges): every merge
   * that overlaps the range, whole.
   */
  getMergedRanges(): GRange[] {
    return this.sheet.merges
      .filter((m) => overlaps(m, this.box))
      .map((m) => new FakeRange(this.t, this.sheet, m).self());
  }

  setValues(values: any[][]): GRange {
    const tz = this.sheet.spreadsheet.options.timeZone;
    return this.set2d('setValues', values, (cell, v: unknown) => writeValue(cell, v, tz));
  }
  setValue(value: any): GRange {
    const tz = this.sheet.spreadsheet.options.timeZone;
    return this.setAll('setValue', value, (cell, v: unknown) => writeValue(cell, v, tz));
  }
  setFormulas(formulas: string[][]): GRange {
    return this.set2d('setFormulas', formulas, (cell, f: string) => writeFormula(cell, f));
  }
  setFormula(formula: string): GRange {
    return this.setAll('setFormula', formula, writeFormula);
  }
  setNumberFormats(numberFormats: string[][]): GRange {
    return this.set2d('setNumberFormats', numberFormats, (cell, f: string) => (cell.format = String(f)));
  }
  setNumberFormat(numberFormat: string): GRange {
    return this.setAll('setNumberFormat', numberFormat, (cell, f) => (cell.format = String(f)));
  }
  setFontWeights(fontWeights: any[][]): GRange {
    return this.set2d('setFontWeights', fontWeights, (cell, w: string | null) => (cell.fontWeight = w ?? 'normal'));
  }
  setFontWeight(fontWeight: any): GRange {
    return this.setAll('setFontWeight', fontWeight as string | null, (cell, w) => (cell.fontWeight = w ?? 'normal'));
  }
  setFontStyles(fontStyles: any[][]): GRange {
    return this.set2d('setFontStyles', fontStyles, (cell, s: string | null) => (cell.fontStyle = s ?? 'normal'));
  }
  setFontStyle(fontStyle: any): GRange {
    return this.setAll('setFontStyle', fontStyle as string | null, (cell, s) => (cell.fontStyle = s ?? 'normal'));
  }
  setFontSizes(sizes: number[][]): GRange {
    return this.set2d('setFontSizes', sizes, (cell, s: number) => (cell.fontSize = s));
  }
  setFontSize(size: number): GRange {
    return this.setAll('setFontSize', size, (cell, s) => (cell.fontSize = s));
  }
  setFontColors(colors: any[][]): GRange {
    return this.set2d('setFontColors', colors, (cell, c: string) => (cell.fontColor = c ?? undefined));
  }
  setFontColor(color: any): GRange {
    return this.setAll('setFontColor', color as string, (cell, c) => (cell.fontColor = c ?? undefined));
  }
  setBackgrounds(color: string[][]): GRange {
    return this.set2d('setBackgrounds', color, (cell, c: string | null) => (cell.background = c ?? undefined));
  }
  setBackground(color: string | null): GRange {
    return this.setAll('setBackground', color, (cell, c) => (cell.background = c ?? undefined));
  }
  setHorizontalAlignments(alignments: any[][]): GRange {
    return this.set2d(
      'setHorizontalAlignments',
      alignments,
      (cell, a: string | null) => (cell.hAlign = a ?? undefined),
    );
  }
  setHorizontalAlignment(alignment: any): GRange {
    return this.setAll(
      'setHorizontalAlignment',
      alignment as string | null,
      (cell, a) => (cell.hAlign = a ?? undefined),
    );
  }
  setVerticalAlignment(alignment: any): GRange {
    return this.setAll('setVerticalAlignment', alignment as string | null, (cell, a) => (cell.vAlign = a ?? undefined));
  }
  setWraps(isWrapEnabled: boolean[][]): GRange {
    return this.set2d('setWraps', isWrapEnabled, (cell, w: boolean) => (cell.wrap = !!w));
  }
  setWrap(isWrapEnabled: boolean): GRange {
    return this.setAll('setWrap', isWrapEnabled, (cell, w) => (cell.wrap = !!w));
  }
  setNote(note: string | null): GRange {
    return this.setAll('setNote', note, (cell, n) => (cell.note = n ?? undefined));
  }
  setDataValidations(rules: (GValidation | null)[][]): GRange {
    return this.set2d('setDataValidations', rules, (cell, r: unknown) => (cell.validation = checkRule(r)));
  }
  setDataValidation(rule: GValidation | null): GRange {
    return this.setAll('setDataValidation', rule as unknown, (cell, r) => (cell.validation = checkRule(r)));
  }
  merge(): GRange {
    if (this.sheet.merges.some((m) => overlaps(m, this.box))) {
      throw new Error('You must select all cells in a merged range to merge or unmerge them.');
    }
    if (this.box.rows * this.box.cols > 1) this.sheet.merges.push({ ...this.box });
    return this.self();
  }
  /** Merges each row of the range across its columns (one merged block per row). */
  mergeAcross(): GRange {
    if (this.sheet.merges.some((m) => overlaps(m, this.box))) {
      throw new Error('You must select all cells in a merged range to merge or unmerge them.');
    }
    if (this.box.cols > 1) {
      for (let i = 0; i < this.box.rows; i++)
        this.sheet.merges.push({ row: this.box.row + i, col: this.box.col, rows: 1, cols: this.box.cols });
    }
    return this.self();
  }
  breakApart(): GRange {
    this.sheet.merges = this.sheet.merges.filter((m) => !overlaps(m, this.box));
    return this.self();
  }
  clear(): GRange {
    this.each((cell) => {
      for (const k of Object.keys(cell)) delete (cell as unknown as Record<string, unknown>)[k];
      cell.value = '';
      cell.formula = '';
    });
    return this.self();
  }
  clearContent(): GRange {
    this.each((cell) => {
      cell.value = '';
      cell.formula = '';
    });
    return this.self();
  }
  clearFormat(): GRange {
    this.each((cell) => {
      const { value, formula, validation, note } = cell;
      for (const k of Object.keys(cell)) delete (cell as unknown as Record<string, unknown>)[k];
      Object.assign(cell, { value, formula, validation, note });
    });
    return this.self();
  }
  protect(): GProtection {
    throw new Error('Fake Sheets: range protection is not implemented (use Sheet.protect)');
  }
  activate(): GRange {
    return this.self();
  }
}
countCalls(FakeRange, 'Range', RANGE_METHODS, {
  tracker: (r) => r['t'],
  target: (r) => r.qualifiedA1(),
  before: (r, method) => {
    if (isEditing(method)) r.sheet.checkEditable();
  },
});

function checkRule(r: unknown): FakeDataValidation | null {
  if (r === null || r === undefined) return null;
  if (!(r instanceof FakeDataValidation))
    throw new Error('Fake Sheets: not a DataValidation built by SpreadsheetApp.newDataValidation()');
  return r;
}

type RangeListMethods =
  | 'getRanges'
  | 'setNumberFormat'
  | 'setFontWeight'
  | 'setFontStyle'
  | 'setFontSize'
  | 'setFontColor'
  | 'setBackground'
  | 'setHorizontalAlignment'
  | 'setVerticalAlignment'
  | 'setWrap'
  | 'breakApart'
  | 'clear'
  | 'clearContent'
  | 'clearFormat';

/**
 * Several ranges of one sheet (Sheet.getRangeList): each setter is one counted call
 * (`RangeList.<method>`, target the tab's name) that sets every cell of every range.
 */
export class FakeRangeList implements Pick<GRangeList, RangeListMethods> {
  constructor(
    private readonly t: Tracker,
    readonly sheet: FakeSheet,
    readonly boxes: Box[],
  ) {}
  private self(): GRangeList {
    return this as unknown as GRangeList;
  }
  private setAll<T>(method: string, v: T, apply: (cell: Cell, v: T) => void): GRangeList {
    this.t.hit(`RangeList.${method}`, this.sheet.name);
    this.sheet.checkEditable();
    for (const b of this.boxes) {
      for (let i = 0; i < b.rows; i++)
        for (let j = 0; j < b.cols; j++) apply(this.sheet.cellAt(b.row + i, b.col + j, true), v);
    }
    return this.self();
  }
  /** "A1, B2:D4" (test helper, not counted). */
  a1s(): string[] {
    return this.boxes.map(a1);
  }

  getRanges(): GRange[] {
    this.t.hit('RangeList.getRanges', this.sheet.name);
    return this.boxes.map((b) => new FakeRange(this.t, this.sheet, { ...b }) as unknown as GRange);
  }
  setNumberFormat(numberFormat: string): GRangeList {
    return this.setAll('setNumberFormat', numberFormat, (cell, f) => (cell.format = String(f)));
  }
  setFontWeight(fontWeight: any): GRangeList {
    return this.setAll('setFontWeight', fontWeight as string | null, (cell, w) => (cell.fontWeight = w ?? 'normal'));
  }
  setFontStyle(fontStyle: any): GRangeList {
    return this.setAll('setFontStyle', fontStyle as string | null, (cell, s) => (cell.fontStyle = s ?? 'normal'));
  }
  setFontSize(size: number): GRangeList {
    return this.setAll('setFontSize', size, (cell, s) => (cell.fontSize = s));
  }
  setFontColor(color: string | null): GRangeList {
    return this.setAll('setFontColor', color, (cell, c) => (cell.fontColor = c ?? undefined));
  }
  setBackground(color: string | null): GRangeList {
    return this.setAll('setBackground', color, (cell, c) => (cell.background = c ?? undefined));
  }
  setHorizontalAlignment(alignment: any): GRangeList {
    return this.setAll(
      'setHorizontalAlignment',
      alignment as string | null,
      (cell, a) => (cell.hAlign = a ?? undefined),
    );
  }
  setVerticalAlignment(alignment: any): GRangeList {
    return this.setAll('setVerticalAlignment', alignment as string | null, (cell, a) => (cell.vAlign = a ?? undefined));
  }
  setWrap(isWrapEnabled: boolean): GRangeList {
    return this.setAll('setWrap', isWrapEnabled, (cell, w) => (cell.wrap = !!w));
  }
  breakApart(): GRangeList {
    this.t.hit('RangeList.breakApart', this.sheet.name);
    this.sheet.checkEditable();
    this.sheet.merges = this.sheet.merges.filter((m) => !this.boxes.some((b) => overlaps(m, b)));
    return this.self();
  }
  clear(): GRangeList {
    return this.setAll('clear', null, (cell) => {
      for (const k of Object.keys(cell)) delete (cell as unknown as Record<string, unknown>)[k];
      cell.value = '';
      cell.formula = '';
    });
  }
  clearContent(): GRangeList {
    return this.setAll('clearContent', null, (cell) => {
      cell.value = '';
      cell.formula = '';
    });
  }
  clearFormat(): GRangeList {
    return this.setAll('clearFormat', null, (cell) => {
      const { value, formula, validation, note } = cell;
      for (const k of Object.keys(cell)) delete (cell as unknown as Record<string, unknown>)[k];
      Object.assign(cell, { value, formula, validation, note });
    });
  }
}

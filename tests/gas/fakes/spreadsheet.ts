// In-memory SpreadsheetApp: a spreadsheet of sheets of cells, behaving like the documented
// service where the product relies on it. Every service call is counted by the Tracker.
//
// Choices (documented for test authors):
// - setValues/setValue parse strings as Sheets does with typed input: '=…' becomes a formula,
//   "'…" literal text without the apostrophe, numbers, 'YYYY-MM-DD' dates (midnight in the
//   spreadsheet's time zone), TRUE/FALSE, and text starting with + or - that is not a number
//   becomes a formula. A cell whose number format is '@' keeps strings as they are.
// - Formulas are not evaluated: getValues returns '' for a formula cell, except
//   =HYPERLINK("url"; "label") which returns its label. getFormulas returns the formula text.
//   Seeded formula cells may carry a cached value (seed with { formula, value }).
// - getValues returns Dates for date cells (fresh objects of the test's realm), '' for empty cells.
// - A new sheet has 1000 rows × 26 columns; ranges outside the sheet throw like Sheets does.
import { a1, type Box, columnLetters, isDate, dateTime, parseA1, parseWritten, splitSheetRef, type Stored } from './values';
import type { Tracker } from './env';
import { countCalls } from './counting';

type GRange = GoogleAppsScript.Spreadsheet.Range;
type GRangeList = GoogleAppsScript.Spreadsheet.RangeList;
type GSheet = GoogleAppsScript.Spreadsheet.Sheet;
type GSpreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type GProtection = GoogleAppsScript.Spreadsheet.Protection;
type GValidation = GoogleAppsScript.Spreadsheet.DataValidation;
type GValidationBuilder = GoogleAppsScript.Spreadsheet.DataValidationBuilder;
type GUser = GoogleAppsScript.Base.User;
type GUi = GoogleAppsScript.Base.Ui;

export interface Cell {
  value: Stored; // '' = empty
  formula: string; // '' = none
  format?: string;
  fontWeight?: string;
  fontStyle?: string;
  fontSize?: number;
  fontColor?: string;
  background?: string;
  hAlign?: string;
  vAlign?: string;
  wrap?: boolean;
  validation?: FakeDataValidation | null;
  note?: string;
}

/** What a seeded cell may be: a plain value (stored as is, strings never parsed) or a formula. */
export type SeedValue = Stored | null | undefined | { formula: string; value?: Stored };

export interface FakeUser extends GUser {}
export function fakeUser(email: string): GUser {
  return { getEmail: () => email, getUserLoginId: () => email } as unknown as GUser;
}

export interface SpreadsheetOptions {
  id: string;
  name: string;
  timeZone: string;
  locale: string;
  owner: string;
  editors: string[];
  /** A consumer (gmail.com) account: domain edit is not available. */
  consumer: boolean;
}

function sameShape(kind: string, data: unknown, box: Box): unknown[][] {
  if (!Array.isArray(data)) throw new Error(`Exception: The parameters (${typeof data}) don't match the method signature for SpreadsheetApp.Range.${kind}.`);
  if (data.length !== box.rows) {
    throw new Error(`The number of rows in the data does not match the number of rows in the range. The data has ${data.length} but the range has ${box.rows}.`);
  }
  for (const row of data) {
    if (!Array.isArray(row)) throw new Error(`Exception: The parameters (number[]) don't match the method signature for SpreadsheetApp.Range.${kind}.`);
    if (row.length !== box.cols) {
      throw new Error(`The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${box.cols}.`);
    }
  }
  return data as unknown[][];
}

function hyperlinkLabel(formula: string): Stored {
  const m = /^=HYPERLINK\(\s*"((?:[^"]|"")*)"\s*[;,]\s*"((?:[^"]|"")*)"\s*\)$/i.exec(formula);
  return m ? m[2].replace(/""/g, '"') : '';
}

function outValue(cell: Cell | undefined): Stored {
  if (!cell) return '';
  if (cell.formula) return cell.value !== '' ? copy(cell.value) : hyperlinkLabel(cell.formula);
  return copy(cell.value);
}

const copy = (v: Stored): Stored => (isDate(v) ? new Date(dateTime(v)) : v);

export class FakeDataValidation implements Pick<GValidation, 'getCriteriaType' | 'getCriteriaValues' | 'getAllowInvalid' | 'getHelpText' | 'copy'> {
  constructor(
    private readonly t: Tracker,
    readonly criteria: 'VALUE_IN_LIST' | 'VALUE_IN_RANGE',
    readonly values: unknown[],
    readonly allowInvalid: boolean,
    readonly helpText: string,
  ) {}
  getCriteriaType(): GoogleAppsScript.Spreadsheet.DataValidationCriteria {
    this.t.hit('DataValidation.getCriteriaType');
    return this.criteria as unknown as GoogleAppsScript.Spreadsheet.DataValidationCriteria;
  }
  getCriteriaValues(): any[] {
    this.t.hit('DataValidation.getCriteriaValues');
    return [...this.values];
  }
  getAllowInvalid(): boolean {
    this.t.hit('DataValidation.getAllowInvalid');
    return this.allowInvalid;
  }
  getHelpText(): string {
    this.t.hit('DataValidation.getHelpText');
    return this.helpText;
  }
  copy(): GValidationBuilder {
    this.t.hit('DataValidation.copy');
    const b = new FakeDataValidationBuilder(this.t);
    b.state = { criteria: this.criteria, values: [...this.values], allowInvalid: this.allowInvalid, helpText: this.helpText };
    return b as unknown as GValidationBuilder;
  }
  /** Test helper: a readable description, e.g. { list: ['Ja','Nej'] } or { range: 'Kommuner!A2:A1000' }. */
  describe(): { list: string[] } | { range: string } {
    if (this.criteria === 'VALUE_IN_LIST') return { list: this.values[0] as string[] };
    return { range: (this.values[0] as FakeRange).qualifiedA1() };
  }
}

export class FakeDataValidationBuilder
  implements Pick<GValidationBuilder, 'requireValueInList' | 'requireValueInRange' | 'setAllowInvalid' | 'setHelpText' | 'build'>
{
  state: { criteria: 'VALUE_IN_LIST' | 'VALUE_IN_RANGE' | null; values: unknown[]; allowInvalid: boolean; helpText: string } = {
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
    this.t.hit('DataValidationBuilder.requireValueInList');
    if (!Array.isArray(values)) throw new Error('requireValueInList: values must be an array');
    this.state.criteria = 'VALUE_IN_LIST';
    this.state.values = [[...values].map(String), showDropdown ?? true];
    return this.self();
  }
  requireValueInRange(range: GRange, showDropdown?: boolean): GValidationBuilder {
    this.t.hit('DataValidationBuilder.requireValueInRange');
    if (!(range instanceof FakeRange)) throw new Error('requireValueInRange: not a Range of this spreadsheet');
    this.state.criteria = 'VALUE_IN_RANGE';
    this.state.values = [range, showDropdown ?? true];
    return this.self();
  }
  setAllowInvalid(allowInvalidData: boolean): GValidationBuilder {
    this.t.hit('DataValidationBuilder.setAllowInvalid');
    this.state.allowInvalid = allowInvalidData;
    return this.self();
  }
  setHelpText(helpText: string): GValidationBuilder {
    this.t.hit('DataValidationBuilder.setHelpText');
    this.state.helpText = helpText;
    return this.self();
  }
  build(): GValidation {
    this.t.hit('DataValidationBuilder.build');
    if (!this.state.criteria) throw new Error('You must specify a criteria type before building a data validation rule.');
    return new FakeDataValidation(this.t, this.state.criteria, this.state.values, this.state.allowInvalid, this.state.helpText) as unknown as GValidation;
  }
}

/**
 * Google's error for a write into a protected sheet by a user who may not edit it. The Sheets
 * API returns the same words (node-google-spreadsheet pull request #20, "Show what actually went
 * wrong when saving a row"), and the Sheets UI shows them to a person typing there.
 */
export const PROTECTED_CELL_ERROR =
  'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.';

/**
 * Google documents that changing a protection, and getEditors, throw for a user who cannot edit
 * it ("Throws an exception if the user does not have permission to edit the protected range or
 * sheet"), but not the words: the fake says so in its own.
 */
export const PROTECTION_PERMISSION_ERROR =
  'Exception: You do not have permission to edit this protection (the user cannot edit the protected sheet).';

const domainOf = (email: string): string => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/**
 * A sheet protection as Google's reference describes it (Class Protection, Sheet.protect):
 * - a new protection mirrors the spreadsheet's permissions ("the sheet remains unprotected")
 *   until its editors or domain edit are changed;
 * - the owner can always edit; warning-only lets every editor edit (scripts included);
 * - in a Workspace domain, domain edit lets every user of the owner's domain edit until it is
 *   turned off (setDomainEdit throws for consumer accounts);
 * - getEditors and every change throw for a user who cannot edit it;
 * - removeEditors removes neither the owner nor the current user.
 */
export class FakeProtection implements Pick<
  GProtection,
  | 'addEditor'
  | 'addEditors'
  | 'canDomainEdit'
  | 'canEdit'
  | 'getDescription'
  | 'getEditors'
  | 'getProtectionType'
  | 'getRange'
  | 'isWarningOnly'
  | 'remove'
  | 'removeEditor'
  | 'removeEditors'
  | 'setDescription'
  | 'setDomainEdit'
  | 'setWarningOnly'
> {
  warningOnly = false;
  description = '';
  domainEdit: boolean;
  editors: string[];
  /** False while the protection still mirrors the spreadsheet (no editor or domain change yet). */
  restricted = false;
  removed = false;
  constructor(
    private readonly t: Tracker,
    readonly sheet: FakeSheet,
  ) {
    const o = sheet.spreadsheet.options;
    this.editors = [...new Set([o.owner, ...o.editors])];
    this.domainEdit = !o.consumer;
  }
  private self(): GProtection {
    return this as unknown as GProtection;
  }
  private get owner(): string {
    return this.sheet.spreadsheet.options.owner;
  }
  /** Whether `user` may edit the protected sheet (test helper, not counted). */
  allows(user: string): boolean {
    const u = user.toLowerCase();
    if (this.removed || this.warningOnly || !this.restricted || u === this.owner) return true;
    if (this.editors.includes(u)) return true;
    return (
      this.domainEdit && !this.sheet.spreadsheet.options.consumer && u !== '' && domainOf(u) === domainOf(this.owner)
    );
  }
  private current(): string {
    return this.sheet.spreadsheet.currentUser();
  }
  private manage(method: string): void {
    this.t.hit(`Protection.${method}`, this.sheet.name);
    if (!this.allows(this.current())) throw new Error(PROTECTION_PERMISSION_ERROR);
  }
  private emails(x: unknown): string[] {
    const list = Array.isArray(x) ? x : [x];
    return list.map((u) => (typeof u === 'string' ? u : (u as GUser).getEmail()).toLowerCase());
  }
  addEditor(user: string | GUser): GProtection {
    this.manage('addEditor');
    this.add(this.emails(user));
    return this.self();
  }
  addEditors(emailAddresses: string[]): GProtection {
    this.manage('addEditors');
    this.add(this.emails(emailAddresses));
    return this.self();
  }
  private add(emails: string[]): void {
    this.restricted = true;
    for (const e of emails) if (!this.editors.includes(e)) this.editors.push(e);
  }
  canDomainEdit(): boolean {
    this.manage('canDomainEdit');
    return this.domainEdit && !this.sheet.spreadsheet.options.consumer;
  }
  canEdit(): boolean {
    this.t.hit('Protection.canEdit', this.sheet.name);
    return this.allows(this.current());
  }
  getDescription(): string {
    this.t.hit('Protection.getDescription', this.sheet.name);
    return this.description;
  }
  getEditors(): GUser[] {
    this.manage('getEditors');
    return this.editors.map(fakeUser);
  }
  getProtectionType(): GoogleAppsScript.Spreadsheet.ProtectionType {
    this.t.hit('Protection.getProtectionType');
    return 'SHEET' as unknown as GoogleAppsScript.Spreadsheet.ProtectionType;
  }
  getRange(): GRange {
    this.t.hit('Protection.getRange', this.sheet.name);
    return new FakeRange(this.t, this.sheet, {
      row: 1,
      col: 1,
      rows: this.sheet.maxRows,
      cols: this.sheet.maxCols,
    }) as unknown as GRange;
  }
  isWarningOnly(): boolean {
    this.t.hit('Protection.isWarningOnly', this.sheet.name);
    return this.warningOnly;
  }
  remove(): void {
    this.manage('remove');
    this.removed = true;
    this.sheet.protection = null;
  }
  removeEditor(user: string | GUser): GProtection {
    this.manage('removeEditor');
    this.drop(this.emails(user));
    return this.self();
  }
  removeEditors(users: string[] | GUser[]): GProtection {
    this.manage('removeEditors');
    this.drop(this.emails(users));
    return this.self();
  }
  private drop(emails: string[]): void {
    // "Neither the owner of the spreadsheet nor the current user can be removed."
    this.restricted = true;
    const keep = new Set([this.owner, this.current().toLowerCase()]);
    this.editors = this.editors.filter((e) => keep.has(e) || !emails.includes(e));
  }
  setDescription(description: string): GProtection {
    this.manage('setDescription');
    this.description = description;
    return this.self();
  }
  setDomainEdit(editable: boolean): GProtection {
    this.manage('setDomainEdit');
    if (this.sheet.spreadsheet.options.consumer)
      throw new Error('Exception: Domain edit is only available to Google Workspace users.');
    this.restricted = true;
    this.domainEdit = editable;
    return this.self();
  }
  setWarningOnly(warningOnly: boolean): GProtection {
    this.manage('setWarningOnly');
    this.warningOnly = warningOnly;
    return this.self();
  }
}

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
  /** Visits every cell, creating it for writes. */
  private each(fn: (cell: Cell, i: number, j: number) => void): void {
    for (let i = 0; i < this.box.rows; i++) {
      for (let j = 0; j < this.box.cols; j++) fn(this.sheet.cellAt(this.box.row + i, this.box.col + j, true)!, i, j);
    }
  }
  private map<T>(fn: (cell: Cell | undefined) => T): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < this.box.rows; i++) {
      const row: T[] = [];
      for (let j = 0; j < this.box.cols; j++) row.push(fn(this.sheet.cellAt(this.box.row + i, this.box.col + j, false)));
      out.push(row);
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
    if (row < 1 || column < 1 || row > this.box.rows || column > this.box.cols) throw new Error('Cell reference out of range');
    return new FakeRange(this.t, this.sheet, { row: this.box.row + row - 1, col: this.box.col + column - 1, rows: 1, cols: 1 }).self();
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
    return this.set2d('setHorizontalAlignments', alignments, (cell, a: string | null) => (cell.hAlign = a ?? undefined));
  }
  setHorizontalAlignment(alignment: any): GRange {
    return this.setAll('setHorizontalAlignment', alignment as string | null, (cell, a) => (cell.hAlign = a ?? undefined));
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
      for (let i = 0; i < this.box.rows; i++) this.sheet.merges.push({ row: this.box.row + i, col: this.box.col, rows: 1, cols: this.box.cols });
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

/** Methods that change a sheet's cells, formats or shape: refused on a sheet the user may not edit. */
const EDITING = [
  'set',
  'insert',
  'delete',
  'clear',
  'merge',
  'breakApart',
  'hide',
  'show',
  'append',
  'sort',
  'copy',
  'move',
];
function isEditing(method: string): boolean {
  return EDITING.some((p) => method.startsWith(p));
}

function checkRule(r: unknown): FakeDataValidation | null {
  if (r === null || r === undefined) return null;
  if (!(r instanceof FakeDataValidation)) throw new Error('Fake Sheets: not a DataValidation built by SpreadsheetApp.newDataValidation()');
  return r;
}

function writeValue(cell: Cell, v: unknown, timeZone: string): void {
  const parsed = parseWritten(v, cell.format === '@', timeZone);
  cell.value = parsed.value;
  cell.formula = parsed.formula;
}

function writeFormula(cell: Cell, f: string): void {
  if (typeof f !== 'string') throw new Error('Fake Sheets: a formula must be a string');
  if (f === '') {
    cell.formula = '';
    cell.value = '';
  } else {
    cell.formula = f.startsWith('=') ? f : '=' + f;
    cell.value = '';
  }
}

function displayOf(c: Cell | undefined, timeZone: string): string {
  const v = outValue(c);
  if (isDate(v)) {
    return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(v);
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

function overlaps(a: Box, b: Box): boolean {
  return a.row < b.row + b.rows && b.row < a.row + a.rows && a.col < b.col + b.cols && b.col < a.col + a.cols;
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
      for (let i = 0; i < b.rows; i++) for (let j = 0; j < b.cols; j++) apply(this.sheet.cellAt(b.row + i, b.col + j, true), v);
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
    return this.setAll('setHorizontalAlignment', alignment as string | null, (cell, a) => (cell.hAlign = a ?? undefined));
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
      throw new Error(box.rows < 1 || box.cols < 1 ? 'The number of rows in the range must be at least 1.' : 'Range not found');
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
    const h = this.lastRow(), w = this.lastColumn();
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
    const h = this.lastRow(), w = this.lastColumn();
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
    return new FakeRange(this.t, this, { row: 1, col: 1, rows: Math.max(1, this.lastRow()), cols: Math.max(1, this.lastColumn()) }) as unknown as GRange;
  }
  getRange(a: number | string, column?: number, numRows?: number, numColumns?: number): GRange {
    if (typeof a === 'string') {
      const { sheet, range } = splitSheetRef(a);
      if (sheet !== null && sheet !== this.name) throw new Error('Range not found');
      return new FakeRange(this.t, this, parseA1(range, this.maxRows, this.maxCols)) as unknown as GRange;
    }
    for (const n of [a, column, numRows, numColumns]) {
      if (n !== undefined && (typeof n !== 'number' || !Number.isInteger(n))) {
        throw new Error(`Exception: The parameters (${[a, column, numRows, numColumns].filter((x) => x !== undefined).map((x) => typeof x).join(',')}) don't match the method signature for SpreadsheetApp.Sheet.getRange.`);
      }
    }
    if (column === undefined) throw new Error("Exception: The parameters (number) don't match the method signature for SpreadsheetApp.Sheet.getRange.");
    return new FakeRange(this.t, this, { row: a, col: column, rows: numRows ?? 1, cols: numColumns ?? 1 }) as unknown as GRange;
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
    if (afterPosition < 1 || afterPosition > this.maxRows || howMany < 1) throw new Error('Those rows are out of bounds.');
    this.spreadsheet.checkCellLimit(howMany * this.maxCols);
    // Rows past the last stored one are implicit (the array is sparse): nothing to shift.
    if (afterPosition + 1 < this.rows.length) this.rows.splice(afterPosition + 1, 0, ...new Array(howMany).fill(undefined));
    this.maxRows += howMany;
    return this.self();
  }
  /** A RangeList of A1 ranges of this sheet ('A1', 'B2:D4'); a range outside the sheet throws like getRange. */
  getRangeList(a1Notations: string[]): GRangeList {
    if (!Array.isArray(a1Notations) || a1Notations.length === 0) throw new Error('Exception: The parameters () don\'t match the method signature for SpreadsheetApp.Sheet.getRangeList.');
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
    if (rowPosition < 1 || howMany < 1 || rowPosition + howMany - 1 > this.maxRows) throw new Error('Those rows are out of bounds.');
    if (this.maxRows - howMany < 1) throw new Error('Sorry, it is not possible to delete all non-frozen rows.');
    this.rows.splice(rowPosition, howMany);
    this.merges = this.merges.filter((m) => m.row + m.rows - 1 < rowPosition);
    this.maxRows -= howMany;
  }
  insertColumnsAfter(afterPosition: number, howMany: number): GSheet {
    if (afterPosition < 1 || afterPosition > this.maxCols || howMany < 1) throw new Error('Those columns are out of bounds.');
    this.spreadsheet.checkCellLimit(howMany * this.maxRows);
    for (const r of this.rows) if (r) r.splice(afterPosition + 1, 0, ...new Array(howMany).fill(undefined));
    this.maxCols += howMany;
    return this.self();
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
    if (startColumn < 1 || startColumn + numColumns - 1 > this.maxCols) throw new Error('Those columns are out of bounds.');
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
    for (const r of this.rows) for (const c of r ?? []) if (c) (c.value = ''), (c.formula = '');
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

const SPREADSHEET_METHODS = [
  'getId',
  'getUrl',
  'getName',
  'getSheets',
  'getSheetByName',
  'getSheetById',
  'insertSheet',
  'deleteSheet',
  'getSpreadsheetTimeZone',
  'getSpreadsheetLocale',
  'toast',
  'getActiveSheet',
  'setActiveSheet',
  'getRange',
  'getOwner',
  'getEditors',
  'getProtections',
] as const;
type SpreadsheetMethods = (typeof SPREADSHEET_METHODS)[number];

export const CELL_LIMIT = 10_000_000;

export class FakeSpreadsheet implements Pick<GSpreadsheet, SpreadsheetMethods> {
  sheets: FakeSheet[] = [];
  active: FakeSheet | null = null;
  private nextSheetId = 0;
  /** Toasts shown (message, title, seconds). */
  readonly toasts: { message: string; title: string; timeoutSeconds: number | null | undefined }[] = [];

  /** Who runs the script (the Session's effective user); set by createGasEnvironment. */
  userSource: () => string = () => this.options.owner;

  constructor(
    private readonly t: Tracker,
    readonly options: SpreadsheetOptions,
  ) {}


  /**
   * Google's limit of 10 million cells over all tabs (shared/APPS-SCRIPT-FACTS.md): an action that
   * would pass it throws (the words are the fake's own rendering of Sheets' message).
   */
  checkCellLimit(added: number): void {
    const cells = this.sheets.reduce((n, s) => n + s.maxRows * s.maxCols, 0);
    if (cells + added > CELL_LIMIT) throw new Error(`This action would increase the number of cells in the workbook above the limit of ${CELL_LIMIT} cells.`);
  }

  /** The user the script runs as, lower-cased (test helper, not counted). */
  currentUser(): string {
    return this.userSource().toLowerCase();
  }

  // ---- test helpers (not counted) ----

  /** Creates (or replaces the content of) a tab with the given rows; strings are stored as is. */
  seed(tab: string, rows: SeedValue[][]): FakeSheet {
    let sheet = this.sheet(tab);
    if (!sheet) sheet = this.addSheet(tab);
    else sheet.rows = [];
    sheet.seed(rows);
    return sheet;
  }
  /**
   * Protects tabs as if someone had (test helper, not counted): `editors` (default the owner
   * alone) may edit, or everyone after a warning with `warningOnly`.
   */
  protectTabs(
    tabs: readonly string[],
    how: { warningOnly?: boolean; editors?: string[]; description?: string; domainEdit?: boolean } = {},
  ): void {
    for (const tab of tabs) {
      const sheet = this.sheet(tab);
      if (!sheet) continue;
      const p = new FakeProtection(this.t, sheet);
      p.restricted = true;
      p.warningOnly = how.warningOnly ?? false;
      p.editors = [...new Set([this.options.owner, ...(how.editors ?? [])].map((e) => e.toLowerCase()))];
      p.description = how.description ?? '';
      p.domainEdit = how.domainEdit ?? false;
      sheet.protection = p;
    }
  }
  /** Seeds several tabs at once, in order. */
  seedAll(tabs: Record<string, SeedValue[][]>): void {
    for (const [name, rows] of Object.entries(tabs)) this.seed(name, rows);
  }
  /** The sheet object (undefined when absent). */
  sheet(tab: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.name === tab);
  }
  /** Values of a tab's data range as getValues would return them; [] for an empty tab; throws for a missing tab. */
  read(tab: string): Stored[][] {
    const s = this.sheet(tab);
    if (!s) throw new Error(`Fake spreadsheet: no tab "${tab}" (tabs: ${this.tabNames().join(', ')})`);
    return s.values();
  }
  /** Formulas of a tab's data range ('' where none). */
  formulas(tab: string): string[][] {
    return this.sheetOrThrow(tab).grid('formula', '');
  }
  /** Number formats of a tab's data range ('General' where none). */
  formats(tab: string): string[][] {
    return this.sheetOrThrow(tab).grid('format', 'General');
  }
  tabNames(): string[] {
    return this.sheets.map((s) => s.name);
  }
  private sheetOrThrow(tab: string): FakeSheet {
    const s = this.sheet(tab);
    if (!s) throw new Error(`Fake spreadsheet: no tab "${tab}"`);
    return s;
  }
  addSheet(name: string, index?: number): FakeSheet {
    const s = new FakeSheet(this.t, this, name, this.nextSheetId);
    this.nextSheetId = this.nextSheetId === 0 ? 1_000_001 : this.nextSheetId + 7919;
    if (index === undefined) this.sheets.push(s);
    else this.sheets.splice(index, 0, s);
    if (!this.active) this.active = s;
    return s;
  }

  // ---- the Spreadsheet service ----

  getId(): string {
    return this.options.id;
  }
  getUrl(): string {
    return `https://docs.google.com/spreadsheets/d/${this.options.id}/edit`;
  }
  getName(): string {
    return this.options.name;
  }
  getSheets(): GSheet[] {
    return [...this.sheets] as unknown as GSheet[];
  }
  getSheetByName(name: string): GSheet | null {
    return (this.sheet(name) ?? null) as unknown as GSheet | null;
  }
  getSheetById(id: number): GSheet | null {
    return (this.sheets.find((s) => s.sheetId === id) ?? null) as unknown as GSheet | null;
  }
  insertSheet(a?: any, b?: any, c?: any): GSheet {
    let name: string | undefined;
    let index: number | undefined;
    if (typeof a === 'string') {
      name = a;
      if (typeof b === 'number') index = b;
    } else if (typeof a === 'number') {
      index = a;
    } else if (a !== undefined || c !== undefined) {
      throw new Error('Fake Sheets: insertSheet with options is not implemented');
    }
    if (name === undefined) {
      let n = this.sheets.length + 1;
      while (this.sheets.some((s) => s.name === `Sheet${n}`)) n++;
      name = `Sheet${n}`;
    }
    if (name.trim() === '') throw new Error('Sheet name cannot be empty.');
    if (name.length > 100) throw new Error('Sheet name is too long.');
    if (this.sheets.some((s) => s.name.toLowerCase() === name!.toLowerCase())) {
      throw new Error(`A sheet with the name "${name}" already exists. Please enter another name.`);
    }
    this.checkCellLimit(1000 * 26);
    const s = this.addSheet(name, index);
    this.active = s; // Sheets activates the new sheet
    return s as unknown as GSheet;
  }
  deleteSheet(sheet: GSheet): void {
    const s = sheet as unknown as FakeSheet;
    s.checkEditable();
    const i = this.sheets.indexOf(s);
    if (i < 0) throw new Error('Fake Sheets: deleteSheet of a sheet that is not in this spreadsheet');
    if (this.sheets.length === 1) throw new Error("You can't remove all the sheets in a document.");
    this.sheets.splice(i, 1);
    if (this.active === s) this.active = this.sheets[0];
  }
  getSpreadsheetTimeZone(): string {
    return this.options.timeZone;
  }
  getSpreadsheetLocale(): string {
    return this.options.locale;
  }
  toast(msg: string, title?: string, timeoutSeconds?: number | null): void {
    this.toasts.push({ message: String(msg), title: title ?? '', timeoutSeconds });
  }
  getActiveSheet(): GSheet {
    return (this.active ?? this.sheets[0]) as unknown as GSheet;
  }
  setActiveSheet(sheet: GSheet): GSheet {
    this.active = sheet as unknown as FakeSheet;
    return sheet;
  }
  getRange(a1Notation: string): GRange {
    const { sheet, range } = splitSheetRef(a1Notation);
    const s = sheet === null ? this.active ?? this.sheets[0] : this.sheet(sheet);
    if (!s) throw new Error('Range not found');
    return new FakeRange(this.t, s, parseA1(range, s.maxRows, s.maxCols)) as unknown as GRange;
  }
  /** Every sheet protection of the spreadsheet (range protections are not modelled). */
  getProtections(type: GoogleAppsScript.Spreadsheet.ProtectionType): GProtection[] {
    if (String(type) !== 'SHEET') return [];
    return this.sheets.flatMap((s) => (s.protection ? [s.protection as unknown as GProtection] : []));
  }
  getOwner(): GUser {
    return fakeUser(this.options.owner);
  }
  getEditors(): GUser[] {
    return [...new Set([this.options.owner, ...this.options.editors])].map(fakeUser);
  }
}
// A sheet's name or an A1 notation is recorded with the calls that take one.
countCalls(FakeSpreadsheet, 'Spreadsheet', SPREADSHEET_METHODS, {
  tracker: (ss) => ss['t'],
  target: (_ss, method, [first]) =>
    ['getSheetByName', 'insertSheet', 'getRange'].includes(method) && typeof first === 'string' ? first : undefined,
});

const APP_METHODS = [
  'getActiveSpreadsheet',
  'getActive',
  'getUi',
  'flush',
  'newDataValidation',
  'getActiveSheet',
  'openById',
] as const;
type AppMethods = (typeof APP_METHODS)[number];

export class FakeSpreadsheetApp implements Pick<GoogleAppsScript.Spreadsheet.SpreadsheetApp, AppMethods> {
  readonly ProtectionType = { RANGE: 'RANGE', SHEET: 'SHEET' } as unknown as typeof GoogleAppsScript.Spreadsheet.ProtectionType;
  readonly DataValidationCriteria = { VALUE_IN_LIST: 'VALUE_IN_LIST', VALUE_IN_RANGE: 'VALUE_IN_RANGE' } as unknown as typeof GoogleAppsScript.Spreadsheet.DataValidationCriteria;
  readonly BorderStyle = { SOLID: 'SOLID', SOLID_MEDIUM: 'SOLID_MEDIUM', SOLID_THICK: 'SOLID_THICK', DOTTED: 'DOTTED', DASHED: 'DASHED', DOUBLE: 'DOUBLE' };
  readonly WrapStrategy = { WRAP: 'WRAP', OVERFLOW: 'OVERFLOW', CLIP: 'CLIP' };
  flushes = 0;

  constructor(
    private readonly t: Tracker,
    readonly spreadsheet: FakeSpreadsheet,
    private readonly ui: () => GUi,
  ) {}

  getActiveSpreadsheet(): GSpreadsheet {
    return this.spreadsheet as unknown as GSpreadsheet;
  }
  getActive(): GSpreadsheet {
    return this.spreadsheet as unknown as GSpreadsheet;
  }
  getActiveSheet(): GSheet {
    return (this.spreadsheet.active ?? this.spreadsheet.sheets[0]) as unknown as GSheet;
  }
  openById(id: string): GSpreadsheet {
    if (this.t.mode === 'customFunction') throw new Error('You do not have permission to call SpreadsheetApp.openById');
    if (id !== this.spreadsheet.options.id) throw new Error('Unexpected error while getting the method or property openById on object SpreadsheetApp.');
    return this.spreadsheet as unknown as GSpreadsheet;
  }
  getUi(): GUi {
    if (this.t.mode === 'customFunction') throw new Error('Cannot call SpreadsheetApp.getUi() from this context.');
    return this.ui();
  }
  flush(): void {
    this.flushes++;
  }
  newDataValidation(): GValidationBuilder {
    return new FakeDataValidationBuilder(this.t) as unknown as GValidationBuilder;
  }
}
countCalls(FakeSpreadsheetApp, 'SpreadsheetApp', APP_METHODS, { tracker: (app) => app['t'] });

export { columnLetters };

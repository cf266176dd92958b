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
//
// The services are split by class: cells.ts, range.ts (Range, RangeList, DataValidation),
// protection.ts, sheet.ts and this file (Spreadsheet, SpreadsheetApp); every API call is counted by
// one wrapper, countCalls (counting.ts), from each class's list of methods.
import { parseA1, splitSheetRef, type Stored } from './values';
import { columnLetters } from './values';
import type { Tracker } from './env';
import { countCalls } from './counting';
import { fakeUser, type SeedValue, type SpreadsheetOptions } from './cells';
import { FakeDataValidationBuilder, FakeRange } from './range';
import { FakeProtection } from './protection';
import { FakeSheet } from './sheet';

type GRange = GoogleAppsScript.Spreadsheet.Range;
type GSheet = GoogleAppsScript.Spreadsheet.Sheet;
type GSpreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type GProtection = GoogleAppsScript.Spreadsheet.Protection;
type GValidationBuilder = GoogleAppsScript.Spreadsheet.DataValidationBuilder;
type GUser = GoogleAppsScript.Base.User;
type GUi = GoogleAppsScript.Base.Ui;

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
    if (cells + added > CELL_LIMIT)
      throw new Error(
        `This action would increase the number of cells in the workbook above the limit of ${CELL_LIMIT} cells.`,
      );
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
    const s = sheet === null ? (this.active ?? this.sheets[0]) : this.sheet(sheet);
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
  readonly ProtectionType = {
    RANGE: 'RANGE',
    SHEET: 'SHEET',
  } as unknown as typeof GoogleAppsScript.Spreadsheet.ProtectionType;
  readonly DataValidationCriteria = {
    VALUE_IN_LIST: 'VALUE_IN_LIST',
    VALUE_IN_RANGE: 'VALUE_IN_RANGE',
  } as unknown as typeof GoogleAppsScript.Spreadsheet.DataValidationCriteria;
  readonly BorderStyle = {
    SOLID: 'SOLID',
    SOLID_MEDIUM: 'SOLID_MEDIUM',
    SOLID_THICK: 'SOLID_THICK',
    DOTTED: 'DOTTED',
    DASHED: 'DASHED',
    DOUBLE: 'DOUBLE',
  };
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
    if (id !== this.spreadsheet.options.id)
      throw new Error('Unexpected error while getting the method or property openById on object SpreadsheetApp.');
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

// What the other fakes and the tests import from here.
export { fakeUser, type Cell, type FakeUser, type SeedValue, type SpreadsheetOptions } from './cells';
export { FakeDataValidation, FakeDataValidationBuilder, FakeRange, FakeRangeList } from './range';
export { FakeProtection, PROTECTED_CELL_ERROR, PROTECTION_PERMISSION_ERROR } from './protection';
export { FakeSheet } from './sheet';
export { columnLetters };

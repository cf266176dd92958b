/**
 * The workbook port over ExcelJS: an .xlsx file is loaded into memory, operated on through the
 * port, and saved atomically (temp file in the same directory, then rename), so that a reader
 * never sees a half-written workbook and a failed run leaves the file as it was.
 */
import type ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { chmod, readFile, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  CalendarDate,
  FORMAT,
  minutesOf,
  type CellBlock,
  type CellStyle,
  type CellValue,
  type SheetDocument,
  type TabSetup,
  type Validation,
  type WorkbookPort,
} from '../workbook/port';
import { columnLetters } from '../workbook/cells';
import { CliFailure, errnoOf, fileErrorText } from './failure';
import { argb, pixelsToWidth } from './drawnSheet';
import { wrappedRowHeights } from './rowHeights';
import { OpcPackage, savePreserving, withoutDrawings, type SavePlan, type WrittenBlock } from './xlsxPackage';
import { packageValidations, type SheetValidations } from './xlsxValidations';

type Worksheet = ExcelJS.Worksheet;
/** Parts of ExcelJS's worksheet that its typings leave out. */
interface WorksheetInternals {
  orderNo: number;
  dataValidations: {
    model: Record<string, ExcelJS.DataValidation | undefined>;
    add(address: string, validation: ExcelJS.DataValidation): void;
  };
  /** The merged ranges by their master cell's address (what mergeCells indexes and a loaded file fills). */
  _merges: Record<string, { top: number; left: number; bottom: number; right: number } | undefined>;
}
const internals = (ws: Worksheet): WorksheetInternals => ws as unknown as WorksheetInternals;
type Cell = ExcelJS.Cell;

/** Rows below the header that a created tab's validations and formats cover. */
const VALIDATED_ROWS = 2000;

/** A CalendarDate, also one made by another copy of the port module. */
const isCalendar = (v: unknown): v is CalendarDate =>
  v instanceof CalendarDate ||
  (typeof v === 'object' && v !== null && typeof (v as { iso?: unknown }).iso === 'string');
const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** ExcelJS hands out date cells as UTC Dates: the calendar date is the UTC one. */
function utcIso(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function isoToUtcDate(iso: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`Ogiltigt datum: ${iso}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/** A format that shows the time of day (h, but not inside quotes or brackets). */
function showsTime(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const bare = numFmt.replace(/"[^"]*"|\[[^\]]*\]/g, '');
  return /[hH]/.test(bare) || /\bss\b/.test(bare);
}

function dateCell(d: Date, numFmt: string | undefined): CellValue {
  if (Number.isNaN(d.getTime())) return '';
  if (showsTime(numFmt)) {
    const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
    return `${utcIso(d)} ${d.getUTCSeconds() ? `${time}:${pad(d.getUTCSeconds())}` : time}`;
  }
  return new CalendarDate(utcIso(d));
}

function richTextToString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && Array.isArray((value as { richText?: unknown }).richText)) {
    return (value as { richText: { text?: string }[] }).richText.map((r) => r.text ?? '').join('');
  }
  return value === null || value === undefined ? '' : String(value);
}

/** Converts whatever ExcelJS holds in a cell into what the product sees. */
export function toCellValue(raw: unknown, numFmt?: string): CellValue {
  if (raw === null || raw === undefined) return '';
  if (typeof raw === 'string' || typeof raw === 'boolean') return raw;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : '';
  if (isDate(raw)) return dateCell(raw, numFmt);
  if (typeof raw === 'object') {
    const o = raw as Record<string, unknown>;
    // Formula (own or shared): its cached result.
    if ('formula' in o || 'sharedFormula' in o || 'result' in o) {
      const result = o.result;
      if (result && typeof result === 'object' && 'error' in result) {
        return String(result.error);
      }
      return toCellValue(result, numFmt);
    }
    if (Array.isArray(o.richText)) return richTextToString(o);
    if ('hyperlink' in o || 'text' in o) return richTextToString(o.text);
    if ('error' in o) return String(o.error);
  }
  return String(raw);
}

function isEmptyRaw(cell: Cell): boolean {
  if (cell.type === exceljs().ValueType.Merge) return true;
  const v = cell.value;
  return v === null || v === undefined || v === '';
}

export { pixelsToWidth };

function quoteTab(tab: string): string {
  return `'${tab.replace(/'/g, "''")}'`;
}

/**
 * The engine accepts forgiving spellings ('lulea', 'Luleå kommun'), so a drop-down warns and lets
 * the value stand rather than rejecting it, as setAllowInvalid(true) does in Sheets.
 */
const WARN_ONLY = {
  showErrorMessage: true,
  errorStyle: 'warning',
  errorTitle: 'Värdet finns inte i listan',
  error:
    'Värdet finns inte i listan. Det godtas om det ändå känns igen (t.ex. annan stavning); Kontrollera data säger till annars.',
} as const;

function validationModel(v: Validation): ExcelJS.DataValidation {
  if (v.kind === 'list') {
    // An inline list: values are joined by commas inside one quoted string.
    const inline = `"${v.values.map((s) => s.replace(/"/g, '""')).join(',')}"`;
    return { type: 'list', allowBlank: true, ...WARN_ONLY, formulae: [inline] };
  }
  const letter = columnLetters(v.column);
  return {
    type: 'list',
    allowBlank: true,
    ...WARN_ONLY,
    formulae: [`${quoteTab(v.tab)}!$${letter}$2:$${letter}$${VALIDATED_ROWS + 1}`],
  };
}

/** Column and row of a single-cell A1 address ('AB12'); null for anything else (a range). */
function cellAddress(address: string): { column: number; row: number } | null {
  let i = 0;
  let column = 0;
  for (let c = address.charCodeAt(0); c >= 65 && c <= 90; c = address.charCodeAt(++i)) column = column * 26 + c - 64;
  if (i === 0 || i === address.length) return null;
  let row = 0;
  for (; i < address.length; i++) {
    const c = address.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    row = row * 10 + c - 48;
  }
  return { column, row };
}

/**
 * ExcelJS expands every validated range into one entry per cell when it loads a file, and
 * squeezes them back cell by cell when it saves: thousands of entries cost about a second.
 * Entries loaded from one range share one object, so they are folded back into column ranges.
 * Every CLI run pays this for each created tab's 2 000 validated rows, so the addresses are read
 * by hand instead of by regular expression.
 */
function compactValidations(dv: WorksheetInternals['dataValidations']): void {
  const compact: Record<string, ExcelJS.DataValidation | undefined> = {};
  const groups = new Map<ExcelJS.DataValidation, Map<number, number[]>>();
  for (const address in dv.model) {
    const validation = dv.model[address];
    if (!validation) continue;
    const cell = cellAddress(address);
    if (!cell) {
      compact[address] = validation; // already a range
      continue;
    }
    let byColumn = groups.get(validation);
    if (!byColumn) groups.set(validation, (byColumn = new Map()));
    const rows = byColumn.get(cell.column);
    if (rows) rows.push(cell.row);
    else byColumn.set(cell.column, [cell.row]);
  }
  for (const [validation, byColumn] of groups) {
    for (const [column, rows] of byColumn) {
      rows.sort((a, b) => a - b); // linear for the rows of a range, which come in order
      const letter = columnLetters(column);
      for (let i = 0; i < rows.length;) {
        let j = i;
        while (j + 1 < rows.length && rows[j + 1] === rows[j] + 1) j++;
        compact[i === j ? `${letter}${rows[i]}` : `${letter}${rows[i]}:${letter}${rows[j]}`] = validation;
        i = j + 1;
      }
    }
  }
  dv.model = compact;
}

type Style = Partial<ExcelJS.Style>;

/**
 * Cell styles, shared and never changed in place. ExcelJS shares one style object among all
 * cells loaded with the same style, and its setters (cell.numFmt = …) change that object, so a
 * format set on one cell would spread to every cell that looked like it. Here a cell gets a new
 * style by replacing its object with a shared one; sharing also lets ExcelJS's save recognise
 * each style once instead of once per cell.
 */
class StyleBook {
  private readonly byKey = new Map<string, Style>();

  shared(style: Style): Style {
    const key = JSON.stringify(style);
    const found = this.byKey.get(key);
    if (found) return found;
    this.byKey.set(key, style);
    return style;
  }

  private readonly derived = new WeakMap<Style, Map<string, Style>>();
  private readonly docStyles = new Map<string, Style>();

  /** The cell's style with another number format. */
  withFormat(base: Style, numFmt: string): Style {
    if (base.numFmt === numFmt) return base;
    // A new cell has a fresh, empty (or format-only) style object of its own.
    const keys = Object.keys(base);
    if (keys.length === 0 || (keys.length === 1 && keys[0] === 'numFmt')) return this.shared({ numFmt });
    // Loaded cells share their style objects, so most lookups end here without serialising.
    let byFormat = this.derived.get(base);
    if (!byFormat) this.derived.set(base, (byFormat = new Map()));
    let style = byFormat.get(numFmt);
    if (!style) byFormat.set(numFmt, (style = this.shared({ ...base, numFmt })));
    return style;
  }

  /** The style of a document cell. */
  ofDocCell(dc: CellStyle, numFmt: string | undefined): Style {
    const key = `${numFmt ?? ''}\u0000${dc.bold ? 1 : 0}${dc.italic ? 1 : 0}${dc.wrap ? 1 : 0}\u0000${dc.size ?? ''}\u0000${dc.align ?? ''}\u0000${dc.background ?? ''}`;
    let found = this.docStyles.get(key);
    if (!found) this.docStyles.set(key, (found = this.buildDocStyle(dc, numFmt)));
    return found;
  }

  private buildDocStyle(dc: CellStyle, numFmt: string | undefined): Style {
    const style: Style = {};
    if (numFmt) style.numFmt = numFmt;
    if (dc.bold || dc.italic || dc.size) {
      style.font = {
        ...(dc.bold ? { bold: true } : {}),
        ...(dc.italic ? { italic: true } : {}),
        ...(dc.size ? { size: dc.size } : {}),
      };
    }
    // Top-aligned: a row made tall by a wrapped description keeps its numbers on the first line
    // (Excel and LibreOffice align to the bottom by default).
    style.alignment = {
      vertical: 'top',
      ...(dc.align ? { horizontal: dc.align } : {}),
      ...(dc.wrap ? { wrapText: true } : {}),
    };
    if (dc.background) style.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(dc.background) } };
    return this.shared(style);
  }
}

/** What a product value is stored as in ExcelJS: strings stay literal text, dates become UTC-midnight Dates (a date-time its wall-clock time in UTC). */
function rawValue(value: CellValue): ExcelJS.CellValue {
  if (isCalendar(value)) return new Date(isoToUtcDate(value.iso).getTime() + minutesOf(value) * 60_000);
  // ExcelJS stores a plain string as a text cell, never as a formula, whatever it starts with.
  return value === '' ? null : value;
}

/** Sets a value and, when given (or for a date), its number format. */
function setCell(cell: Cell, value: CellValue, format: string | null | undefined, styles: StyleBook): void {
  cell.value = rawValue(value);
  const numFmt = format ?? (isCalendar(value) ? FORMAT.date : null);
  if (numFmt) cell.style = styles.withFormat(cell.style, numFmt);
}

let excel: typeof ExcelJS | undefined;
/**
 * ExcelJS, loaded when a workbook is first opened or made: its modules take about half a second
 * to load, which `yrkesresan --help` and a mistyped command do not need to wait for.
 */
function exceljs(): typeof ExcelJS {
  return (excel ??= createRequire(import.meta.url)('exceljs') as typeof ExcelJS);
}

async function loadExcelJS(data: Uint8Array, options?: Partial<ExcelJS.XlsxReadOptions>): Promise<ExcelJS.Workbook> {
  const wb = new (exceljs().Workbook)();
  // ExcelJS's typings predate Node's generic Buffer; the runtime accepts any byte buffer.
  await wb.xlsx.load(Buffer.from(data) as unknown as ExcelJS.Buffer, options);
  return wb;
}

/**
 * An .xlsx file in ExcelJS with its validations as ranges (compactValidations). Where the
 * package's validations can be read from its XML exactly as ExcelJS reads them (xlsxValidations),
 * ExcelJS skips them and they are set from there; otherwise ExcelJS reads them cell by cell and
 * they are folded back, as before. `pkg`: the file's package when it is already read; null takes
 * ExcelJS's own way.
 */
export async function readExcelJS(data: Uint8Array, pkg?: OpcPackage | null): Promise<ExcelJS.Workbook> {
  let sheets: SheetValidations[] | null = null;
  try {
    const source = pkg === undefined ? OpcPackage.read(data) : pkg;
    sheets = source && packageValidations(source);
  } catch {
    // Not a package fflate reads: ExcelJS below reports what is wrong.
  }
  if (sheets) {
    const wb = await loadExcelJS(data, { ignoreNodes: ['dataValidations'] });
    const found = sheets;
    if (wb.worksheets.length === found.length && wb.worksheets.every((ws, i) => ws.name === found[i].name)) {
      wb.worksheets.forEach((ws, i) => (internals(ws).dataValidations.model = found[i].model));
      return wb;
    }
  }
  const wb = await loadExcelJS(data);
  for (const ws of wb.worksheets) compactValidations(internals(ws).dataValidations);
  return wb;
}

export class XlsxWorkbook implements WorkbookPort {
  /** True once anything was changed through the port since loading. */
  changed = false;
  /**
   * Called by save() just before the temp file replaces the workbook (the commit point): the
   * command line checks there that its lock is still its own and FILE still writable; a throw
   * leaves FILE as it was.
   */
  beforeCommit?: (target: string) => Promise<void> | void;
  /** How the last save was written: into the opened package, or re-serialised whole by ExcelJS. */
  lastSave: 'package' | 'exceljs' | null = null;
  private readonly styles = new StyleBook();
  /** The tabs of the opened file; the run's changes to them are recorded for the package save. */
  private readonly originalTabs: Set<string>;
  /** The tab the file must open on after hideTabs hid the one it opened on. */
  private openOn: string | undefined;
  /** Tabs this run created or drew: ExcelJS serialises them. */
  private readonly freshTabs = new Set<string>();
  /**
   * Drawn tabs whose cells are not in ExcelJS yet: the package save writes them from their
   * documents; they are filled in as soon as anything reads or writes them through ExcelJS.
   */
  private readonly drawn = new Map<string, SheetDocument>();
  /**
   * The blocks written into each opened tab, in order, for the package save (kept as written, not
   * cell by cell: a bill appends 100 000 register rows). The first `applied` are in ExcelJS's
   * cells too; the rest follow once something reads the tab through ExcelJS.
   */
  private readonly writes = new Map<string, { blocks: WrittenBlock[]; applied: number }>();

  /** `original`: the package the workbook was loaded from, the base of every save. */
  constructor(
    private readonly wb: ExcelJS.Workbook,
    private readonly original: OpcPackage | null = null,
  ) {
    this.originalTabs = new Set(original ? wb.worksheets.map((ws) => ws.name) : []);
  }

  /** The ExcelJS workbook with every tab's cells. */
  get workbook(): ExcelJS.Workbook {
    for (const tab of this.drawn.keys()) this.fill(tab);
    for (const tab of this.writes.keys()) this.applyWrites(tab);
    return this.wb;
  }

  /** True for a workbook opened from a file (saved into that file's package). */
  get fromFile(): boolean {
    return this.original !== null;
  }

  static empty(): XlsxWorkbook {
    return new XlsxWorkbook(new (exceljs().Workbook)());
  }

  static async fromBuffer(data: Uint8Array | ArrayBuffer): Promise<XlsxWorkbook> {
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    let original: OpcPackage | null = null;
    try {
      original = OpcPackage.read(bytes);
    } catch {
      // Not a zip fflate can read: ExcelJS below reports it.
    }
    let wb: ExcelJS.Workbook;
    try {
      wb = await readExcelJS(bytes, original);
    } catch (e) {
      // ExcelJS fails on some drawings it does not model; the product reads no drawing, and the
      // save keeps them from the original package.
      if (!original) throw e;
      wb = await readExcelJS(withoutDrawings(original), null).catch(() => {
        throw e;
      });
    }
    return new XlsxWorkbook(wb, original);
  }

  static async open(path: string): Promise<XlsxWorkbook> {
    return XlsxWorkbook.fromBuffer(await readFile(path));
  }

  /** ExcelJS's serialisation of the given tabs alone (its other tabs are left out for the moment). */
  private async serialiseOnly(tabs: Set<string>): Promise<Uint8Array> {
    const wb = this.wb as unknown as { _worksheets: (Worksheet | undefined)[] };
    const all = wb._worksheets;
    wb._worksheets = all.map((ws) => (ws && tabs.has(ws.name) ? ws : undefined));
    try {
      // Stored, not deflated: the package is read back at once, and only its tabs are kept.
      const options = { zip: { compression: 'STORE' } } as unknown as Partial<ExcelJS.XlsxWriteOptions>;
      return new Uint8Array(await this.wb.xlsx.writeBuffer(options));
    } finally {
      wb._worksheets = all;
    }
  }

  /**
   * The saved file. A workbook opened from a file is written into that file's package, so that
   * what the run did not change (charts, drawings, images, comments, defined names, formats the
   * library does not model) stays as it was; should the package hold something that cannot be
   * patched safely, ExcelJS re-serialises the whole workbook instead.
   */
  async toBuffer(): Promise<Uint8Array> {
    if (this.original) {
      const plan: SavePlan = {
        tabs: this.tabNames().map((name) => ({
          name,
          origin: this.drawn.has(name)
            ? 'drawn'
            : this.originalTabs.has(name) && !this.freshTabs.has(name)
              ? 'original'
              : 'fresh',
          state: this.find(name)?.state ?? 'visible',
        })),
        openOn: this.openOn,
        writes: new Map([...this.writes].map(([tab, w]) => [tab, w.blocks])),
      };
      const freshNames = new Set(plan.tabs.filter((t) => t.origin === 'fresh').map((t) => t.name));
      plan.drawn = this.drawn;
      try {
        const fresh = freshNames.size ? OpcPackage.read(await this.serialiseOnly(freshNames)) : null;
        const out = savePreserving(this.original, fresh, plan);
        this.lastSave = 'package';
        return out;
      } catch {
        // Falls through to the whole workbook as ExcelJS writes it.
      }
    }
    const data = await this.workbook.xlsx.writeBuffer();
    this.lastSave = 'exceljs';
    return new Uint8Array(data);
  }

  /** Writes the workbook to `path` atomically: a temp file beside it, then a rename over it. */
  async save(path: string): Promise<void> {
    const data = await this.toBuffer();
    // Through a symbolic link to the real file, keeping its permissions.
    const target = await realpath(path).catch(() => path);
    const mode = await stat(target).then(
      (s) => s.mode & 0o7777,
      () => undefined,
    );
    const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await writeFile(tmp, data, mode === undefined ? undefined : { mode });
      if (mode !== undefined) await chmod(tmp, mode); // writeFile's mode is filtered by the umask
      await this.beforeCommit?.(target);
      await rename(tmp, target);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      const errno = errnoOf(e);
      throw errno ? new CliFailure(fileErrorText(errno, 'spara arbetsboken', path), { cause: e }) : e;
    }
  }

  private find(tab: string): Worksheet | undefined {
    return this.wb.worksheets.find((ws) => ws.name === tab);
  }

  /** The tab with its cells (a drawn tab's filled in first). */
  private sheet(tab: string): Worksheet | undefined {
    this.fill(tab);
    this.applyWrites(tab);
    return this.find(tab);
  }

  private requireSheet(tab: string): Worksheet {
    const ws = this.sheet(tab);
    if (!ws) throw new Error(`Fliken "${tab}" finns inte.`);
    return ws;
  }

  tabNames(): string[] {
    return this.wb.worksheets.map((ws) => ws.name);
  }

  read(tab: string): CellValue[][] {
    const ws = this.sheet(tab);
    if (!ws) return [];
    const { lastRow, lastCol } = usedRange(ws);
    const out: CellValue[][] = [];
    // find*, not get*: reading must not create cells that a later save would write.
    for (let r = 1; r <= lastRow; r++) {
      const row = ws.findRow(r);
      const values: CellValue[] = new Array(lastCol).fill('');
      for (let c = 1; row && c <= lastCol; c++) {
        const cell = row.findCell(c);
        if (cell && cell.type !== exceljs().ValueType.Merge) values[c - 1] = toCellValue(cell.value, cell.numFmt);
      }
      out.push(values);
    }
    return out;
  }

  write(tab: string, row: number, col: number, values: CellValue[][], formats?: (string | null)[][]): void {
    // The same checks as Sheets' setValues: one rectangular block, formats of the same shape.
    const cols = values[0]?.length ?? 0;
    if (!Number.isInteger(row) || !Number.isInteger(col) || row < 1 || col < 1)
      throw new Error(`Ogiltig cell (${row}, ${col}).`);
    if (values.length === 0 || cols === 0) throw new Error('Tomt block.');
    if (values.some((r) => r.length !== cols)) throw new Error('Blocket är inte rektangulärt.');
    if (formats && (formats.length !== values.length || formats.some((r) => r.length !== cols))) {
      throw new Error('Formaten har inte blockets form.');
    }
    if (this.originalTabs.has(tab) && !this.freshTabs.has(tab)) {
      // Into the opened tab: recorded for the package save; ExcelJS's cells follow when needed.
      if (!this.find(tab)) throw new Error(`Fliken "${tab}" finns inte.`);
      // A date ExcelJS could not take is refused now, as writing the cell at once would.
      for (const line of values) for (const v of line) if (isCalendar(v)) isoToUtcDate(v.iso);
      let w = this.writes.get(tab);
      if (!w) this.writes.set(tab, (w = { blocks: [], applied: 0 }));
      // Copies: the caller may reuse its arrays.
      w.blocks.push({ row, col, values: values.map((line) => [...line]), formats: formats?.map((line) => [...line]) });
    } else {
      const ws = this.requireSheet(tab);
      values.forEach((line, i) => {
        const xrow = ws.getRow(row + i);
        line.forEach((value, j) => setCell(xrow.getCell(col + j), value, formats?.[i]?.[j], this.styles));
      });
    }
    this.changed = true;
  }

  /** The blocks written into an opened tab that ExcelJS does not hold yet, put into its worksheet in order. */
  private applyWrites(tab: string): void {
    const w = this.writes.get(tab);
    if (!w || w.applied === w.blocks.length) return;
    const ws = this.find(tab)!;
    for (const { row, col, values, formats } of w.blocks.slice(w.applied)) {
      values.forEach((line, i) => {
        const xrow = ws.getRow(row + i);
        line.forEach((value, j) => setCell(xrow.getCell(col + j), value, formats?.[i]?.[j], this.styles));
      });
    }
    w.applied = w.blocks.length;
  }

  createTab(tab: string, setup: TabSetup): void {
    if (this.find(tab)) throw new Error(`Fliken "${tab}" finns redan.`);
    this.freshTabs.add(tab);
    const frozen = setup.frozenRows ?? 1;
    const ws = this.wb.addWorksheet(tab, {
      views: frozen > 0 ? [{ state: 'frozen', xSplit: 0, ySplit: frozen }] : [],
    });
    setup.columns.forEach((column, i) => {
      const xcol = ws.getColumn(i + 1);
      // A column style: every cell typed into the column later gets the format.
      if (column.format) xcol.numFmt = column.format;
      if (column.width) xcol.width = pixelsToWidth(column.width);
      const cell = ws.getCell(1, i + 1);
      cell.value = column.header;
      cell.style = this.styles.shared({ ...cell.style, font: { bold: true } });
      const letter = columnLetters(i + 1);
      if (column.validation) {
        internals(ws).dataValidations.add(
          `${letter}2:${letter}${VALIDATED_ROWS + 1}`,
          validationModel(column.validation),
        );
      }
    });
    (setup.rows ?? []).forEach((line, i) => {
      const xrow = ws.getRow(i + 2);
      line.forEach((value, j) => setCell(xrow.getCell(j + 1), value, undefined, this.styles));
    });
    if (setup.protected) {
      // Only the tool writes here: a random password nobody knows keeps hands off in Excel too.
      // protect() does its work synchronously inside the returned promise's executor.
      void ws.protect(randomBytes(18).toString('base64'), { spinCount: 1000 });
    }
    this.changed = true;
  }

  drawTab(tab: string, doc: SheetDocument): void {
    const existing = this.find(tab);
    const orderNo = existing ? internals(existing).orderNo : undefined;
    if (existing) this.wb.removeWorksheet(existing.id);
    this.freshTabs.add(tab);
    this.writes.delete(tab);
    const ws = this.wb.addWorksheet(tab, {
      views: [{ showGridLines: false }],
      pageSetup: {
        paperSize: 9, // A4
        orientation: doc.print?.portrait === false ? 'landscape' : 'portrait',
        fitToPage: doc.print?.fitToWidth ?? true,
        fitToWidth: 1,
        fitToHeight: 0,
        showGridLines: false,
      },
    });
    if (orderNo !== undefined) internals(ws).orderNo = orderNo; // keep its place among the tabs
    // The cells come later, when something needs them in ExcelJS (the package save does not).
    this.drawn.set(tab, doc);
    this.changed = true;
  }

  /** A drawn tab's cells, widths, merges and row heights put into its ExcelJS worksheet. */
  private fill(tab: string): void {
    const doc = this.drawn.get(tab);
    if (!doc) return;
    this.drawn.delete(tab);
    const ws = this.find(tab)!;
    doc.columnWidths.forEach((px, i) => {
      ws.getColumn(i + 1).width = pixelsToWidth(px);
    });
    doc.rows.forEach((line, i) => {
      const xrow = ws.getRow(i + 1);
      line.forEach((dc, j) => {
        if (!dc) return;
        const cell = xrow.getCell(j + 1);
        cell.value = rawValue(dc.value);
        cell.style = this.styles.ofDocCell(dc, dc.format ?? (isCalendar(dc.value) ? FORMAT.date : undefined));
      });
    });
    for (const m of doc.merges ?? []) {
      if (m.rows <= 1 && m.cols <= 1) continue;
      ws.mergeCells(m.row, m.col, m.row + m.rows - 1, m.col + m.cols - 1);
    }
    for (const [row, points] of wrappedRowHeights(doc)) ws.getRow(row).height = points;
  }

  deleteTab(tab: string): void {
    const ws = this.find(tab);
    if (!ws) return;
    this.drawn.delete(tab);
    this.writes.delete(tab);
    this.wb.removeWorksheet(ws.id);
    this.freshTabs.delete(tab);
    this.changed = true;
  }

  merges(tab: string): CellBlock[] {
    const ws = this.sheet(tab);
    if (!ws) return [];
    const { lastRow, lastCol } = usedRange(ws);
    const out: CellBlock[] = [];
    for (const m of Object.values(internals(ws)._merges ?? {})) {
      if (!m || m.top > lastRow || m.left > lastCol) continue;
      out.push({ row: m.top, col: m.left, rows: m.bottom - m.top + 1, cols: m.right - m.left + 1 });
    }
    return out.sort((a, b) => a.row - b.row || a.col - b.col);
  }

  /**
   * Hides the tabs (the sheet's state="hidden" in workbook.xml, which Excel and LibreOffice show
   * again from their lists of hidden sheets); a name that is no tab, or one already hidden, is
   * left alone. A workbook always keeps a visible tab, and opens on one.
   */
  hideTabs(tabs: readonly string[]): void {
    const wanted = new Set(tabs);
    const sheets = this.wb.worksheets;
    const stays = sheets.filter((ws) => ws.state !== 'hidden' && !wanted.has(ws.name));
    if (stays.length === 0) return;
    let hid = false;
    for (const ws of sheets) {
      if (wanted.has(ws.name) && ws.state !== 'hidden') {
        ws.state = 'hidden';
        hid = true;
      }
    }
    if (!hid) return;
    // The tab the file opens on must be visible (Excel opens a hidden active tab as if shown).
    const views = this.wb.views ?? [];
    const active = views[0]?.activeTab ?? 0;
    if (sheets[active] === undefined || sheets[active].state === 'hidden') {
      const first = sheets.indexOf(stays[0]);
      this.wb.views = [{ ...(views[0] ?? {}), activeTab: first, firstSheet: 0 }, ...views.slice(1)];
      this.openOn = stays[0].name;
    }
    this.changed = true;
  }
}

/** The used range: from A1 to the last row and column holding a value (styles alone do not count). */
function usedRange(ws: Worksheet): { lastRow: number; lastCol: number } {
  let lastRow = 0;
  let lastCol = 0;
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (isEmptyRaw(cell)) return;
      if (r > lastRow) lastRow = r;
      if (c > lastCol) lastCol = c;
    });
  });
  return { lastRow, lastCol };
}

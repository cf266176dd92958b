/**
 * The fewest Apps Script calls a billing run can make, derived from what it must read and write.
 *
 * The run is replayed on an in-memory workbook that records every port operation together with
 * its data (blocks, formats, drawn documents). From those operations the minimum is counted the
 * way a perfectly batched SpreadsheetApp port would need them:
 *   session  getActiveSpreadsheet 1, getSheets 1, Sheet.getName once per existing tab
 *   read     per tab read once: getDataRange 1 + getValues 1
 *   write    per block: getRange 1 + setValues 1 (+ setNumberFormats 1 when it carries formats)
 *   draw     per sheet: insertSheet 1 (or clear 1), getRange 1 over the whole document (values and
 *            every style go through that one range), setValues 1, one batched call per style kind
 *            present (setNumberFormats, setFontWeights, setFontStyles, setFontSizes,
 *            setHorizontalAlignments, setBackgrounds, setWraps), getRange+merge per merged block
 *            (SpreadsheetApp has no batched merge), setColumnWidths per run of equal widths,
 *            setHiddenGridlines 1 when a print setup is given, insertRowsAfter 1 when the document
 *            is taller than the 1 000 rows of a new sheet, deleteRows 1 when it is shorter (a
 *            drawn sheet keeps exactly its document's rows, so redraws never grow the file), and
 *            for a protected document (an invoice sheet, SPEC §4 "Who may") protect, setDescription
 *            (how the re-synchronisation finds it) and setWarningOnly or the editors: 3.
 * Tabs are counted as read once each, whatever the product does: a second read is waste.
 */
import { MemoryWorkbook } from '../tests/fixtures/memoryPort';
import type { CellValue, SheetDocument, TabSetup } from '../src/workbook/port';

export interface PortOperation {
  op: 'read' | 'write' | 'drawTab' | 'createTab' | 'deleteTab';
  tab: string;
  rows?: number;
  cols?: number;
  formats?: boolean;
  doc?: SheetDocument;
}

/** A MemoryWorkbook that keeps the data of every operation, for deriving the minimum. */
export class RecordingWorkbook extends MemoryWorkbook {
  readonly operations: PortOperation[] = [];
  tabNamesCalls = 0;

  override tabNames(): string[] {
    this.tabNamesCalls += 1;
    return super.tabNames();
  }
  override read(tab: string): CellValue[][] {
    this.operations.push({ op: 'read', tab });
    return super.read(tab);
  }
  override write(tab: string, row: number, col: number, values: CellValue[][], formats?: (string | null)[][]): void {
    const rows = values.length;
    const cols = rows ? values[0].length : 0;
    this.operations.push({
      op: 'write',
      tab,
      rows,
      cols,
      formats: !!formats && formats.some((r) => r.some((f) => f !== null && f !== undefined)),
    });
    super.write(tab, row, col, values, formats);
  }
  override drawTab(tab: string, doc: SheetDocument): void {
    this.operations.push({ op: 'drawTab', tab, doc });
    super.drawTab(tab, doc);
  }
  override createTab(tab: string, setup: TabSetup): void {
    this.operations.push({ op: 'createTab', tab });
    super.createTab(tab, setup);
  }
  override deleteTab(tab: string): void {
    this.operations.push({ op: 'deleteTab', tab });
    super.deleteTab(tab);
  }
}

/** Minimum calls by category, with the reasoning kept for printing. */
export interface MinimumCalls {
  session: number;
  reads: number; // getValues
  readHandles: number; // getDataRange
  writes: number; // setValues (blocks and drawn sheets)
  formats: number; // number formats, styles, merges, widths, gridlines
  structure: number; // insertSheet / clear
  rangeHandles: number; // getRange
  total: number;
  tabsRead: string[];
  blocks: { tab: string; rows: number; cols: number; formats: boolean }[];
  sheetsDrawn: number;
  /** Port-level waste: tabs the product read more than once. */
  repeatedReads: Record<string, number>;
}

/** Rows of a sheet made by insertSheet in Sheets. */
const NEW_SHEET_ROWS = 1000;

const STYLE_KEYS = ['format', 'bold', 'italic', 'size', 'align', 'background', 'wrap'] as const;

/** Minimum calls to draw one document into a fresh sheet. */
export function drawCalls(doc: SheetDocument): {
  structure: number;
  rangeHandles: number;
  writes: number;
  formats: number;
} {
  const present = new Set<string>();
  for (const row of doc.rows) {
    for (const cell of row) {
      if (!cell) continue;
      for (const k of STYLE_KEYS) if (cell[k] !== undefined && cell[k] !== false) present.add(k);
    }
  }
  // bold and italic are separate batched calls (setFontWeights, setFontStyles).
  let formats = present.size;
  const merges = doc.merges?.length ?? 0;
  formats += merges;
  let widthRuns = 0;
  doc.columnWidths.forEach((w, i) => {
    if (i === 0 || w !== doc.columnWidths[i - 1]) widthRuns += 1;
  });
  formats += widthRuns;
  if (doc.print) formats += 1;
  if (doc.protected) formats += 3;
  const resize = doc.rows.length !== NEW_SHEET_ROWS ? 1 : 0;
  return { structure: 1 + resize, rangeHandles: 1 + merges, writes: 1, formats };
}

export function minimumCalls(book: RecordingWorkbook, tabsAtStart: number): MinimumCalls {
  const readCounts: Record<string, number> = {};
  const blocks: MinimumCalls['blocks'] = [];
  let writes = 0,
    formats = 0,
    structure = 0,
    rangeHandles = 0,
    sheetsDrawn = 0;
  for (const op of book.operations) {
    if (op.op === 'read') readCounts[op.tab] = (readCounts[op.tab] ?? 0) + 1;
    if (op.op === 'write') {
      blocks.push({ tab: op.tab, rows: op.rows!, cols: op.cols!, formats: !!op.formats });
      writes += 1;
      rangeHandles += 1;
      if (op.formats) formats += 1;
    }
    if (op.op === 'drawTab') {
      const d = drawCalls(op.doc!);
      structure += d.structure;
      rangeHandles += d.rangeHandles;
      writes += d.writes;
      formats += d.formats;
      sheetsDrawn += 1;
    }
    if (op.op === 'createTab' || op.op === 'deleteTab') structure += 1;
  }
  const tabsRead = Object.keys(readCounts);
  const repeatedReads = Object.fromEntries(Object.entries(readCounts).filter(([, n]) => n > 1));
  const session = 2 + tabsAtStart;
  const reads = tabsRead.length;
  const readHandles = tabsRead.length;
  return {
    session,
    reads,
    readHandles,
    writes,
    formats,
    structure,
    rangeHandles,
    total: session + reads + readHandles + writes + formats + structure + rangeHandles,
    tabsRead,
    blocks,
    sheetsDrawn,
    repeatedReads,
  };
}

/** Which category a counted Apps Script call belongs to. */
export function callCategory(
  kind: string,
): keyof Omit<MinimumCalls, 'total' | 'tabsRead' | 'blocks' | 'sheetsDrawn' | 'repeatedReads'> | 'other' {
  const [service, method = ''] = kind.split('.');
  if (!['SpreadsheetApp', 'Spreadsheet', 'Sheet', 'Range', 'RangeList'].includes(service)) return 'other';
  if (
    kind === 'SpreadsheetApp.getActiveSpreadsheet' ||
    kind === 'SpreadsheetApp.getActive' ||
    kind === 'Spreadsheet.getSheets' ||
    kind === 'Sheet.getName'
  )
    return 'session';
  if (/^get(Values|Value|DisplayValues|DisplayValue|Formulas|Formula)$/.test(method)) return 'reads';
  if (method === 'getDataRange' || kind === 'Spreadsheet.getSheetByName') return 'readHandles';
  if (/^(getRange|getRangeList|getCell|offset)$/.test(method)) return 'rangeHandles';
  if (/^set(Values|Value|Formulas|Formula|RichTextValues?)$/.test(method)) return 'writes';
  if (
    /^(insertSheet|deleteSheet|clear|clearContents?|clearFormats?|insertRowsAfter|insertRowsBefore|insertRows|deleteRows|insertColumnsAfter|insertColumns|deleteColumns)$/.test(
      method,
    )
  )
    return 'structure';
  if (/^(set|merge|breakApart|protect|hide|show|insert|delete|autoResize)/.test(method)) return 'formats';
  return 'other';
}

/** Counted calls summed by category. */
export function categorize(calls: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [kind, n] of Object.entries(calls)) {
    const c = callCategory(kind);
    out[c] = (out[c] ?? 0) + n;
  }
  return out;
}

/** Calls of the spreadsheet services (SpreadsheetApp, Spreadsheet, Sheet, Range): what the minimum bounds. */
export function spreadsheetCalls(calls: Record<string, number>): number {
  return Object.entries(categorize(calls))
    .filter(([c]) => c !== 'other')
    .reduce((s, [, n]) => s + n, 0);
}

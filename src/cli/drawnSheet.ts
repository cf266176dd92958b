/**
 * A drawn sheet (an invoice) as worksheet XML, written straight from its SheetDocument: the same
 * parts ExcelJS writes for such a tab (print setup, column widths, the wrapped rows' heights, the
 * cells with their formats, merges), without building ExcelJS's cell objects first. At 100 000
 * attendance rows the invoice sheets hold as many specification rows again, and those objects were
 * a large part of the memory the garbage collector had to go through.
 *
 * The format: ECMA-376 Part 1, §18.3.1.99 worksheet (its children in the schema's order).
 */
import { columnLetters } from '../workbook/cells';
import { FORMAT, minutesOf, type CellStyle, type CellValue, type DocCell, type SheetDocument } from '../workbook/port';
import { wrappedRowHeights } from './rowHeights';
import { concatBytes, Utf8Blocks } from './utf8Blocks';

/** Where a drawn sheet's cells get their style and string indices: the saved workbook's styles.xml and sharedStrings.xml. */
export interface DrawnSheetTarget {
  /** The cellXfs index of a drawn cell's style with the number format `format` (none: General). */
  xf(style: CellStyle, format: string | undefined): number;
  /** The shared string's index. */
  string(text: string): number;
  date1904: boolean;
}

/** Excel measures column widths in characters of the default font; the product in pixels. */
export function pixelsToWidth(px: number): number {
  return Math.max(1, Math.round(((px - 5) / 7) * 100) / 100);
}

/** '#rrggbb' as the ARGB of a spreadsheet colour (white when it is no such colour). */
export function argb(hex: string): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  return `FF${(m ? m[1] : 'FFFFFF').toUpperCase()}`;
}

export const isCalendarValue = (v: unknown): v is { iso: string } =>
  typeof v === 'object' && v !== null && typeof (v as { iso?: unknown }).iso === 'string';

/** Excel's serial day number of a calendar date (1900 or 1904 date system). */
export function serialDate(iso: string, date1904: boolean): number {
  const [y, m, d] = iso.split('-').map(Number);
  const days = Date.UTC(y, m - 1, d) / 86_400_000 + 25_569;
  return date1904 ? days - 1462 : days;
}

/**
 * One cell's XML, drawn or patched alike; an empty value leaves a cell that holds only its style.
 * Undefined for a value no cell holds as it is (a number that is not finite, an object that is
 * no date): each caller decides what becomes of it.
 */
export function valueCellXml(
  ref: string,
  style: number,
  value: CellValue,
  string: (text: string) => number,
  serial: (iso: string) => number,
): string | undefined {
  const s = style > 0 ? ` s="${style}"` : '';
  if (value === '' || value === null || value === undefined) return `<c r="${ref}"${s}/>`;
  if (typeof value === 'string') return `<c r="${ref}"${s} t="s"><v>${string(value)}</v></c>`;
  if (typeof value === 'boolean') return `<c r="${ref}"${s} t="b"><v>${value ? 1 : 0}</v></c>`;
  if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : undefined;
  // A date-time's serial carries the time of day as the fraction of the day.
  if (isCalendarValue(value)) return `<c r="${ref}"${s}><v>${serial(value.iso) + minutesOf(value) / 1440}</v></c>`;
  return undefined;
}

/** A drawn cell's XML: a number that is not finite is left empty, anything else odd is written as its text. */
function cellXml(
  ref: string,
  style: number,
  value: CellValue,
  string: (text: string) => number,
  serial: (iso: string) => number,
): string {
  return (
    valueCellXml(ref, style, value, string, serial) ??
    valueCellXml(ref, style, typeof value === 'number' ? '' : String(value), string, serial)!
  );
}

const encoder = new TextEncoder();

/**
 * The cells that a merge covers besides its first, by row then column (1-based), each with the
 * merge's first cell: they are written empty with its style, as ExcelJS's mergeCells leaves them.
 */
function coveredCells(doc: SheetDocument): Map<number, Map<number, DocCell | null>> {
  const out = new Map<number, Map<number, DocCell | null>>();
  for (const m of doc.merges ?? []) {
    if (m.rows <= 1 && m.cols <= 1) continue;
    const master = doc.rows[m.row - 1]?.[m.col - 1] ?? null;
    for (let r = m.row; r < m.row + m.rows; r++) {
      let row = out.get(r);
      if (!row) out.set(r, (row = new Map()));
      for (let c = m.col; c < m.col + m.cols; c++) if (r !== m.row || c !== m.col) row.set(c, master);
    }
  }
  return out;
}

/** The cells of one row in column order: the drawn ones and the ones merges cover. */
function rowCells(
  line: readonly (DocCell | null)[],
  covered: Map<number, DocCell | null> | undefined,
): [number, DocCell | null, boolean][] {
  const cells: [number, DocCell | null, boolean][] = [];
  line.forEach((dc, j) => {
    if (dc && !covered?.has(j + 1)) cells.push([j + 1, dc, false]);
  });
  if (covered) {
    for (const [c, master] of covered) cells.push([c, master, true]);
    cells.sort((a, b) => a[0] - b[0]);
  }
  return cells;
}

/**
 * sheetData into `out`: the rows that hold cells, a wrapped row with the height its text needs;
 * the used range's last row and column are returned.
 */
function writeSheetData(
  doc: SheetDocument,
  target: DrawnSheetTarget,
  out: Utf8Blocks,
): { lastRow: number; lastCol: number } {
  const heights = wrappedRowHeights(doc);
  const covered = coveredCells(doc);
  const styleOf = (dc: DocCell | null) =>
    dc ? target.xf(dc, dc.format ?? (isCalendarValue(dc.value) ? FORMAT.date : undefined)) : 0;
  const rowCount = Math.max(doc.rows.length, ...covered.keys());
  // Column letters and date serials once each: a specification repeats them on every row.
  const letters: string[] = [];
  const letter = (c: number) => (letters[c] ??= columnLetters(c));
  const serials = new Map<string, number>();
  const serial = (iso: string) => serials.get(iso) ?? serials.set(iso, serialDate(iso, target.date1904)).get(iso)!;
  const string = (text: string) => target.string(text);
  let lastRow = 0;
  let lastCol = 0;
  out.push('<sheetData>');
  for (let r = 1; r <= rowCount; r++) {
    const line = doc.rows[r - 1] ?? [];
    const merged = covered.get(r);
    const start = `<row r="${r}"${heights.has(r) ? ` ht="${heights.get(r)}" customHeight="1"` : ''}>`;
    let any = false;
    const cell = (c: number, dc: DocCell | null, value: CellValue) => {
      if (!any) out.push(start);
      any = true;
      out.push(cellXml(`${letter(c)}${r}`, styleOf(dc), value, string, serial));
      lastCol = Math.max(lastCol, c);
    };
    if (merged) for (const [c, dc, isCovered] of rowCells(line, merged)) cell(c, dc, isCovered || !dc ? '' : dc.value);
    else line.forEach((dc, j) => dc && cell(j + 1, dc, dc.value));
    if (!any) continue;
    out.push('</row>');
    lastRow = r;
  }
  out.push('</sheetData>');
  return { lastRow, lastCol };
}

/** The worksheet part of a drawn tab: A4, fitted to the page's width as the document asks, without gridlines. */
export function drawnSheetXml(doc: SheetDocument, target: DrawnSheetTarget): Uint8Array {
  const fit = doc.print?.fitToWidth ?? true;
  const body = new Utf8Blocks();
  const { lastRow, lastCol } = writeSheetData(doc, target, body);
  const cols = doc.columnWidths
    .map((px, i) => `<col min="${i + 1}" max="${i + 1}" width="${pixelsToWidth(px)}" customWidth="1"/>`)
    .join('');
  const merges = (doc.merges ?? [])
    .filter((m) => m.rows > 1 || m.cols > 1)
    .map(
      (m) =>
        `<mergeCell ref="${columnLetters(m.col)}${m.row}:${columnLetters(m.col + m.cols - 1)}${m.row + m.rows - 1}"/>`,
    );
  const orientation = doc.print?.portrait === false ? 'landscape' : 'portrait';
  const out = new Utf8Blocks();
  out.push(
    [
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">',
      fit ? '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' : '',
      `<dimension ref="${lastRow && lastCol ? `A1:${columnLetters(lastCol)}${lastRow}` : 'A1'}"/>`,
      '<sheetViews><sheetView workbookViewId="0" showGridLines="0"/></sheetViews>',
      '<sheetFormatPr defaultRowHeight="15"/>',
      cols ? `<cols>${cols}</cols>` : '',
    ].join(''),
  );
  const head = out.bytes();
  const tail = encoder.encode(
    [
      merges.length ? `<mergeCells count="${merges.length}">${merges.join('')}</mergeCells>` : '',
      '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>',
      `<pageSetup paperSize="9" orientation="${orientation}" fitToWidth="1" fitToHeight="0"/>`,
      '</worksheet>',
    ].join(''),
  );
  return concatBytes([head, body.bytes(), tail]);
}

/** The XML of a drawn cell's font, fill and alignment, as ExcelJS writes them for the same style. */
export function drawnStyleParts(style: CellStyle): { font: string | null; fill: string | null; alignment: string } {
  const font =
    style.bold || style.italic || style.size
      ? `<font>${style.bold ? '<b/>' : ''}${style.italic ? '<i/>' : ''}${style.size ? `<sz val="${style.size}"/>` : ''}</font>`
      : null;
  const fill = style.background
    ? `<fill><patternFill patternType="solid"><fgColor rgb="${argb(style.background)}"/></patternFill></fill>`
    : null;
  // Top-aligned: a row made tall by a wrapped description keeps its numbers on the first line.
  const alignment = `<alignment${style.align ? ` horizontal="${style.align}"` : ''} vertical="top"${style.wrap ? ' wrapText="1"' : ''}/>`;
  return { font, fill, alignment };
}

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
import { FORMAT, type CellStyle, type CellValue, type SheetDocument } from '../workbook/port';
import { wrappedRowHeights } from './rowHeights';

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

const isCalendarValue = (v: unknown): v is { iso: string } =>
  typeof v === 'object' && v !== null && typeof (v as { iso?: unknown }).iso === 'string';

/** Excel's serial day number of a calendar date (1900 or 1904 date system). */
export function serialDate(iso: string, date1904: boolean): number {
  const [y, m, d] = iso.split('-').map(Number);
  const days = Date.UTC(y, m - 1, d) / 86_400_000 + 25_569;
  return date1904 ? days - 1462 : days;
}

/** One cell's XML; an empty value leaves a cell that holds only its style. */
function cellXml(ref: string, style: number, value: CellValue, target: DrawnSheetTarget): string {
  const s = style > 0 ? ` s="${style}"` : '';
  if (value === '' || value === null || value === undefined) return `<c r="${ref}"${s}/>`;
  if (typeof value === 'string') return `<c r="${ref}"${s} t="s"><v>${target.string(value)}</v></c>`;
  if (typeof value === 'boolean') return `<c r="${ref}"${s} t="b"><v>${value ? 1 : 0}</v></c>`;
  if (typeof value === 'number')
    return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : `<c r="${ref}"${s}/>`;
  if (isCalendarValue(value)) return `<c r="${ref}"${s}><v>${serialDate(value.iso, target.date1904)}</v></c>`;
  return `<c r="${ref}"${s} t="s"><v>${target.string(String(value))}</v></c>`;
}

/**
 * The cells of the document by row: each drawn cell with its style, and the other cells of a
 * merge empty with the style of the merge's first cell (as ExcelJS's mergeCells leaves them).
 */
function styledRows(doc: SheetDocument, target: DrawnSheetTarget): { lastCol: number; rows: Map<number, string>[] } {
  const rows: Map<number, string>[] = doc.rows.map(() => new Map());
  let lastCol = 0;
  const styleOf = (r: number, c: number): number => {
    const dc = doc.rows[r - 1]?.[c - 1];
    return dc ? target.xf(dc, dc.format ?? (isCalendarValue(dc.value) ? FORMAT.date : undefined)) : 0;
  };
  doc.rows.forEach((line, i) => {
    line.forEach((dc, j) => {
      if (!dc) return;
      rows[i].set(j + 1, cellXml(`${columnLetters(j + 1)}${i + 1}`, styleOf(i + 1, j + 1), dc.value, target));
      lastCol = Math.max(lastCol, j + 1);
    });
  });
  for (const m of doc.merges ?? []) {
    if (m.rows <= 1 && m.cols <= 1) continue;
    const style = styleOf(m.row, m.col);
    for (let r = m.row; r < m.row + m.rows; r++) {
      while (rows.length < r) rows.push(new Map());
      for (let c = m.col; c < m.col + m.cols; c++) {
        if (r === m.row && c === m.col) continue;
        rows[r - 1].set(c, cellXml(`${columnLetters(c)}${r}`, style, '', target));
        lastCol = Math.max(lastCol, c);
      }
    }
  }
  return { lastCol, rows };
}

/** sheetData: the rows that hold cells, a wrapped row with the height its text needs. */
function sheetData(rows: Map<number, string>[], heights: Map<number, number>): string {
  const out: string[] = ['<sheetData>'];
  rows.forEach((cells, i) => {
    if (cells.size === 0) return;
    const ht = heights.get(i + 1);
    out.push(`<row r="${i + 1}"${ht === undefined ? '' : ` ht="${ht}" customHeight="1"`}>`);
    for (const c of [...cells.keys()].sort((a, b) => a - b)) out.push(cells.get(c)!);
    out.push('</row>');
  });
  out.push('</sheetData>');
  return out.join('');
}

/** The worksheet part of a drawn tab: A4, fitted to the page's width as the document asks, without gridlines. */
export function drawnSheetXml(doc: SheetDocument, target: DrawnSheetTarget): string {
  const fit = doc.print?.fitToWidth ?? true;
  const { lastCol, rows } = styledRows(doc, target);
  const lastRow = rows.reduce((n, cells, i) => (cells.size ? i + 1 : n), 0);
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
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">',
    fit ? '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' : '',
    `<dimension ref="${lastRow && lastCol ? `A1:${columnLetters(lastCol)}${lastRow}` : 'A1'}"/>`,
    '<sheetViews><sheetView workbookViewId="0" showGridLines="0"/></sheetViews>',
    '<sheetFormatPr defaultRowHeight="15"/>',
    cols ? `<cols>${cols}</cols>` : '',
    sheetData(rows, wrappedRowHeights(doc)),
    merges.length ? `<mergeCells count="${merges.length}">${merges.join('')}</mergeCells>` : '',
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>',
    `<pageSetup paperSize="9" orientation="${orientation}" fitToWidth="1" fitToHeight="0"/>`,
    '</worksheet>',
  ].join('');
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

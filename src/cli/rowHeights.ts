/**
 * Row heights for the wrapped cells of a drawn sheet in the .xlsx. Google Sheets grows a row to
 * fit wrapped text by itself; Excel and LibreOffice keep the height stored in the file, so a
 * wrapped description would run over the next row. The lines are estimated from the text's
 * length and the cell's width (merged columns summed), the way the column widths are in pixels.
 */
import type { SheetDocument } from '../workbook/port';

const DEFAULT_SIZE = 10; // points, the drawn sheets' body text
const CHAR_PX_PER_POINT = 0.62; // an average character of a proportional font, in pixels per point
const LINE_POINTS_PER_POINT = 1.35; // line height relative to the font size
const CELL_PADDING_PX = 6;

/** Lines a text needs at this width and font size (explicit line breaks kept). */
export function wrappedLines(text: string, widthPx: number, size: number): number {
  const perLine = Math.max(1, Math.floor((widthPx - CELL_PADDING_PX) / (CHAR_PX_PER_POINT * size)));
  return text.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil(part.length / perLine)), 0);
}

/** Width in pixels of the cell at (row, col), 1-based, over the columns a merge gives it. */
function cellWidth(doc: SheetDocument, row: number, col: number): number {
  const merge = (doc.merges ?? []).find((m) => m.row === row && m.col === col);
  const cols = merge ? merge.cols : 1;
  return doc.columnWidths.slice(col - 1, col - 1 + cols).reduce((a, b) => a + b, 0);
}

/** The height Excel and LibreOffice give a row nobody sized, in points. */
export const DEFAULT_ROW_POINTS = 15;

/**
 * Row (1-based) → height in points, for each row whose text needs more than the default height:
 * wrapped text of more than one line, or a large heading (the invoice's title would otherwise
 * run into the seller's name below it).
 */
export function wrappedRowHeights(doc: SheetDocument): Map<number, number> {
  const heights = new Map<number, number>();
  doc.rows.forEach((line, i) => {
    let points = 0;
    line.forEach((cell, j) => {
      if (!cell || typeof cell.value !== 'string' || cell.value === '') return;
      const size = cell.size ?? DEFAULT_SIZE;
      const lines = cell.wrap ? wrappedLines(cell.value, cellWidth(doc, i + 1, j + 1), size) : 1;
      points = Math.max(points, Math.ceil(lines * size * LINE_POINTS_PER_POINT));
    });
    if (points > DEFAULT_ROW_POINTS) heights.set(i + 1, points);
  });
  return heights;
}

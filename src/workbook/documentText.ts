/**
 * A SheetDocument as plain text lines (tests compare the sheet with its PDF), values read as the
 * sheet shows them (format.ts). The PDF itself is drawn by pdf/layout.ts, with no HTML between.
 */
import { formatCell } from './format';
import type { SheetDocument } from './port';

/** One line per row that shows anything: the row's non-empty cell texts joined by two spaces. */
export function documentToLines(doc: SheetDocument): string[] {
  const lines: string[] = [];
  for (const cells of doc.rows) {
    const texts = cells.map((c) => formatCell(c)).filter((s) => s !== '');
    if (texts.length > 0) lines.push(texts.join('  '));
  }
  return lines;
}

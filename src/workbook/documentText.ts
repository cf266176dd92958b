/**
 * A SheetDocument as HTML (Apps Script turns it into the PDF; dialogs show it as a preview) and
 * as plain text lines (tests compare the sheet with the PDF). Values read as the sheet shows
 * them (format.ts); every value is HTML-escaped.
 */
import { formatCell } from './format';
import type { DocCell, SheetDocument } from './port';

export { escapeHtml } from '../core/escape';
import { escapeHtml } from '../core/escape';

function cellStyle(cell: DocCell): string {
  const css: string[] = [];
  if (cell.bold) css.push('font-weight:bold');
  if (cell.italic) css.push('font-style:italic');
  if (cell.size) css.push(`font-size:${cell.size}pt`);
  if (cell.align) css.push(`text-align:${cell.align}`);
  if (cell.background && /^#[0-9a-fA-F]{6}$/.test(cell.background)) css.push(`background:${cell.background}`);
  css.push(cell.wrap ? 'white-space:pre-wrap' : 'white-space:pre');
  return css.join(';');
}

/** A self-contained HTML page with the document as one table (A4 portrait). */
export function documentToHtml(doc: SheetDocument, title = ''): string {
  const covered = new Set<string>(); // cells hidden under a merge
  const spans = new Map<string, { rows: number; cols: number }>();
  for (const m of doc.merges ?? []) {
    spans.set(`${m.row},${m.col}`, { rows: m.rows, cols: m.cols });
    for (let r = m.row; r < m.row + m.rows; r++) {
      for (let c = m.col; c < m.col + m.cols; c++) if (r !== m.row || c !== m.col) covered.add(`${r},${c}`);
    }
  }
  const width = doc.columnWidths.reduce((a, b) => a + b, 0);
  const out: string[] = [];
  out.push('<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">');
  out.push(`<title>${escapeHtml(title)}</title>`);
  out.push(
    '<style>@page{size:A4 portrait;margin:15mm}body{font-family:Arial,Helvetica,sans-serif;font-size:10pt;color:#000}' +
      'table{border-collapse:collapse;table-layout:fixed}td{padding:2px 4px;vertical-align:top;overflow:hidden}</style>',
  );
  out.push('</head><body>');
  out.push(`<table style="width:${width}px"><colgroup>`);
  for (const w of doc.columnWidths) out.push(`<col style="width:${w}px">`);
  out.push('</colgroup>');
  doc.rows.forEach((cells, i) => {
    const r = i + 1;
    out.push('<tr>');
    for (let c = 1; c <= doc.columnWidths.length; c++) {
      if (covered.has(`${r},${c}`)) continue;
      const cell = cells[c - 1] ?? null;
      const span = spans.get(`${r},${c}`);
      const attrs = span ? `${span.cols > 1 ? ` colspan="${span.cols}"` : ''}${span.rows > 1 ? ` rowspan="${span.rows}"` : ''}` : '';
      if (cell === null) out.push(`<td${attrs}>&nbsp;</td>`);
      else out.push(`<td${attrs} style="${cellStyle(cell)}">${escapeHtml(formatCell(cell)) || '&nbsp;'}</td>`);
    }
    out.push('</tr>');
  });
  out.push('</table></body></html>');
  return out.join('');
}

/** One line per row that shows anything: the row's non-empty cell texts joined by two spaces. */
export function documentToLines(doc: SheetDocument): string[] {
  const lines: string[] = [];
  for (const cells of doc.rows) {
    const texts = cells.map((c) => formatCell(c)).filter((s) => s !== '');
    if (texts.length > 0) lines.push(texts.join('  '));
  }
  return lines;
}

/**
 * The invoice PDF of both hosts: the SheetDocument drawn as the invoice sheet, laid out on A4
 * portrait with the embedded Unicode font (writer.ts). One layout, so the command line's file and
 * the Apps Script attachment are the same bytes for the same document.
 */
import type { DocCell, SheetDocument } from '../port';
import { formatCell } from '../format';
import { A4, PdfWriter, textWidth, type FaceName } from './writer';

const MARGIN = 36; // pt, half an inch like Sheets' narrow margins
const PX_TO_PT = 0.75;
const DEFAULT_SIZE = 10;
const PAD_X = 3;
const PAD_Y = 2.5;
const LINE = 1.25; // line height as a multiple of the font size

export interface PdfOptions {
  title?: string;
  /** Creation time written into the file (fixed for reproducible output). */
  creationDate: Date;
}

interface Grid {
  widths: number[];
  xs: number[];
  scale: number;
  colCount: number;
  spans: Map<string, { rows: number; cols: number }>;
  covered: Set<string>;
}

interface Placed {
  cell: DocCell;
  x: number;
  width: number;
  rows: number;
  textX: number;
  textWidth: number;
  lines: string[];
}

/** The PDF file's bytes for the document. */
export function documentPdf(doc: SheetDocument, options: PdfOptions): Uint8Array {
  const grid = gridOf(doc);
  const placed = doc.rows.map((_, r) => placeRow(doc, grid, r));
  const heights = placed.map((row) => rowHeight(row, grid.scale));
  const pdf = new PdfWriter();
  pdf.addPage();
  const bottom = A4.height - MARGIN;
  let y = MARGIN;
  placed.forEach((row, r) => {
    if (y + heights[r] > bottom && y > MARGIN) {
      pdf.addPage();
      y = MARGIN;
    }
    // In a row with wrapped text, the other cells (the numbers) stand on its first line.
    const top = row.some((p) => p.lines.length > 1);
    for (const p of row) {
      const height = heights.slice(r, r + p.rows).reduce((a, b) => a + b, 0);
      drawCell(pdf, p, { y, height, scale: grid.scale, top });
    }
    y += heights[r];
  });
  return pdf.bytes({ title: options.title, creationDate: options.creationDate });
}

/** Column widths fitted to the page (shrunk like Sheets' "fit to width", never enlarged), merges. */
function gridOf(doc: SheetDocument): Grid {
  const available = A4.width - 2 * MARGIN;
  const colCount = Math.max(doc.columnWidths.length, ...doc.rows.map((r) => r.length), 0);
  const natural = Array.from({ length: colCount }, (_, i) => (doc.columnWidths[i] ?? 100) * PX_TO_PT);
  const sum = natural.reduce((a, b) => a + b, 0);
  const scale = sum > available ? available / sum : 1;
  const widths = natural.map((w) => w * scale);
  const xs: number[] = [];
  widths.reduce((x, w, i) => ((xs[i] = x), x + w), MARGIN);
  const spans = new Map<string, { rows: number; cols: number }>();
  const covered = new Set<string>();
  for (const m of doc.merges ?? []) {
    spans.set(`${m.row - 1}:${m.col - 1}`, { rows: m.rows, cols: m.cols });
    for (let r = 0; r < m.rows; r++)
      for (let c = 0; c < m.cols; c++) if (r || c) covered.add(`${m.row - 1 + r}:${m.col - 1 + c}`);
  }
  return { widths, xs, scale, colCount, spans, covered };
}

const faceOf = (cell: DocCell): FaceName => (cell.bold ? 'bold' : 'regular');
const sizeOf = (cell: DocCell, scale: number) => Math.max(5, (cell.size ?? DEFAULT_SIZE) * scale);
const alignOf = (cell: DocCell) => cell.align ?? (typeof cell.value === 'number' ? 'right' : 'left');

/** Places the row's cells; unwrapped text runs on over empty neighbours, as in the sheet. */
function placeRow(doc: SheetDocument, grid: Grid, r: number): Placed[] {
  const isEmpty = (c: number) => {
    const cell = doc.rows[r]?.[c];
    return !grid.covered.has(`${r}:${c}`) && (cell == null || formatCell(cell) === '');
  };
  const row: Placed[] = [];
  doc.rows[r].forEach((cell, c) => {
    if (!cell || grid.covered.has(`${r}:${c}`)) return;
    const span = grid.spans.get(`${r}:${c}`) ?? { rows: 1, cols: 1 };
    const width = grid.widths.slice(c, c + span.cols).reduce((a, b) => a + b, 0);
    let textX = grid.xs[c];
    let wide = width;
    const align = alignOf(cell);
    if (!cell.wrap && align === 'left') {
      for (let k = c + span.cols; k < grid.colCount && isEmpty(k); k++) wide += grid.widths[k];
    } else if (!cell.wrap && align === 'right') {
      for (let k = c - 1; k >= 0 && isEmpty(k); k--) {
        textX -= grid.widths[k];
        wide += grid.widths[k];
      }
    }
    const text = formatCell(cell);
    const lines = cell.wrap ? wrapText(text, faceOf(cell), sizeOf(cell, grid.scale), width - 2 * PAD_X) : [text];
    row.push({ cell, x: grid.xs[c], width, rows: span.rows, textX, textWidth: wide, lines });
  });
  return row;
}

function rowHeight(row: Placed[], scale: number): number {
  let height = DEFAULT_SIZE * scale * LINE + 2 * PAD_Y;
  for (const p of row) {
    if (p.rows === 1) height = Math.max(height, p.lines.length * sizeOf(p.cell, scale) * LINE + 2 * PAD_Y);
  }
  return height;
}

/** Greedy word wrap by the font's widths; a word longer than the line is broken by characters. */
export function wrapText(text: string, face: FaceName, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (line !== '' && textWidth(candidate, face, size) > width) {
        lines.push(line);
        line = word;
      } else line = candidate;
      while (textWidth(line, face, size) > width && [...line].length > 1) {
        const chars = [...line];
        let n = chars.length - 1;
        while (n > 1 && textWidth(chars.slice(0, n).join(''), face, size) > width) n--;
        lines.push(chars.slice(0, n).join(''));
        line = chars.slice(n).join('');
      }
    }
    lines.push(line);
  }
  return lines;
}

interface Box {
  y: number;
  height: number;
  scale: number;
  /** The row has wrapped text: single lines stand on its first line. */
  top: boolean;
}

function drawCell(pdf: PdfWriter, p: Placed, { y, height, scale, top }: Box): void {
  if (p.cell.background && /^#[0-9a-f]{6}$/i.test(p.cell.background))
    pdf.rect(p.x, y, p.width, height, p.cell.background);
  const face = faceOf(p.cell);
  const inner = p.textWidth - 2 * PAD_X;
  // A single line wider than its room (a long label in a narrow column) is set smaller rather
  // than run into its neighbour's text.
  const natural = sizeOf(p.cell, scale);
  const wide = p.cell.wrap ? 0 : textWidth(p.lines[0], face, natural);
  const size = wide > inner && inner > 0 ? (natural * inner) / wide : natural;
  const align = alignOf(p.cell);
  // Wrapped text starts at the top; a single line sits at the bottom like a sheet's default, so
  // mixed font sizes in a row share a baseline.
  const first = p.cell.wrap || top ? y + PAD_Y + size : y + height - PAD_Y - size * (LINE - 1) - size * 0.2;
  p.lines.forEach((line, i) => {
    if (line === '') return;
    const w = textWidth(line, face, size);
    const x =
      align === 'right'
        ? p.textX + PAD_X + inner - w
        : align === 'center'
          ? p.textX + PAD_X + (inner - w) / 2
          : p.textX + PAD_X;
    pdf.text(line, x, first + i * size * LINE, face, size);
  });
}

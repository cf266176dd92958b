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
  /** Merges by the cellKey of their first cell, and the cells they cover besides it. */
  spans: Map<number, { rows: number; cols: number }>;
  covered: Set<number>;
}

/** A cell's key (0-based row and column) in the grid's merge lookups. */
const cellKey = (r: number, c: number) => r * 65_536 + c;

/**
 * Each cell's text as the sheet shows it, formatted once per layout: the layout asks for it
 * several times (blank rows, fitted widths, runs over empty neighbours, the text itself), and
 * formatting an amount is the dear part.
 */
type Texts = string[][];
const cellTexts = (doc: SheetDocument): Texts => doc.rows.map((row) => row.map((cell) => formatCell(cell)));

/** Per row: nothing to show (no text, no background). */
function blankRows(doc: SheetDocument, texts: Texts = cellTexts(doc)): boolean[] {
  return doc.rows.map((row, r) => row.every((c, j) => texts[r][j] === '' && !c?.background));
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
  const texts = cellTexts(doc);
  const grid = gridOf(doc, texts);
  const placed = doc.rows.map((_, r) => placeRow(doc, grid, r, texts));
  const heights = placed.map((row) => rowHeight(row, grid.scale));
  const top = doc.paging ? MARGIN + RUNNING_HEIGHT : MARGIN;
  const pages = paginate(doc, heights, top, blankRows(doc, texts));
  // below[r]: the height of the rows above r, so that a merge's height is one subtraction.
  const below = [0];
  heights.forEach((h, r) => (below[r + 1] = below[r] + h));
  const pdf = new PdfWriter();
  pages.forEach((page, i) => {
    pdf.addPage();
    if (doc.paging) drawRunning(pdf, doc.paging.running, `Sida ${i + 1} av ${pages.length}`);
    for (const { row: r, y, continued } of page) {
      // In a row with wrapped text, the other cells (the numbers) stand on its first line.
      const first = placed[r].some((p) => p.lines.length > 1);
      placed[r].forEach((p, i) => {
        const height = below[Math.min(r + p.rows, heights.length)] - below[r];
        // A table's heading repeated on the page it goes on to says so.
        const cell = continued && i === 0 ? { ...p, lines: [`${p.lines[0]} ${CONTINUED}`, ...p.lines.slice(1)] } : p;
        drawCell(pdf, cell, { y, height, scale: grid.scale, top: first });
      });
    }
  });
  return pdf.bytes({ title: options.title, creationDate: options.creationDate });
}

/** Space above the content of every page of a paged document: the running line and its rule. */
const RUNNING_HEIGHT = 20;
const RUNNING_SIZE = 8;

/** The running line: who, which document, to whom on the left; "Sida N av M" on the right. */
function drawRunning(pdf: PdfWriter, running: readonly string[], pageText: string): void {
  const right = A4.width - MARGIN;
  const baseline = MARGIN + RUNNING_SIZE;
  const pageWidth = textWidth(pageText, 'regular', RUNNING_SIZE);
  pdf.text(pageText, right - pageWidth, baseline, 'regular', RUNNING_SIZE);
  const left = running.filter((t) => t.trim() !== '').join('  ·  ');
  const room = right - MARGIN - pageWidth - 12;
  const natural = textWidth(left, 'regular', RUNNING_SIZE);
  if (left)
    pdf.text(left, MARGIN, baseline, 'regular', natural > room ? (RUNNING_SIZE * room) / natural : RUNNING_SIZE);
  pdf.line(MARGIN, baseline + 5, right, baseline + 5, 0.5);
}

/** What a table's heading repeated on a new page is followed by. */
export const CONTINUED = '(forts.)';

/** A row drawn on a page, at y (points from the top); `continued`: a heading repeated there. */
interface PlacedRow {
  row: number;
  y: number;
  continued?: true;
}

/**
 * Rows that must share a page: a `keep` or `head` row with the next row that is not blank (and
 * the blanks between), a `sum` row with the row before it. Every other row is a group of its own.
 */
export function keepGroups(doc: SheetDocument, blank: readonly boolean[] = blankRows(doc)): number[][] {
  const roles = doc.paging?.roles ?? [];
  const groups: number[][] = [];
  let current: number[] = [];
  let glued = false; // the group's last non-blank row holds on to the next one
  doc.rows.forEach((_, r) => {
    const role = roles[r] ?? null;
    if (current.length > 0 && !glued && !(role === 'sum' && !blank[r])) {
      groups.push(current);
      current = [];
    }
    current.push(r);
    if (!blank[r]) glued = role === 'keep' || role === 'head';
  });
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * The rows of each page. A group that does not fit starts a new page; a table that goes on there
 * gets its heading (the `keep` row right above its header, marked continued) and its header
 * again; blank rows at the top of a page are left out.
 */
function paginate(
  doc: SheetDocument,
  heights: readonly number[],
  top: number,
  blank: readonly boolean[],
): PlacedRow[][] {
  const roles = doc.paging?.roles ?? [];
  const bottom = A4.height - MARGIN;
  const pages: PlacedRow[][] = [[]];
  let y = top;
  let head: number | null = null; // the header of the table being drawn
  let heading: number | null = null; // and its heading, when it has one
  const newPage = (continues: boolean) => {
    pages.push([]);
    y = top;
    if (continues && head !== null) {
      if (heading !== null) place(heading, true);
      place(head);
    }
  };
  const place = (r: number, continued = false) => {
    pages[pages.length - 1].push(continued ? { row: r, y, continued } : { row: r, y });
    y += heights[r];
  };
  for (const group of keepGroups(doc, blank)) {
    const rows = y === top ? dropLeadingBlanks(blank, group) : group;
    if (rows.length === 0) continue;
    const height = rows.reduce((sum, r) => sum + heights[r], 0);
    const continues = roles[rows[0]] === 'body' || roles[rows[0]] === 'sum';
    if (y + height > bottom && pages[pages.length - 1].length > 0) {
      newPage(continues);
      rows.splice(0, rows.length, ...dropLeadingBlanks(blank, rows));
    }
    for (const r of rows) {
      // A group taller than a page (a huge wrapped text) breaks where it must.
      if (y + heights[r] > bottom && y > top) newPage(roles[r] === 'body' || roles[r] === 'sum');
      place(r);
      const role = roles[r] ?? null;
      if (role === 'head') {
        head = r;
        heading = r > 0 && roles[r - 1] === 'keep' && !blank[r - 1] ? r - 1 : null;
      } else if (role !== 'body' && role !== 'sum' && !blank[r]) head = heading = null;
    }
  }
  return pages;
}

function dropLeadingBlanks(blank: readonly boolean[], rows: readonly number[]): number[] {
  const first = rows.findIndex((r) => !blank[r]);
  return first < 0 ? [] : rows.slice(first);
}

/**
 * Column widths on the page. A paged document (an invoice) gives every column but the first the
 * width its widest text needs and the first (the description) what is left of the page; other
 * documents are shrunk like Sheets' "fit to width", never enlarged. Merges are looked up once.
 */
function gridOf(doc: SheetDocument, texts: Texts): Grid {
  const available = A4.width - 2 * MARGIN;
  const colCount = Math.max(doc.columnWidths.length, ...doc.rows.map((r) => r.length), 0);
  const spans: Grid['spans'] = new Map();
  const covered: Grid['covered'] = new Set();
  for (const m of doc.merges ?? []) {
    spans.set(cellKey(m.row - 1, m.col - 1), { rows: m.rows, cols: m.cols });
    for (let r = 0; r < m.rows; r++)
      for (let c = 0; c < m.cols; c++) if (r || c) covered.add(cellKey(m.row - 1 + r, m.col - 1 + c));
  }
  const natural = Array.from({ length: colCount }, (_, i) => (doc.columnWidths[i] ?? 100) * PX_TO_PT);
  const fitted = doc.paging ? fittedWidths(doc, texts, colCount, spans, available) : null;
  const sum = natural.reduce((a, b) => a + b, 0);
  const scale = fitted || sum <= available ? 1 : available / sum;
  const widths = fitted ?? natural.map((w) => w * scale);
  const xs: number[] = [];
  widths.reduce((x, w, i) => ((xs[i] = x), x + w), MARGIN);
  return { widths, xs, scale, colCount, spans, covered };
}

const MIN_FITTED = 60; // pt: a narrow column of short numbers still stands apart from the next

/** Each column after the first as wide as its widest single-column text; the first takes the rest (null: no room). */
function fittedWidths(
  doc: SheetDocument,
  texts: Texts,
  colCount: number,
  spans: Grid['spans'],
  available: number,
): number[] | null {
  const widths = new Array<number>(colCount).fill(0);
  doc.rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (c === 0 || !cell || (spans.get(cellKey(r, c))?.cols ?? 1) > 1) return;
      const w = Math.max(MIN_FITTED, textWidth(texts[r][c], faceOf(cell), sizeOf(cell, 1)) + 2 * PAD_X + 2);
      widths[c] = Math.max(widths[c], w);
    }),
  );
  const rest = available - widths.reduce((a, b) => a + b, 0);
  if (rest < available * 0.35) return null;
  widths[0] = rest;
  return widths;
}

const faceOf = (cell: DocCell): FaceName => (cell.bold ? 'bold' : 'regular');
const sizeOf = (cell: DocCell, scale: number) => Math.max(5, (cell.size ?? DEFAULT_SIZE) * scale);
const alignOf = (cell: DocCell) => cell.align ?? (typeof cell.value === 'number' ? 'right' : 'left');

const ONE_CELL = { rows: 1, cols: 1 };

/** Places the row's cells; unwrapped text runs on over empty neighbours, as in the sheet. */
function placeRow(doc: SheetDocument, grid: Grid, r: number, texts: Texts): Placed[] {
  const isEmpty = (c: number) => {
    const cell = doc.rows[r]?.[c];
    return !grid.covered.has(cellKey(r, c)) && (cell == null || texts[r][c] === '');
  };
  const row: Placed[] = [];
  doc.rows[r].forEach((cell, c) => {
    if (!cell || grid.covered.has(cellKey(r, c))) return;
    const span = grid.spans.get(cellKey(r, c)) ?? ONE_CELL;
    let width = 0;
    for (let k = c; k < c + span.cols && k < grid.widths.length; k++) width += grid.widths[k];
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
    // A tab or a carriage return typed in a cell is a space or a line break on paper.
    const raw = texts[r][c];
    const text = /[\r\t]/.test(raw) ? raw.replace(/\r\n?/g, '\n').replace(/\t/g, ' ') : raw;
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
  const first = p.cell.wrap || top ? y + PAD_Y + size : y + height - PAD_Y - size * (LINE - 1);
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

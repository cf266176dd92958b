/**
 * The local PDF of an invoice: the same SheetDocument that is drawn as the invoice sheet, laid out
 * on A4 portrait with pdfkit's standard Helvetica (WinAnsi covers å ä ö and the en dash), so no
 * system fonts or packages are needed.
 */
import PDFDocument from 'pdfkit';
import type { DocCell, SheetDocument } from '../workbook/port';
import { formatCell } from '../workbook/format';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 36; // pt, half an inch like Sheets' narrow margins
const PX_TO_PT = 0.75;
const DEFAULT_SIZE = 10;
const PAD_X = 3;
const PAD_Y = 2.5;

export interface PdfOptions {
  title?: string;
  /** Fixed creation time for reproducible output; default now. */
  creationDate?: Date;
}

interface Placed {
  cell: DocCell;
  row: number; // 0-based
  col: number;
  x: number;
  width: number; // the cell's own width (merged columns included)
  rows: number; // rows spanned
  textX: number; // text box, widened over empty neighbours when the text does not wrap
  textWidth: number;
}

/** Renders the document; resolves with the PDF file's bytes. */
export function renderPdf(doc: SheetDocument, options: PdfOptions = {}): Promise<Uint8Array> {
  const pdf = new PDFDocument({
    size: 'A4',
    layout: 'portrait',
    margin: MARGIN,
    autoFirstPage: true,
    info: { Title: options.title ?? '', Producer: 'Yrkesresan', Creator: 'Yrkesresan', CreationDate: options.creationDate ?? new Date() },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Uint8Array>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    pdf.on('error', reject);
  });
  try {
    draw(pdf, doc);
    pdf.end();
  } catch (e) {
    pdf.end();
    return Promise.reject(e);
  }
  return finished;
}

function fontName(cell: DocCell): string {
  if (cell.bold && cell.italic) return 'Helvetica-BoldOblique';
  if (cell.bold) return 'Helvetica-Bold';
  if (cell.italic) return 'Helvetica-Oblique';
  return 'Helvetica';
}

function draw(pdf: PDFKit.PDFDocument, doc: SheetDocument): void {
  const available = A4.width - 2 * MARGIN;
  const colCount = Math.max(doc.columnWidths.length, ...doc.rows.map((r) => r.length), 0);
  const widthsPt = Array.from({ length: colCount }, (_, i) => (doc.columnWidths[i] ?? 100) * PX_TO_PT);
  const natural = widthsPt.reduce((a, b) => a + b, 0);
  // Like Sheets' "fit to width": shrink, never enlarge.
  const scale = natural > available ? available / natural : 1;
  const widths = widthsPt.map((w) => w * scale);
  const xs: number[] = [];
  widths.reduce((x, w, i) => ((xs[i] = x), x + w), MARGIN);
  const fontSize = (cell: DocCell) => Math.max(5, (cell.size ?? DEFAULT_SIZE) * scale);

  // Merges: the top-left cell carries the content; the others are covered.
  const spans = new Map<string, { rows: number; cols: number }>();
  const covered = new Set<string>();
  for (const m of doc.merges ?? []) {
    spans.set(`${m.row - 1}:${m.col - 1}`, { rows: m.rows, cols: m.cols });
    for (let r = 0; r < m.rows; r++)
      for (let c = 0; c < m.cols; c++) if (r || c) covered.add(`${m.row - 1 + r}:${m.col - 1 + c}`);
  }
  const isEmpty = (r: number, c: number) => {
    const cell = doc.rows[r]?.[c];
    return !covered.has(`${r}:${c}`) && (cell == null || formatCell(cell) === '');
  };

  // Place every cell and measure each row.
  const placed: Placed[][] = [];
  const heights: number[] = [];
  doc.rows.forEach((cells, r) => {
    const row: Placed[] = [];
    let height = DEFAULT_SIZE * scale * 1.25 + 2 * PAD_Y;
    cells.forEach((cell, c) => {
      if (!cell || covered.has(`${r}:${c}`)) return;
      const span = spans.get(`${r}:${c}`) ?? { rows: 1, cols: 1 };
      const width = widths.slice(c, c + span.cols).reduce((a, b) => a + b, 0);
      let textX = xs[c];
      let textWidth = width;
      const align = cell.align ?? (typeof cell.value === 'number' ? 'right' : 'left');
      if (!cell.wrap) {
        // Unwrapped text runs on over empty neighbours, as in the sheet.
        if (align === 'left') {
          for (let k = c + span.cols; k < colCount && isEmpty(r, k); k++) textWidth += widths[k];
        } else if (align === 'right') {
          for (let k = c - 1; k >= 0 && isEmpty(r, k); k--) {
            textX -= widths[k];
            textWidth += widths[k];
          }
        }
      }
      row.push({ cell, row: r, col: c, x: xs[c], width, rows: span.rows, textX, textWidth });
      const text = formatCell(cell);
      const size = fontSize(cell);
      pdf.font(fontName(cell)).fontSize(size);
      const textHeight = cell.wrap && text
        ? pdf.heightOfString(text, { width: Math.max(1, width - 2 * PAD_X) })
        : size * 1.25;
      if (span.rows === 1) height = Math.max(height, textHeight + 2 * PAD_Y);
    });
    placed.push(row);
    heights.push(height);
  });

  const bottom = A4.height - MARGIN;
  let y = MARGIN;
  doc.rows.forEach((_, r) => {
    if (y + heights[r] > bottom && y > MARGIN) {
      pdf.addPage();
      y = MARGIN;
    }
    for (const p of placed[r]) {
      const h = heights.slice(r, r + p.rows).reduce((a, b) => a + b, 0);
      if (p.cell.background && /^#[0-9a-f]{6}$/i.test(p.cell.background)) {
        pdf.save().rect(p.x, y, p.width, h).fill(p.cell.background).restore();
      }
      const text = formatCell(p.cell);
      if (!text) continue;
      const align = p.cell.align ?? (typeof p.cell.value === 'number' ? 'right' : 'left');
      pdf.fillColor('#000000').font(fontName(p.cell)).fontSize(fontSize(p.cell));
      // Bottom-aligned like a sheet's default, so mixed font sizes in a row share a baseline.
      const textY = p.cell.wrap ? y + PAD_Y : y + h - PAD_Y - pdf.currentLineHeight(true);
      pdf.text(text, p.textX + PAD_X, textY, {
        width: Math.max(1, p.textWidth - 2 * PAD_X),
        align,
        lineBreak: !!p.cell.wrap,
      });
    }
    y += heights[r];
  });
}


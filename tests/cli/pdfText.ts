// Text of a PDF, page by page, as pdfjs-dist (the legacy build runs in Node) extracts it.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';

const require = createRequire(import.meta.url);
const standardFontDataUrl = join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/';

export interface PdfText {
  pages: number;
  /** Every text item in content order, joined by newlines. */
  text: string;
  /** Lines as laid out: items grouped by their baseline, left to right, joined by two spaces. */
  lines: string[];
  /** The same lines, page by page. */
  pageLines: string[][];
  /** The page size of the first page in points. */
  size: { width: number; height: number };
}

export async function pdfText(bytes: Uint8Array): Promise<PdfText> {
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    standardFontDataUrl,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  const items: string[] = [];
  const lines: string[] = [];
  const pageLines: string[][] = [];
  let size = { width: 0, height: 0 };
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    if (p === 1) {
      const [x0, y0, x1, y1] = page.view;
      size = { width: x1 - x0, height: y1 - y0 };
    }
    const content = await page.getTextContent();
    const rows = new Map<number, { x: number; str: string }[]>();
    for (const item of content.items) {
      if (!('str' in item) || item.str === '') continue;
      items.push(item.str);
      const y = Math.round(item.transform[5]);
      const row = rows.get(y) ?? [];
      row.push({ x: item.transform[4], str: item.str });
      rows.set(y, row);
    }
    const own: string[] = [];
    for (const y of [...rows.keys()].sort((a, b) => b - a)) {
      own.push(
        rows
          .get(y)!
          .sort((a, b) => a.x - b.x)
          .map((i) => i.str)
          .join('  '),
      );
    }
    lines.push(...own);
    pageLines.push(own);
  }
  await doc.destroy();
  return { pages: doc.numPages, text: items.join('\n'), lines, pageLines, size };
}

/** Without any whitespace: wrapping and spacing differ between a sheet and its PDF, the characters do not. */
export function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

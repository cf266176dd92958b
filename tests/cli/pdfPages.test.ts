/**
 * The invoice PDF's pages (one layout for both hosts): every page carries the seller, the
 * document and its number, the buyer and "Sida N av M"; a table that goes on to a new page gets
 * its header again; a course heading never ends a page and a sum row never starts one; the total
 * also stands in page 1's head box; the description takes the width the numbers leave free.
 * Read back with pdfjs (no poppler needed).
 */
import { describe, expect, test } from 'vitest';
import { documentToLines } from '../../src/workbook/documentText';
import { documentPdf } from '../../src/workbook/pdf/layout';
import type { SheetDocument } from '../../src/workbook/port';
import { creditNote, pagedInvoice, payoutDocument, type Paged } from './pagedFixture';
import { pdfText, type PdfText } from './pdfText';

const SELLER = 'Norrbottens Kommuner';
const HEADERS = ['Beskrivning Antal À-pris Belopp', 'Deltagare Datum Dagar', 'Utbildare Datum Dagar Kurs-ID'];
const isHeading = (line: string) => /^(Kursavgift|Utbildarpott|Specifikation|Köpare)\b/.test(line) && !/kr$/.test(line);
const isSum = (line: string) => /^Summa (deltagar|utbildar)dagar/.test(line);

/** The PDF's text with every run of spaces as one (pdfjs splits and spaces items its own way). */
async function render(doc: SheetDocument): Promise<PdfText> {
  const pdf = await pdfText(documentPdf(doc, { creationDate: new Date('2024-12-20T00:00:00Z') }));
  const norm = (line: string) => line.replace(/\s+/g, ' ').trim();
  return { ...pdf, lines: pdf.lines.map(norm), pageLines: pdf.pageLines.map((page) => page.map(norm)) };
}

/** The page's lines without its running line, and without a table heading ("… (forts.)") and header repeated at its top. */
function contentOf(page: string[], index: number): string[] {
  let rest = page.slice(1);
  if (index > 0 && rest[0].endsWith(' (forts.)') && HEADERS.includes(rest[1])) rest = rest.slice(1);
  return index > 0 && HEADERS.includes(rest[0]) ? rest.slice(1) : rest;
}

function expectPages(p: Paged, pdf: PdfText, pages: number, title: string): void {
  expect(pdf.pages).toBe(pages);
  pdf.pageLines.forEach((page, i) => {
    // The running line: who, which document, to whom, and where in it.
    expect(page[0]).toBe(`${SELLER} · ${title} ${p.number} · Luleå kommun Sida ${i + 1} av ${pages}`);
    const last = page[page.length - 1];
    expect(isHeading(last) || HEADERS.includes(last), `page ${i + 1} ends with "${last}"`).toBe(false);
    const content = contentOf(page, i);
    expect(isSum(content[0]), `page ${i + 1} starts with "${content[0]}"`).toBe(false);
    if (i > 0 && /^\S.*\d{4}-\d{2}-\d{2}/.test(page[1])) {
      throw new Error(`page ${i + 1} continues a table without its header: "${page[1]}"`);
    }
  });
  // Nothing lost and nothing drawn twice but the running lines and the repeated headers (a wrapped
  // description's second line follows its row's numbers, so the words are compared, not their order).
  const words = (lines: string[]) => lines.join(' ').split(/\s+/).filter(Boolean).sort();
  expect(words(pdf.pageLines.flatMap(contentOf))).toEqual(words(documentToLines(p.doc)));
}

describe('the PDF of an invoice, page by page', () => {
  test('one page: the running line, the total in the head box, numbers on the first line of a wrapped description', async () => {
    const p = pagedInvoice(0);
    const pdf = await render(p.doc);
    expectPages(p, pdf, 1, 'Faktura');
    const lines = pdf.pageLines[0];
    const head = lines.findIndex((l) => l.includes('Period'));
    expect(lines[head + 1]).toMatch(/^Kontaktperson: Åsa Öberg Att betala \d{3} \d{3},00 kr$/);
    expect(head + 1).toBeLessThan(lines.indexOf('Köpare'));
    // The description column has the room the numbers leave: these stand on one line with their figures.
    expect(lines).toContain('Fast kostnad projektledare 2024 (12/12 mån) 1 298 992,00 kr 298 992,00 kr');
  });

  test('four pages: the line table and each course table repeat their header, and no heading or sum row stands alone', async () => {
    const p = pagedInvoice(90);
    const pdf = await render(p.doc);
    expectPages(p, pdf, 4, 'Faktura');
    const wrapped = pdf.pageLines[0].find((l) => l.startsWith('Kursavgift ALD-F1'))!;
    expect(wrapped).toMatch(/^Kursavgift ALD-F1 Demens och bemötande –( \S+)* 35 1 550,00 kr 54 250,00 kr$/);
    expect(pdf.pageLines[0]).toContain(
      'Kursavgift FHU-B1 Lagstiftning och dokumentation 33,5 1 550,00 kr 51 925,00 kr',
    );
    // Each page goes on with a course table: its heading marked continued, then its header.
    for (const page of pdf.pageLines.slice(1)) {
      expect(page[1]).toMatch(/^Kursavgift \S+ .* \(forts\.\)$/);
      expect(page[2]).toBe('Deltagare Datum Dagar');
    }
  });

  test('thirteen pages, the same from the sheet as sending reads it (one layout for both hosts)', async () => {
    const p = pagedInvoice(460);
    const drawn = documentPdf(p.doc, { creationDate: new Date(0) });
    const sent = documentPdf(p.sent, { creationDate: new Date(0) });
    expect(Buffer.from(sent).equals(Buffer.from(drawn))).toBe(true);
    expectPages(p, await render(p.sent), 13, 'Faktura');
  });

  test('a payout document ("Faktura – att erhålla"): the amount to receive, who pays when, no OCR anywhere', async () => {
    const p = payoutDocument();
    const pdf = await render(p.sent);
    expectPages(p, pdf, 3, 'Faktura – att erhålla');
    const text = pdf.lines.join('\n');
    expect(text).not.toMatch(/OCR/);
    expect(text).toMatch(/Att erhålla 14 175,00 kr/);
    expect(text).toContain('Norrbottens Kommuner betalar ut 14 175,00 kr till Luleå kommun senast 2025-01-19.');
    // The trainer table goes on with its header and ends with its sum.
    expect(pdf.pageLines[1][1]).toBe('Utbildarpott 2024 (100 utbildardagar) (forts.)');
    expect(pdf.pageLines[1][2]).toBe('Utbildare Datum Dagar Kurs-ID');
    expect(pdf.lines.at(-1)).toBe('Summa utbildardagar 100');
  });

  test('a credit note: what it credits and why, no OCR, every page marked', async () => {
    const p = creditNote();
    const pdf = await render(p.sent);
    expectPages(p, pdf, 1, 'Kreditfaktura');
    const text = pdf.lines.join('\n');
    expect(text).toContain('Krediterar faktura YR-2024-0009 av 2024-12-20');
    // No empty participant tables: the credited rows are released, and the specification is the invoice's.
    expect(text).not.toContain('Deltagare Datum Dagar');
    expect(pdf.lines.at(-1)).toBe(
      'Deltagarna och utbildarna bakom raderna står i specifikationen på faktura YR-2024-0009.',
    );
    expect(text).toContain('Orsak: Fel antal deltagardagar på kursen BOU-B2');
    expect(text).not.toMatch(/OCR/);
  });
});

describe('page breaks at every place in a table', () => {
  /** Two course tables after `before` rows of text, so that every row meets the page's end once. */
  function twoTables(before: number): SheetDocument {
    const rows: SheetDocument['rows'] = [];
    const roles: NonNullable<SheetDocument['paging']>['roles'] = [];
    const add = (cells: string[], role: (typeof roles)[number] = null) => {
      rows.push(cells.map((value) => (value === '' ? null : { value })));
      roles.push(role);
    };
    for (let i = 0; i < before; i++) add([`Text ${i + 1}`, '', '']);
    for (const course of ['BOU-B2', 'ALD-F1']) {
      add(['', '', '']);
      add([`Kursavgift ${course} Kursen`, '', ''], 'keep');
      add(['Deltagare', 'Datum', 'Dagar'], 'head');
      for (let i = 0; i < 6; i++) add([`Deltagare ${i + 1}`, '2024-10-14', '1'], 'body');
      add(['Summa deltagardagar', '', '6'], 'sum');
    }
    return { columnWidths: [300, 100, 100], rows, paging: { running: [SELLER, 'Faktura X-1', 'Luleå kommun'], roles } };
  }

  test('a heading never ends a page, a sum row never starts one, a continued table has its header', async () => {
    for (let before = 30; before <= 46; before++) {
      const pdf = await render(twoTables(before));
      expect(pdf.pages).toBe(2);
      pdf.pageLines.forEach((page, i) => {
        const last = page[page.length - 1];
        expect(/^Kursavgift|^Deltagare Datum/.test(last), `${before}: page ${i + 1} ends with "${last}"`).toBe(false);
        expect(page[0]).toBe(`${SELLER} · Faktura X-1 · Luleå kommun Sida ${i + 1} av 2`);
      });
      const second = pdf.pageLines[1];
      expect(isSum(second[1]) || isSum(second[2] ?? ''), `${before}: "${second[1]}" / "${second[2]}"`).toBe(false);
      if (/^Deltagare \d/.test(second[1])) throw new Error(`${before}: a table goes on without its header`);
    }
  });
});

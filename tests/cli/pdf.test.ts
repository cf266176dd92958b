import { describe, expect, test } from 'vitest';
import { renderPdf } from '../../src/cli/pdf';
import { documentToLines } from '../../src/workbook/documentText';
import type { SheetDocument } from '../../src/workbook/port';
import { billedWorkbook, registerRows } from '../app/sendFixture';
import { pdfText, squash } from './pdfText';

function drawnInvoice(municipality: string) {
  const { wb } = billedWorkbook();
  const row = registerRows(wb).find((r) => r.Kommun === municipality)!;
  const sheet = wb.tabNames().find((n) => n.startsWith(`${row.Fakturanummer} `))!;
  return { row, sheet, doc: wb.tab(sheet)!.doc! };
}

describe('renderPdf', () => {
  test.each(['Luleå', 'Älvsbyn', 'Övertorneå'])(
    'the PDF of %s carries exactly the text of its invoice sheet',
    async (name) => {
      const { row, doc } = drawnInvoice(name);
      const bytes = await renderPdf(doc, { title: `${row.Fakturanummer} ${name}` });
      expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe('%PDF-');
      const pdf = await pdfText(bytes);
      expect(pdf.size.width).toBeCloseTo(595.28, 1);
      expect(pdf.size.height).toBeCloseTo(841.89, 1);
      // The running line first (the page number, then who, which document and to whom), then the sheet.
      const running = `Sida 1 av 1${doc.paging!.running.join('·')}`;
      expect(squash(pdf.text)).toBe(squash(running + documentToLines(doc).join('\n')));
      const text = pdf.lines.join('\n');
      expect(text).toContain(String(row.Fakturanummer));
      expect(text).toContain(String(row.OCR));
      expect(text).toContain(name);
      const total = Number(row.Belopp)
        .toFixed(2)
        .replace('.', ',')
        .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
      expect(text).toMatch(new RegExp(`Att betala\\s+${total} kr`));
      expect(text).toContain('Ärla Åkesson');
    },
  );

  test('a long document continues on further pages without losing text', async () => {
    const rows: SheetDocument['rows'] = [[{ value: 'Specifikation', bold: true, size: 14 }, null]];
    for (let i = 1; i <= 150; i++)
      rows.push([{ value: `Deltagare ${i} från Övertorneå` }, { value: i * 1.5, format: '0.##' }]);
    const doc: SheetDocument = { columnWidths: [400, 100], rows, print: { portrait: true, fitToWidth: true } };
    const pdf = await pdfText(await renderPdf(doc));
    expect(pdf.pages).toBeGreaterThan(1);
    expect(squash(pdf.text)).toBe(squash(documentToLines(doc).join('')));
  });

  test('wide documents are shrunk to the page, wrapped and merged cells keep all their text', async () => {
    const long =
      'Betala 40 300,00 kr till bankgiro 5050-1055 senast 2025-01-19. Ange OCR-nummer 2024001505 vid betalning. Frågor: Åsa Öberg.';
    const doc: SheetDocument = {
      columnWidths: [500, 300, 300],
      rows: [
        [{ value: long, wrap: true }, null, null],
        [
          { value: 'Moms' },
          { value: 0.25, format: '0.##' },
          { value: -3100, format: '#,##0.00 "kr"', bold: true, background: '#e8eef4' },
        ],
      ],
      merges: [{ row: 1, col: 1, rows: 1, cols: 3 }],
    };
    const pdf = await pdfText(await renderPdf(doc));
    expect(squash(pdf.text)).toBe(squash(documentToLines(doc).join('')));
    expect(pdf.text).toContain('-3 100,00 kr');
  });

  test('with a fixed creation time the same document gives the same bytes (reproducible runs)', async () => {
    const { doc } = drawnInvoice('Luleå');
    const creationDate = new Date('2024-12-20T00:00:00Z');
    const a = await renderPdf(doc, { title: 'Luleå', creationDate });
    const b = await renderPdf(doc, { title: 'Luleå', creationDate });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const other = await renderPdf(doc, { title: 'Luleå', creationDate: new Date('2024-12-21T00:00:00Z') });
    expect(Buffer.from(a).equals(Buffer.from(other))).toBe(false);
  });
});

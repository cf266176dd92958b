import { describe, expect, it } from 'vitest';
import { previewBilling, runBilling } from '../../src/app/bill';
import { Dec } from '../../src/core/money';
import type { PlannedInvoice } from '../../src/core/types';
import { escapeHtml } from '../../src/core/escape';
import { documentToLines } from '../../src/workbook/documentText';
import { formatMoney, formatValue } from '../../src/workbook/format';
import { invoiceDocument, invoiceSheetName, registeredInvoiceDocument } from '../../src/workbook/invoiceSheet';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import { readWorkbook } from '../../src/workbook/read';
import { baseWorkbook, BANKGIRO, d, SELLER_ORG, settingsTab } from './fixtures';

const MAY = { month: '2024-05', invoiceDate: '2024-05-20' };
const DECEMBER = { month: '2024-12', invoiceDate: '2024-12-18' };

function linesOf(municipality: string, tabs = baseWorkbook(), runs = [MAY]) {
  const wb = new MemoryWorkbook(tabs);
  for (const r of runs.slice(0, -1)) runBilling(wb, r);
  const o = previewBilling(wb, runs[runs.length - 1]);
  expect(o.issues.filter((i) => i.severity === 'error')).toEqual([]);
  const doc = o.documents.find((x) => x.invoice.municipality === municipality)!;
  return { lines: documentToLines(doc.doc), doc, outcome: o };
}

describe('the invoice sheet', () => {
  it('shows seller, buyer, number, dates, OCR, lines, Momsfri, total and how to pay', () => {
    const { lines, doc } = linesOf('Luleå');
    const text = lines.join('\n');
    expect(lines[0]).toMatch(/^Faktura\b/);
    for (const expected of [
      'Norrbottens Kommuner',
      `Org.nr ${SELLER_ORG}`,
      'Box 947, 971 28 Luleå',
      `Bankgiro ${BANKGIRO}`,
      'Kontaktperson: Anna Andersson',
      'Fakturanummer  YR-2024-0009',
      'Fakturadatum  2024-05-20',
      'Förfallodatum  2024-06-19',
      `OCR-nummer  ${doc.invoice.ocr}`,
      'Luleå',
      'Org.nr 212000-2742',
      'Luleå kommun, Fakturor, Box 1',
      'Er referens: Ref 123',
      'Socialchef: Socialchef Luleå',
      'Beskrivning  Antal  À-pris  Belopp',
      'Kursavgift BOU-B1 Utredning av barn  6  1 550,00 kr  9 300,00 kr',
      'Fast kostnad projektledare 2024 (12/12 mån)  1  298 992,00 kr  298 992,00 kr',
      'Att betala  308 292,00 kr',
      `Betala 308 292,00 kr till bankgiro ${BANKGIRO} senast 2024-06-19. Ange OCR-nummer ${doc.invoice.ocr} vid betalning.`,
      'Specifikation',
      'Eva Ek  2024-03-12  2',
      'Summa deltagardagar  6',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toContain('Momsfri');
    expect(text).not.toContain('Momsreg.nr');
    expect(text).not.toContain('Att erhålla');
    expect(doc.sheet).toBe('YR-2024-0009 Luleå');
  });

  it('at a VAT rate above 0 shows base, rate, amount and the seller VAT number, not Momsfri', () => {
    const tabs = baseWorkbook();
    tabs['Inställningar'] = settingsTab({ 'Moms (%)': 25, Momskategori: 'S' });
    const { lines, doc } = linesOf('Boden', tabs);
    const text = lines.join('\n');
    expect(text).toContain('Momsreg.nr SE802000123901');
    expect(text).toContain('Momsunderlag  108 073,00 kr');
    expect(text).toContain('Moms 25 %  27 018,25 kr');
    expect(text).toContain('Att betala  135 091,25 kr');
    expect(text).not.toContain('Momsfri');
    expect(money(doc.invoice.total)).toBe('135 091,25 kr');
  });

  it('a negative total is "Faktura – att erhålla" (never Kreditfaktura), reads Att erhålla and the payout, with the trainers behind the pot line', () => {
    const { lines, doc } = linesOf('Kiruna', baseWorkbook(), [MAY, DECEMBER]);
    const text = lines.join('\n');
    expect(doc.invoice.credit).toBe(true);
    expect(lines[0]).toMatch(/^Faktura – att erhålla\b/);
    expect(text).not.toContain('Kreditfaktura');
    // The pot line says what it is a share of: the run's pot, all trainer days, the amount per day.
    expect(text).toContain(
      'Utbildarpott 2024: 2 av 6 utbildardagar av potten 5 600,00 kr (ca 933,33 kr/dag)  -1 866,67 kr',
    );
    expect(text).toContain('Specifikation\nUtbildarpott 2024 (2 utbildardagar)\nUtbildare');
    expect(text).toContain('Att erhålla  1 866,67 kr');
    expect(text).toContain(
      'Norrbottens Kommuner betalar ut 1 866,67 kr till Kiruna kommun senast 2025-01-17. Ingen betalning ska göras.',
    );
    expect(text).not.toContain('vid betalning');
    expect(text).not.toContain('Att betala');
    expect(text).toContain('Ingen betalning ska göras');
    expect(text).toContain('Kim Kunnig  2024-09-10  2  BOU-B2');
  });

  it('is the same when redrawn from the register after the run', () => {
    const wb = new MemoryWorkbook(baseWorkbook());
    runBilling(wb, MAY);
    const o = runBilling(wb, DECEMBER);
    const snap = readWorkbook(wb);
    for (const written of o.documents) {
      const registered = snap.input.ledger.invoices.find((i) => i.number === written.invoice.number)!;
      expect(documentToLines(registeredInvoiceDocument(registered, snap.input))).toEqual(documentToLines(written.doc));
    }
  });

  it('names the sheet after number and municipality, at most 31 characters', () => {
    expect(invoiceSheetName({ number: 'YR-2024-0015', municipality: 'Luleå' })).toBe('YR-2024-0015 Luleå');
    const long = invoiceSheetName({ number: 'YR-2024-0015', municipality: 'Övertorneå kommun med ett långt namn' });
    expect(long).toBe('YR-2024-0015 Övertorneå kommun');
    expect(long.length).toBeLessThanOrEqual(31);
  });

  it('draws every value as a plain cell value (no formulas are built)', () => {
    const { doc } = linesOf('Luleå');
    for (const row of doc.doc.rows) {
      for (const cell of row) {
        if (cell && typeof cell.value === 'string') expect(cell.value.startsWith('=')).toBe(false);
      }
      expect(row).toHaveLength(doc.doc.columnWidths.length);
    }
  });
});

describe('documentToLines', () => {
  const invoice = (participant: string): PlannedInvoice => ({
    number: 'YR-2024-0001',
    municipality: 'Boden',
    invoiceDate: '2024-05-20',
    dueDate: '2024-06-19',
    period: '2024-05',
    ocr: '2024000101',
    lines: [
      {
        kind: 'variable',
        courseId: 'BOU-B1',
        quantity: new Dec('1.5'),
        unitPrice: new Dec(1550),
        components: { venue: new Dec(1000), pot: new Dec(400), material: new Dec(100), buffer: new Dec(50) },
        amount: new Dec(2325),
      },
    ],
    net: new Dec(2325),
    vat: new Dec(0),
    total: new Dec(2325),
    credit: false,
    attendance: [
      {
        ref: { tab: 'Närvaro', row: 2 },
        date: '2024-03-01',
        courseId: 'BOU-B1',
        participant,
        municipality: 'Boden',
        days: new Dec('1.5'),
        invoiceNumber: '',
      },
    ],
    trainerRows: [],
  });

  it('keeps every value as typed, markup and formula-like text included, and shows numbers the Swedish way', () => {
    const snap = readWorkbook(new MemoryWorkbook(baseWorkbook()));
    const hostile = '<script>alert("x")</script> & =IMPORTXML(\'a\')';
    const doc = invoiceDocument(invoice(hostile), snap.input);
    const lines = documentToLines(doc);
    expect(lines).toContain(`${hostile}  2024-03-01  1,5`);
    expect(lines).toContain('Kursavgift BOU-B1 Utredning av barn  1,5  1 550,00 kr  2 325,00 kr');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('formats values the Swedish way', () => {
    expect(formatMoney(1550)).toBe('1 550,00 kr');
    expect(formatMoney(-3100.5)).toBe('-3 100,50 kr');
    expect(formatMoney(new Dec('1234567.891'))).toBe('1 234 567,89 kr');
    expect(formatValue(1.5)).toBe('1,5');
    expect(formatValue(d('2024-05-31'))).toBe('2024-05-31');
    expect(formatValue(true)).toBe('Ja');
    expect(formatValue('')).toBe('');
  });
});

function money(x: Parameters<typeof formatMoney>[0]) {
  return formatMoney(x);
}

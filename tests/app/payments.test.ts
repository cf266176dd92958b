import { describe, expect, test } from 'vitest';
import { importPayments, paymentsJson, previewPayments, type BankFileUpload } from '../../src/app/payments';
import { xmlParser } from '../../src/workbook/xml';
import type { MemoryWorkbook } from '../fixtures/memoryPort';
import type { CellValue } from '../../src/workbook/port';
import { readPayments } from '../../src/workbook/read/payments';
import { TAB } from '../../src/workbook/schema';
import { bgMax, camt054, latin1Bytes } from '../fixtures/bankFiles';
import { billedWorkbook } from './paymentsFixture';
import { registerRows } from './sendFixture';

const NOW = () => new Date('2025-01-25T09:30:00Z');
const options = { xml: xmlParser, now: NOW };

function upload(name: string, text: string, latin1 = false): BankFileUpload {
  return { name, bytes: latin1 ? latin1Bytes(text) : new TextEncoder().encode(text) };
}

function invoices(
  wb: MemoryWorkbook,
): Record<string, { total: number; ocr: string; status: CellValue; paid: CellValue; paidDate: CellValue }> {
  return Object.fromEntries(
    registerRows(wb).map((r) => [
      String(r.Fakturanummer),
      { total: Number(r.Belopp), ocr: String(r.OCR), status: r.Status, paid: r.Betalt, paidDate: r.Betaldatum },
    ]),
  );
}

describe('Läs in betalningar', () => {
  test('matches by OCR and by invoice number in free text, partial and over-payment, and a second import changes nothing', () => {
    const { wb, numbers } = billedWorkbook();
    const inv = invoices(wb);
    const [a, b, c, d] = numbers;
    const file = camt054([
      {
        bookingDate: '2025-01-20',
        acctSvcrRef: 'E1',
        txs: [
          { amount: inv[a].total.toFixed(2), ref: inv[a].ocr, acctSvcrRef: 'T1', payer: 'Arjeplogs kommun' },
          { amount: '100.00', ref: inv[b].ocr, scor: false, acctSvcrRef: 'T2' },
          { amount: (inv[c].total + 5).toFixed(2), ustrd: `Faktura ${c.toLowerCase()}`, acctSvcrRef: 'T3' },
          { amount: '42.00', ustrd: 'Kursavgift', acctSvcrRef: 'T4' },
        ],
      },
      { bookingDate: '2025-01-21', credit: false, acctSvcrRef: 'D1', txs: [{ amount: '5.00', ref: inv[d].ocr }] },
    ]);
    const first = importPayments(wb, upload('maj.xml', file), options);
    expect(first.ok).toBe(true);
    expect(first.written).toBe(true);
    expect(paymentsJson(first)).toEqual({
      file: 'maj.xml',
      payments: [
        {
          bankReference: 'T1',
          date: '2025-01-20',
          amount: inv[a].total.toFixed(2),
          reference: inv[a].ocr,
          invoice: a,
          status: 'Matchad',
        },
        {
          bankReference: 'T2',
          date: '2025-01-20',
          amount: '100.00',
          reference: inv[b].ocr,
          invoice: b,
          status: 'Matchad',
        },
        {
          bankReference: 'T3',
          date: '2025-01-20',
          amount: (inv[c].total + 5).toFixed(2),
          reference: `Faktura ${c.toLowerCase()}`,
          invoice: c,
          status: 'Matchad',
        },
        {
          bankReference: 'T4',
          date: '2025-01-20',
          amount: '42.00',
          reference: 'Kursavgift',
          invoice: null,
          status: 'Omatchad',
        },
      ],
      invoices: [
        { number: a, paid: inv[a].total.toFixed(2), status: 'Betald' },
        { number: b, paid: '100.00', status: 'Delbetald' },
        { number: c, paid: (inv[c].total + 5).toFixed(2), status: 'Överbetald' },
      ],
    });
    const after = invoices(wb);
    expect(after[a]).toMatchObject({ status: 'Betald', paid: inv[a].total });
    expect(String(after[a].paidDate)).toBe('2025-01-20');
    expect(after[d].status).toBe('Skapad');
    const rows = wb.read(TAB.payments);
    expect(rows[0]).toEqual([
      'Bankreferens',
      'Bokföringsdag',
      'Belopp',
      'Referens',
      'Betalare',
      'Fil',
      'Faktura',
      'Status',
      'Inläst',
    ]);
    expect(rows.slice(1).map((r) => [r[0], r[6], r[7], r[8]])).toEqual([
      ['T1', a, 'Matchad', '2025-01-25 10:30'],
      ['T2', b, 'Matchad', '2025-01-25 10:30'],
      ['T3', c, 'Matchad', '2025-01-25 10:30'],
      ['T4', '', 'Omatchad', '2025-01-25 10:30'],
    ]);

    const before = JSON.stringify([wb.read(TAB.payments), wb.read(TAB.invoices)]);
    const mutations = wb.mutations().length;
    const second = importPayments(wb, upload('maj.xml', file), options);
    expect(second.payments.map((p) => p.status)).toEqual([
      'Redan inläst',
      'Redan inläst',
      'Redan inläst',
      'Redan inläst',
    ]);
    expect(second.payments.map((p) => p.invoice)).toEqual([a, b, c, null]);
    expect(paymentsJson(second).invoices).toEqual(paymentsJson(first).invoices);
    expect(second.written).toBe(false);
    expect(wb.mutations().length).toBe(mutations);
    expect(JSON.stringify([wb.read(TAB.payments), wb.read(TAB.invoices)])).toBe(before);
  });

  test('an unmatched payment is allocated by typing an invoice number into Faktura; an unknown number names the cell', () => {
    const { wb, numbers } = billedWorkbook();
    const inv = invoices(wb);
    importPayments(
      wb,
      upload(
        'bg.txt',
        bgMax([
          { date: '2025-01-22', payments: [{ amount: '300.00', reference: 'betalning', ocr: false, serial: '77' }] },
        ]),
        true,
      ),
      options,
    );
    expect(wb.read(TAB.payments)[1].slice(6, 8)).toEqual(['', 'Omatchad']);

    wb.write(TAB.payments, 2, 7, [['YR-2099-0001']]);
    const wrong = previewPayments(wb, null, options);
    expect(wrong.ok).toBe(false);
    expect(wrong.errors).toEqual([
      expect.objectContaining({
        tab: 'Inbetalningar',
        row: 2,
        column: 'Faktura',
        value: 'YR-2099-0001',
        message: expect.stringMatching(/^Fakturan YR-2099-0001 finns inte i fliken Fakturor/),
      }),
    ]);
    const untouched = JSON.stringify(wb.read(TAB.invoices));
    expect(importPayments(wb, null, options).written).toBe(false);
    expect(JSON.stringify(wb.read(TAB.invoices))).toBe(untouched);

    wb.write(TAB.payments, 2, 7, [[numbers[3].toLowerCase()]]);
    const applied = importPayments(wb, null, options);
    expect(applied.ok).toBe(true);
    expect(applied.allocations).toEqual([
      { row: 2, bankReference: '000000000077', amount: '300.00', invoice: numbers[3] },
    ]);
    expect(paymentsJson(applied).invoices).toEqual([
      { number: numbers[3], paid: '300.00', status: inv[numbers[3]].total > 300 ? 'Delbetald' : 'Överbetald' },
    ]);
    expect(wb.read(TAB.payments)[1][7]).toBe('Matchad');
    expect(invoices(wb)[numbers[3]].paid).toBe(300);
  });

  test('a payment of a credited invoice is not matched and names the invoice and its credit note', () => {
    const { wb, numbers } = billedWorkbook();
    const inv = invoices(wb);
    const rows = wb.read(TAB.invoices);
    const col = (h: string) => rows[0].indexOf(h) + 1;
    const row = rows.findIndex((r) => r[0] === numbers[0]) + 1;
    wb.write(TAB.invoices, row, col('Status'), [['Krediterad']]);
    wb.write(TAB.invoices, row, col('Krediterad av'), [['YR-2024-0099']]);
    const file = camt054([
      { bookingDate: '2025-01-20', acctSvcrRef: 'X', txs: [{ amount: '10.00', ref: inv[numbers[0]].ocr }] },
    ]);
    const out = importPayments(wb, upload('k.xml', file), options);
    expect(out.payments[0]).toMatchObject({ invoice: null, status: 'Omatchad' });
    expect(out.payments[0].note).toContain(`faktura ${numbers[0]}, som är krediterad av kreditfaktura YR-2024-0099`);
    expect(invoices(wb)[numbers[0]].status).toBe('Krediterad');
  });

  test('a crash after the payment rows is completed by the next import, without a file', () => {
    const { wb, numbers } = billedWorkbook();
    const inv = invoices(wb);
    const file = camt054([
      {
        bookingDate: '2025-01-20',
        acctSvcrRef: 'C1',
        txs: [{ amount: inv[numbers[1]].total.toFixed(2), ref: inv[numbers[1]].ocr }],
      },
    ]);
    wb.failOnMutation(2); // the Inbetalningar rows are written, Fakturor is not
    expect(() => importPayments(wb, upload('c.xml', file), options)).toThrow();
    expect(readPayments(wb).records.map((r) => r.invoice)).toEqual([numbers[1]]);
    expect(invoices(wb)[numbers[1]].status).toBe('Skapad');
    const again = importPayments(wb, null, options);
    expect(again.written).toBe(true);
    expect(invoices(wb)[numbers[1]]).toMatchObject({ status: 'Betald', paid: inv[numbers[1]].total });
  });

  test('a malformed file writes nothing', () => {
    const { wb } = billedWorkbook();
    const before = wb.mutations().length;
    const out = importPayments(wb, upload('fel.xml', '<Document><Ntry></Document>'), options);
    expect(out.ok).toBe(false);
    expect(out.errors[0].message).toMatch(/^fel\.xml: Filen är inte giltig XML \(fel på rad 1\)/);
    expect(wb.mutations().length).toBe(before);
  });
});

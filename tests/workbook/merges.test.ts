// Merged cells over the columns the tool writes (issue: the verified ledger): a host keeps only a
// merge's top-left cell, so a stamp under a merge lands in another row or column. Such merges are
// refused before anything is written, naming tab, row and column; merges elsewhere are harmless.
import { describe, expect, it } from 'vitest';
import { runBilling } from '../../src/app/bill';
import { checkWorkbook } from '../../src/app/check';
import type { Issue } from '../../src/core/types';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import { baseWorkbook, outsideLog, withoutLog } from './fixtures';

const MAY = { month: '2024-05', invoiceDate: '2024-05-31' };
const errors = (issues: Issue[]) => issues.filter((i) => i.severity === 'error');
const located = (issues: Issue[]) => errors(issues).map((i) => [i.tab, i.row, i.column, i.value]);

function refusedWithNothingWritten(wb: MemoryWorkbook, expected: unknown[][]): void {
  const before = withoutLog(wb.snapshot());
  const o = runBilling(wb, MAY);
  expect(located(o.issues)).toEqual(expected);
  expect(outsideLog(wb)).toEqual([]);
  expect(withoutLog(wb.snapshot())).toEqual(before);
}

describe('merges over the columns the tool writes are refused before anything is written', () => {
  it('Fakturanummer merged down over two attendance rows (the second would be billed again)', () => {
    const wb = new MemoryWorkbook(baseWorkbook());
    wb.merge('Närvaro 2024', { row: 2, col: 6, rows: 2, cols: 1 });
    refusedWithNothingWritten(wb, [['Närvaro 2024', 2, 'Fakturanummer', 'F2:F3']]);
  });

  it('Dagar merged with Fakturanummer (the invoice number would overwrite the days)', () => {
    const wb = new MemoryWorkbook(baseWorkbook());
    wb.merge('Närvaro 2024', { row: 4, col: 5, rows: 1, cols: 2 });
    refusedWithNothingWritten(wb, [['Närvaro 2024', 4, 'Fakturanummer', 'E4:F4']]);
    const message = errors(runBilling(wb, MAY).issues)[0].message;
    expect(message).toMatch(/^Cellerna E4:F4 i fliken Närvaro 2024 är sammanfogade över kolumnen Fakturanummer/);
    expect(message).toMatch(/Dela upp de sammanfogade cellerna/);
  });

  it('Utbetalning merged in Utbildarlogg, and a merge over the register', () => {
    const wb = new MemoryWorkbook(baseWorkbook());
    wb.merge('Utbildarlogg', { row: 2, col: 6, rows: 2, cols: 1 });
    refusedWithNothingWritten(wb, [['Utbildarlogg', 2, 'Utbetalning', 'F2:F3']]);

    const billed = new MemoryWorkbook(baseWorkbook());
    expect(errors(runBilling(billed, MAY).issues)).toEqual([]);
    billed.merge('Fakturor', { row: 2, col: 8, rows: 2, cols: 1 });
    const found = checkWorkbook(billed, '2024-06-01').filter((i) => i.column === 'Status');
    expect(found.map((i) => [i.severity, i.tab, i.row, i.value])).toEqual([['error', 'Fakturor', 2, 'H2:H3']]);
  });

  it('Kontrollera data lists the merge at its cell', () => {
    const wb = new MemoryWorkbook(baseWorkbook());
    wb.merge('Närvaro Kalix', { row: 2, col: 5, rows: 2, cols: 2 }); // Dagar and Fakturanummer of two rows
    const found = checkWorkbook(wb, '2024-06-01').filter((i) => i.value === 'E2:F3');
    expect(found.map((i) => [i.severity, i.tab, i.row, i.column])).toEqual([
      ['error', 'Närvaro Kalix', 2, 'Fakturanummer'],
    ]);
  });

  it('merges elsewhere (a note column) do not stop the run, and the port is asked once per tab', () => {
    const wb = new MemoryWorkbook(baseWorkbook());
    wb.merge('Närvaro Kalix', { row: 2, col: 7, rows: 2, cols: 1 }); // Anteckning
    const o = runBilling(wb, MAY);
    expect(errors(o.issues)).toEqual([]);
    expect(o.documents.length).toBeGreaterThan(0);
    const asked = wb.calls.filter((c) => c.op === 'merges').map((c) => c.tab);
    expect(new Set(asked).size).toBe(asked.length);
  });
});

describe('merges over Inbetalningar, which the payment import writes', () => {
  it('are refused by the next import, naming the cells; nothing is written', async () => {
    const { importPayments } = await import('../../src/app/payments');
    const { xmlParser } = await import('../../src/workbook/xml');
    const { camt054 } = await import('../fixtures/bankFiles');
    const { billedWorkbook } = await import('../app/paymentsFixture');
    const { wb } = billedWorkbook();
    const upload = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });
    const options = { xml: xmlParser, now: () => new Date('2025-01-25T09:30:00Z') };
    const file = (ref: string) =>
      camt054([
        {
          bookingDate: '2025-01-20',
          acctSvcrRef: `E${ref}`,
          txs: [{ amount: '42.00', ustrd: 'Kursavgift', acctSvcrRef: ref }],
        },
      ]);
    expect(importPayments(wb, upload('a.xml', file('T1')), options).written).toBe(true);
    expect(importPayments(wb, upload('b.xml', file('T2')), options).written).toBe(true);
    wb.merge('Inbetalningar', { row: 2, col: 7, rows: 2, cols: 1 }); // Faktura of both payments
    const before = withoutLog(wb.snapshot());
    const refused = importPayments(wb, upload('c.xml', file('T3')), options);
    expect(refused.written).toBe(false);
    expect(refused.ok).toBe(false);
    expect(located(refused.errors)).toContainEqual(['Inbetalningar', 2, 'Faktura', 'G2:G3']);
    expect(withoutLog(wb.snapshot())).toEqual(before);
  });
});

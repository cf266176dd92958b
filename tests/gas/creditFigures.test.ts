// Bill → credit → bill again, then the figures: FASTKOSTNAD(kommun; år) and UTBILDARPOTT(år; kommun)
// through the built Code.js, and Uppföljning, count the register net of credit notes (SPEC §3.4,
// §3.5, §5, §8), so that a credited and rebilled year never counts twice.
import { describe, expect, it } from 'vitest';
import { runBilling } from '../../src/app/bill';
import { runCredit } from '../../src/app/credit';
import { readFollowUp } from '../../src/app/report';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import { createGasEnvironment } from './fakes';
import { callCustomFunction, loadBundle, plain } from './harness';
import { standardTabs, toGasTabs } from '../fixtures/workbook';

const MAY = { month: '2024-05', invoiceDate: '2024-05-20' };
const DECEMBER = { month: '2024-12', invoiceDate: '2024-12-20' };

function numberOf(wb: MemoryWorkbook, municipality: string, period: string): string {
  const [header, ...rows] = wb.read('Fakturor');
  const col = (h: string) => header.indexOf(h);
  const row = rows.find(
    (r) =>
      r[col('Kommun')] === municipality &&
      r[col('Period')] === period &&
      r[col('Krediterar')] === '' &&
      r[col('Status')] !== 'Krediterad',
  );
  if (!row) throw new Error(`no live invoice for ${municipality} ${period}`);
  return String(row[col('Fakturanummer')]);
}

/** Calls a custom function of Code.js on the workbook as it is now. */
function formula(wb: MemoryWorkbook, name: string, ...args: unknown[]): unknown {
  const env = createGasEnvironment({ tabs: toGasTabs(wb.snapshot()) });
  const ctx = loadBundle(env);
  return plain(callCustomFunction(env, ctx, name, ...args));
}

function bill(wb: MemoryWorkbook, run: { month: string; invoiceDate: string }) {
  const outcome = runBilling(wb, run);
  expect(outcome.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return outcome;
}

function credit(wb: MemoryWorkbook, invoice: string, date: string) {
  const outcome = runCredit(wb, { invoice, date, reason: 'Rättelse' });
  expect(outcome.issues.filter((i) => i.severity === 'error')).toEqual([]);
  expect(outcome.written).toBe(true);
  return outcome;
}

function luleåFigures(wb: MemoryWorkbook, year: number) {
  const period = readFollowUp(wb).report.periods.find((p) => p.year === year)!;
  const m = period.municipalities.find((x) => x.municipality === 'Luleå')!;
  return {
    fixed: m.invoicedFixed.toFixed(2),
    variable: m.invoicedVariable.toFixed(2),
    pot: m.trainerPot.toFixed(2),
    net: m.invoicedNet.toFixed(2),
  };
}

describe('figures after a credit', () => {
  it('FASTKOSTNAD(kommun; år) is what was billed for the year net of credit notes: 0 after the credit, once after rebilling', () => {
    const wb = new MemoryWorkbook(standardTabs());
    bill(wb, MAY);
    expect(formula(wb, 'FASTKOSTNAD', 'Luleå', 2024)).toBe(298992);
    const before = luleåFigures(wb, 2024);
    expect(before.fixed).toBe('298992.00');

    credit(wb, numberOf(wb, 'Luleå', '2024-05'), '2024-06-01');
    expect(formula(wb, 'FASTKOSTNAD', 'Luleå', 2024)).toBe(0);
    expect(formula(wb, 'FASTKOSTNAD', [['Luleå'], ['Boden']], 2024)).toEqual([[0], [106723]]);
    expect(luleåFigures(wb, 2024)).toEqual({ fixed: '0.00', variable: '0.00', pot: '0.00', net: '0.00' });
    // The yearly share itself does not depend on the register.
    expect(formula(wb, 'FASTKOSTNAD', 'Luleå')).toBe(298992);

    // The next run bills the released year and rows again, under new numbers: counted once.
    bill(wb, DECEMBER);
    expect(formula(wb, 'FASTKOSTNAD', 'Luleå', 2024)).toBe(298992);
    const after = luleåFigures(wb, 2024);
    expect(after.fixed).toBe('298992.00');
    expect(Number(after.variable)).toBeGreaterThanOrEqual(Number(before.variable));
  });

  it('UTBILDARPOTT(år; kommun) is the payout net of credited payouts, and Uppföljning agrees', () => {
    const wb = new MemoryWorkbook(standardTabs());
    bill(wb, DECEMBER);
    expect(formula(wb, 'UTBILDARPOTT', 2024, 'Luleå')).toBe(3066.67);
    expect(luleåFigures(wb, 2024).pot).toBe('-3066.67');

    credit(wb, numberOf(wb, 'Luleå', '2024-12'), '2024-12-27');
    expect(formula(wb, 'UTBILDARPOTT', 2024, 'Luleå')).toBe(0);
    expect(formula(wb, 'UTBILDARPOTT', 2024, [['Luleå'], ['Piteå']])).toEqual([[0], [1533.33]]);
    expect(luleåFigures(wb, 2024)).toEqual({ fixed: '0.00', variable: '0.00', pot: '0.00', net: '0.00' });
    // The Utbildarpott component of the year's attendance is unchanged by a credit (billed or not).
    expect(formula(wb, 'UTBILDARPOTT', 2024)).toBe(4600);
  });
});

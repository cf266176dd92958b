// The recomputation of the custom functions through the built dist/gas/Code.js: our formulas are
// blanked and written back so that Sheets runs them again; a failure in between must never leave
// an administrator's formula blank, and is told, naming what could not be put back.
import { describe, expect, it } from 'vitest';
import { createGasEnvironment, type GasEnvironment } from './fakes';
import { loadBundle, plain, type GasContext } from './harness';
import { standardTabs, toGasTabs } from '../fixtures/workbook';

function world(): { env: GasEnvironment; ctx: GasContext } {
  const env = createGasEnvironment({ tabs: toGasTabs(standardTabs()) });
  const ctx = loadBundle(env);
  env.spreadsheet.seed('Översikt', [
    ['Kommun', 'Fast kostnad', 'Pott'],
    ['Boden', { formula: '=FASTKOSTNAD(A2)', value: 1 }, 'text'],
    ['Summa', { formula: '=SUM(B2:B2)' }, { formula: '=UTBILDARPOTT(2024)', value: 2 }],
  ]);
  env.tracker.reset();
  return { env, ctx };
}

const formulas = (env: GasEnvironment) => env.spreadsheet.formulas('Översikt');
const FORMULAS = [
  ['', '', ''],
  ['', '=FASTKOSTNAD(A2)', ''],
  ['', '=SUM(B2:B2)', '=UTBILDARPOTT(2024)'],
];

describe('Kontrollera data: recomputing our formulas never loses one', () => {
  it('puts every formula back when the flush between blank and restore fails, and says so', () => {
    const { env, ctx } = world();
    env.failAt('SpreadsheetApp.flush', 1, 'Service Spreadsheets timed out');
    ctx.menuCheck();
    expect(formulas(env)).toEqual(FORMULAS);
    expect(env.ui.lastAlert().prompt).toMatch(
      /formler kunde inte räknas om \(Google svarade inte i tid eller gav ett tillfälligt fel\. Försök igen om en stund\.?\); de står kvar/,
    );
  });

  it('restores the other blocks when one restore fails, and names the lost cells and their formula', () => {
    const { env, ctx } = world();
    env.failAt('Range.setFormulas', 1, 'Service error: Spreadsheets');
    ctx.menuCheck();
    // B2 could not be written back; C3 was, and the alert gives B2's formula to type in again.
    expect(formulas(env)[2][2]).toBe('=UTBILDARPOTT(2024)');
    expect(env.ui.lastAlert().prompt).toContain(
      'Översikt!B2:B2 (=FASTKOSTNAD(A2)): Google svarade inte i tid eller gav ett tillfälligt fel',
    );
  });

  it('counts the recomputed formulas when all goes well', () => {
    const { env, ctx } = world();
    ctx.menuCheck();
    expect(formulas(env)).toEqual(FORMULAS);
    expect(env.ui.lastAlert().prompt).toMatch(/2 formler med Yrkesresans funktioner räknades om/);
  });
});

describe('Kör fakturering and Kreditera faktura: a recomputation that fails is told with the run', () => {
  it('a billing run whose recomputation fails says so in its message, and the formulas stand', () => {
    const { env, ctx } = world();
    env.failAt('SpreadsheetApp.flush', 1, 'Service Spreadsheets timed out');
    const billed = plain<any>(ctx.billingConfirm({ month: '2024-12', invoiceDate: '2024-12-20' }));
    expect(billed.written).toBe(true);
    expect(billed.message).toMatch(
      /formler kunde inte räknas om \(Google svarade inte i tid eller gav ett tillfälligt fel\. Försök igen om en stund\.?\); de står kvar/,
    );
    expect(formulas(env)).toEqual(FORMULAS);
  });

  it('a credit note whose recomputation fails says so in its message', () => {
    const { env, ctx } = world();
    const billed = plain<any>(ctx.billingConfirm({ month: '2024-12', invoiceDate: '2024-12-20' }));
    expect(billed.message).not.toMatch(/formler/);
    env.failAt('SpreadsheetApp.flush', 1, 'Service Spreadsheets timed out');
    const credited = plain<any>(
      ctx.creditConfirm({ invoice: billed.invoices[0].number, date: '2024-12-28', reason: 'Fel antal dagar' }),
    );
    expect(credited.written).toBe(true);
    expect(credited.message).toMatch(
      /formler kunde inte räknas om \(Google svarade inte i tid eller gav ett tillfälligt fel/,
    );
    expect(formulas(env)).toEqual(FORMULAS);
  });
});

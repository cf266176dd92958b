// Growth through the built dist/gas/Code.js: a spreadsheet has room for 10 million cells over all
// its tabs (the fakes enforce it). Invoice sheets are sized to their content, registers grow only
// when full, and a redraw of Kontroll never grows it.
import { describe, expect, it } from 'vitest';
import { CELL_LIMIT, createGasEnvironment } from './fakes';
import { loadBundle, plain } from './harness';
import { standardTabs, toGasTabs } from '../fixtures/workbook';

describe('Growth of the spreadsheet', () => {
  it('invoice sheets have exactly their rows; the register keeps its spare rows; Kontroll stays its size', () => {
    const env = createGasEnvironment({ tabs: toGasTabs(standardTabs()) });
    const ctx = loadBundle(env);
    const before = env.spreadsheet.sheet('Fakturor')?.maxRows;
    const run = plain<any>(ctx.billingConfirm({ month: '2024-12', invoiceDate: '2024-12-20' }));
    expect(run.written).toBe(true);
    for (const inv of run.invoices) {
      const sheet = env.spreadsheet.sheet(inv.sheet)!;
      expect(sheet.maxRows, inv.sheet).toBe(env.spreadsheet.read(inv.sheet).length);
      expect(sheet.maxRows, inv.sheet).toBeLessThan(200);
    }
    if (before !== undefined) expect(env.spreadsheet.sheet('Fakturor')!.maxRows).toBe(before);
    ctx.menuCheck();
    const control = env.spreadsheet.sheet('Kontroll')!.maxRows;
    ctx.menuCheck();
    ctx.menuCheck();
    expect(env.spreadsheet.sheet('Kontroll')!.maxRows).toBe(control);
  });

  it('the fakes refuse to pass 10 million cells, as Sheets does', () => {
    const env = createGasEnvironment();
    const sheet = env.globals.SpreadsheetApp.getActiveSpreadsheet().getSheets()[0];
    expect(() => sheet.insertRowsAfter(1000, CELL_LIMIT / 26)).toThrow(/above the limit of 10000000 cells/);
    sheet.insertRowsAfter(1000, CELL_LIMIT / 26 - 1000);
    expect(() => env.globals.SpreadsheetApp.getActiveSpreadsheet().insertSheet('Ny')).toThrow(/limit/);
  });

  it('the administrator is left on the sheet they were on, though every new sheet becomes the active one', () => {
    const env = createGasEnvironment({ tabs: toGasTabs(standardTabs()) });
    const ctx = loadBundle(env);
    env.spreadsheet.active = env.spreadsheet.sheet('Kommuner')!;
    expect(plain<any>(ctx.billingConfirm({ month: '2024-12', invoiceDate: '2024-12-20' })).written).toBe(true);
    expect(env.spreadsheet.active.name).toBe('Kommuner');
    ctx.menuSetup();
    expect(env.spreadsheet.active.name).toBe('Kommuner');
  });
});

// Growth through the built dist/gas/Code.js: a spreadsheet has room for 10 million cells over all
// its tabs (the fakes enforce it). Invoice sheets are sized to their content, registers grow only
// when full, and a redraw of Kontroll or Uppföljning never grows it.
import { describe, expect, it } from 'vitest';
import { CELL_LIMIT, createGasEnvironment } from './fakes';
import { installChartFakes } from './fakes/charts';
import { loadBundle, plain } from './harness';
import { camt054 } from '../fixtures/bankFiles';
import { standardTabs, toGasTabs } from '../fixtures/workbook';

describe('Growth of the spreadsheet', () => {
  it('invoice sheets have exactly their rows and columns; the register keeps its spare rows; Kontroll and Uppföljning keep their size', () => {
    const env = createGasEnvironment({ tabs: toGasTabs(standardTabs()) });
    const ctx = loadBundle(env, { globals: { Charts: installChartFakes(env) } });
    const before = env.spreadsheet.sheet('Fakturor')?.maxRows;
    const run = plain<any>(ctx.billingConfirm({ month: '2024-12', invoiceDate: '2024-12-20' }));
    expect(run.written).toBe(true);
    for (const inv of run.invoices) {
      const sheet = env.spreadsheet.sheet(inv.sheet)!;
      const shown = env.spreadsheet.read(inv.sheet);
      expect([sheet.maxRows, sheet.maxCols], inv.sheet).toEqual([shown.length, shown[0].length]);
      expect(sheet.maxRows * sheet.maxCols, inv.sheet).toBeLessThan(500);
    }
    if (before !== undefined) expect(env.spreadsheet.sheet('Fakturor')!.maxRows).toBe(before);
    ctx.menuCheck();
    const control = env.spreadsheet.sheet('Kontroll')!.maxRows;
    ctx.menuCheck();
    ctx.menuCheck();
    expect(env.spreadsheet.sheet('Kontroll')!.maxRows).toBe(control);
    expect(control).toBeLessThan(1000);
    // Uppföljning too: its size is its layout's, the same on every redraw.
    ctx.menuFollowUp();
    const report = env.spreadsheet.sheet('Uppföljning')!;
    const size = [report.maxRows, report.maxCols];
    expect(report.maxRows).toBeLessThan(1000);
    ctx.menuFollowUp();
    ctx.menuFollowUp();
    expect([report.maxRows, report.maxCols]).toEqual(size);
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

  it('an attendance import and a bank file that insert a tab leave the administrator where they were', () => {
    const tabs = standardTabs();
    delete tabs['Inbetalningar'];
    const env = createGasEnvironment({ tabs: toGasTabs(tabs) });
    const ctx = loadBundle(env);
    expect(plain<any>(ctx.billingConfirm({ month: '2024-12', invoiceDate: '2024-12-20' })).written).toBe(true);
    env.spreadsheet.active = env.spreadsheet.sheet('Kommuner')!;
    const csv = [
      `"User's Fullname","User's Email","User's Organisation Name","Course Name","Session Start Date","Status"`,
      `"Anna Ny",anna@lulea.se,"Luleå kommun",BOU-B1,2024-05-13,"Fully attended"`,
    ].join('\r\n');
    const imported = plain<any>(ctx.importConfirm({ text: csv, file: 'export.csv' }));
    expect(imported.written).toBe(true);
    expect(env.spreadsheet.tabNames()).toContain(imported.tab);
    expect(env.spreadsheet.active.name).toBe('Kommuner');

    const [header, ...rows] = env.spreadsheet.read('Fakturor');
    const ocr = String(rows[0][header.indexOf('OCR')]);
    const amount = Number(rows[0][header.indexOf('Belopp')]).toFixed(2);
    const bank = camt054([{ bookingDate: '2024-12-28', txs: [{ amount, ref: ocr, acctSvcrRef: 'P1' }] }]);
    const paid = plain<any>(ctx.paymentsConfirm({ name: 'camt054.xml', base64: Buffer.from(bank).toString('base64') }));
    expect(paid).toMatchObject({ ok: true, written: true });
    expect(env.spreadsheet.tabNames()).toContain('Inbetalningar');
    expect(env.spreadsheet.active.name).toBe('Kommuner');
  });

  it('sending, resending, reminding and exporting that create a missing Logg leave the administrator where they were', () => {
    const env = createGasEnvironment({ tabs: toGasTabs(standardTabs()) });
    const ctx = loadBundle(env);
    const run = plain<any>(ctx.billingConfirm({ month: '2024-12', invoiceDate: '2024-12-20' }));
    const number = run.invoices[0].number;
    const ss = env.globals.SpreadsheetApp.getActiveSpreadsheet();
    for (const [action, call] of [
      ['Skicka', () => ctx.sendingSend({ numbers: [number] })],
      ['Skicka igen', () => ctx.sendingResend({ number, confirmed: true })],
      ['Påminn', () => ctx.remindersSend({ date: '2025-03-01' })],
      ['Exportera', () => ctx.exportDownload({ from: '2024-01-01', to: '2024-12-31' })],
    ] as const) {
      ss.deleteSheet(ss.getSheetByName('Logg')!);
      env.spreadsheet.active = env.spreadsheet.sheet('Kommuner')!;
      expect(plain<any>(call()).ok, action).toBe(true);
      expect(env.spreadsheet.tabNames(), action).toContain('Logg');
      expect(env.spreadsheet.active.name, action).toBe('Kommuner');
    }
  });
});

// Text the PDF font cannot draw, through the built dist/gas/Code.js with the fakes: Kontrollera
// data lists it at its cell, the billing preview refuses it, and Skicka fakturor skips the invoice
// whose sheet holds it before any mail leaves (never boxes in a municipality's PDF).
import { describe, expect, it } from 'vitest';
import { createGasEnvironment } from './fakes';
import { loadBundle, plain } from './harness';
import { date, standardTabs, toGasTabs } from '../fixtures/workbook';

const REQUEST = { month: '2024-12', invoiceDate: '2024-12-20' };
const ARABIC = 'Ahmad أحمد';

function world(tabs = standardTabs()) {
  const env = createGasEnvironment({ tabs: toGasTabs(tabs) });
  return { env, ctx: loadBundle(env) };
}

describe('Apps Script: text the PDF font cannot draw', () => {
  it('Kontrollera data lists it with tab, row, column and characters; the billing preview refuses the run', () => {
    const tabs = standardTabs();
    tabs['Närvaro 2024'].push([date('2024-10-01'), 'BOU-B1', ARABIC, 'Luleå', 1, '']);
    const { env, ctx } = world(tabs);
    ctx.menuCheck();
    const control = env.spreadsheet.read('Kontroll');
    const row = control.find((r) => String(r[5]).includes('typsnitt saknar'))!;
    expect(row.slice(0, 5)).toEqual(['Fel', 'Närvaro 2024', 9, 'Deltagare', ARABIC]);
    expect(String(row[5])).toContain('أ (U+0623), ح (U+062D), م (U+0645), د (U+062F)');

    const p = plain<any>(ctx.billingPreview(REQUEST));
    expect(p.ok).toBe(false);
    expect(p.errors).toEqual([
      expect.objectContaining({ tab: 'Närvaro 2024', row: 9, column: 'Deltagare', value: ARABIC }),
    ]);
  });

  it('Skicka fakturor skips an invoice whose sheet holds such text, before it is claimed; the others go', () => {
    const { env, ctx } = world();
    const numbers = plain<any>(ctx.billingConfirm(REQUEST)).invoices.map((i: any) => i.number);
    const sheet = env.spreadsheet.tabNames().find((n) => n.startsWith(`${numbers[0]} `))!;
    const values = env.spreadsheet.read(sheet);
    const r = values.findIndex((row) => String(row[0]).startsWith('Köpare'));
    // Someone types a note in the buyer's block of the sheet.
    env.spreadsheet
      .getSheetByName(sheet)!
      .getRange(r + 3, 2)
      .setValue('Att: 王芳');
    const report = plain<any>(ctx.sendingSend({ numbers }));
    expect(report.sent).toBe(numbers.length - 1);
    expect(report.failed).toBe(0);
    const skipped = report.results.find((x: any) => x.number === numbers[0]);
    expect(skipped.outcome).toBe('skipped');
    expect(skipped.reason).toContain(
      `Fakturafliken "${sheet}" har tecken som PDF-fakturans typsnitt saknar, i cell B${r + 3} ("Att: 王芳"): 王 (U+738B), 芳 (U+82B3).`,
    );
    expect(env.mail.sent.map((m) => m.subject).join('\n')).not.toContain(numbers[0]);
    const [header, ...rows] = env.spreadsheet.read('Fakturor');
    const status = rows.find((x) => x[header.indexOf('Fakturanummer')] === numbers[0])![header.indexOf('Status')];
    expect(status).toBe('Skapad');
  });
});

// Kreditera faktura, Betalningar och påminnelser, Importera närvaro and Exportera e-fakturor och
// bokföring link every error to its cell, as the billing dialog and Kontrollera data do: through the built Code.js in node:vm with the fakes.
import { describe, expect, it } from 'vitest';
import { camt054 } from '../fixtures/bankFiles';
import { standardTabs, toGasTabs } from '../fixtures/workbook';
import { createGasEnvironment, type GasEnvironment } from './fakes';
import { loadBundle, plain, type GasContext } from './harness';

/** May 2024 billed, then one Belopp of Fakturor changed by hand: a register that does not add up. */
function brokenRegister(): { env: GasEnvironment; ctx: GasContext; number: string; a1: string; gid: number } {
  const env = createGasEnvironment({ tabs: toGasTabs(standardTabs()) });
  const ctx = loadBundle(env);
  expect(plain<any>(ctx.billingConfirm({ month: '2024-05', invoiceDate: '2024-05-20' })).written).toBe(true);
  const [header, first] = env.spreadsheet.read('Fakturor');
  const col = header.indexOf('Belopp');
  env.spreadsheet
    .sheet('Fakturor')!
    .getRange(2, col + 1)
    .setValue(Number(first[col]) + 1);
  const a1 = `${String.fromCharCode(65 + col)}2`;
  return { env, ctx, number: String(first[0]), a1, gid: env.spreadsheet.sheet('Fakturor')!.getSheetId() };
}

describe('the dialogs link an error to its cell', () => {
  it('Kreditera faktura: the list and the preview', () => {
    const { ctx, number, a1, gid } = brokenRegister();
    const list = plain<any>(ctx.creditList());
    expect(list.errors.length).toBeGreaterThan(0);
    const onRegister = list.errors.filter((e: any) => e.tab === 'Fakturor' && e.row === 2);
    expect(onRegister.length).toBeGreaterThan(0);
    for (const e of onRegister) expect(e.url).toMatch(new RegExp(`#gid=${gid}&range=[A-Z]+2$`));
    expect(onRegister.map((e: any) => e.url)).toContainEqual(expect.stringMatching(new RegExp(`&range=${a1}$`)));
    const preview = plain<any>(ctx.creditPreview({ invoice: number, date: '2024-06-01', reason: '' }));
    expect(preview.errors.length).toBeGreaterThan(0);
    for (const e of preview.errors.filter((x: any) => x.tab === 'Fakturor' && x.row))
      expect(e.url).toContain(`#gid=${gid}&range=`);
  });

  it('Betalningar och påminnelser: the preview', () => {
    const { ctx, a1, gid } = brokenRegister();
    const file = camt054([
      { bookingDate: '2024-06-18', acctSvcrRef: 'E1', txs: [{ amount: '100.00', ref: '1234', acctSvcrRef: 'T1' }] },
    ]);
    const view = plain<any>(ctx.paymentsPreview({ name: 'bank.xml', base64: Buffer.from(file).toString('base64') }));
    expect(view.errors.length).toBeGreaterThan(0);
    expect(view.errorUrls).toHaveLength(view.errors.length);
    const linked = view.errors
      .map((e: string, i: number) => [e, view.errorUrls[i]])
      .filter(([e]: string[]) => e.startsWith('Flik Fakturor, rad 2'));
    expect(linked.length).toBeGreaterThan(0);
    for (const [, url] of linked) expect(url).toContain(`#gid=${gid}&range=`);
    expect(linked.map(([, url]: string[]) => url)).toContainEqual(expect.stringMatching(new RegExp(`&range=${a1}$`)));
    expect(view.warningUrls).toHaveLength(view.warnings.length);
  });

  it('Exportera e-fakturor och bokföring: the preview', () => {
    const { ctx, a1, gid } = brokenRegister();
    const view = plain<any>(ctx.exportPreview({ from: '2024-01-01', to: '2024-12-31' }));
    expect(view.errors.length).toBeGreaterThan(0);
    expect(view.errorUrls).toHaveLength(view.errors.length);
    expect(view.warningUrls).toHaveLength(view.warnings.length);
    const linked = view.errorUrls.filter((url: string) => url.includes(`#gid=${gid}&range=`));
    expect(linked).toContainEqual(expect.stringMatching(new RegExp(`&range=${a1}$`)));
  });

  it('Importera närvaro: the preview', () => {
    const env = createGasEnvironment({ tabs: toGasTabs(standardTabs()) });
    const ctx = loadBundle(env);
    // A course without Kursdagar whose dates span far more than a plausible number of days.
    const courses = env.spreadsheet.sheet('Kurser')!;
    const [header, ...rows] = env.spreadsheet.read('Kurser');
    const row = rows.findIndex((r) => r[0] === 'BOU-B1') + 2;
    courses.getRange(row, header.indexOf('Slutdatum') + 1).setValue(new Date('2026-12-31T00:00:00Z'));
    const csv = [
      '"User\'s Fullname";"User\'s Email";"Course Name";"Session Start Date";"Status";"User\'s Organisation Name"',
      '"Anna Lind";anna@lulea.se;BOU-B1;2024-09-13;"Fully attended";"Luleå kommun"',
    ].join('\r\n');
    const view = plain<any>(ctx.importPreview({ text: csv, file: 'export.csv' }));
    expect(view.warningUrls).toHaveLength(view.warnings.length);
    const at = view.warnings.findIndex((w: string) => w.startsWith(`Flik Kurser, rad ${row}`));
    expect(at, JSON.stringify(view.warnings)).toBeGreaterThanOrEqual(0);
    const gid = env.spreadsheet.sheet('Kurser')!.getSheetId();
    expect(view.warningUrls[at]).toMatch(new RegExp(`#gid=${gid}&range=[A-Z]+${row}$`));
    expect(view.errorUrls).toHaveLength(view.errors.length);
  });
});

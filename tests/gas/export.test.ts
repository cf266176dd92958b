// "Exportera e-fakturor och bokföring" through the built dist/gas/Code.js in node:vm with the
// Apps Script fakes: the menu item, the dialog, the preview (writes nothing), the download (one
// ZIP from Utilities.zip as base64, unzipped here with fflate), Logg, and refusals.
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createGasEnvironment } from './fakes';
import { loadBundle, openSpreadsheet, plain } from './harness';
import { standardTabs, toGasTabs } from '../fixtures/workbook';
import { LOG_HEADERS } from '../../src/workbook/schema';
import { accountTotals, balance, readSie } from '../sie/reader';

function billedWorld(settings: Record<string, string> = {}) {
  const tabs = { ...standardTabs(), Logg: [[...LOG_HEADERS]] };
  const env = createGasEnvironment({ tabs: toGasTabs(tabs) });
  const ctx = loadBundle(env);
  for (const [month, invoiceDate] of [
    ['2024-05', '2024-05-20'],
    ['2024-12', '2024-12-20'],
  ]) {
    const p = plain<any>(ctx.billingPreview({ month, invoiceDate }));
    plain(ctx.billingConfirm({ month, invoiceDate, fingerprint: p.fingerprint }));
  }
  if (Object.keys(settings).length) {
    const rows = env.spreadsheet.read('Inställningar');
    const changed = rows.map((r) => (typeof r[0] === 'string' && r[0] in settings ? [r[0], settings[r[0]]] : r));
    const added = Object.entries(settings).filter(([key]) => !rows.some((r) => r[0] === key));
    env.spreadsheet.seed('Inställningar', [...changed, ...added]);
  }
  return { env, ctx };
}

describe('Exportera e-fakturor och bokföring in Apps Script', () => {
  it('sits in the menu right after Importera närvaro, or after Skicka fakturor, and opens its dialog', () => {
    const env = createGasEnvironment({ tabs: toGasTabs(standardTabs()) });
    const ctx = loadBundle(env);
    openSpreadsheet(env, ctx);
    const items = env.ui
      .menu('Yrkesresan')
      .items.filter((i: any) => i.kind === 'item')
      .map((i: any) => i.caption);
    const at = items.indexOf('Exportera e-fakturor och bokföring');
    expect(at).toBeGreaterThan(items.indexOf('Skicka fakturor'));
    expect(at).toBeLessThan(items.indexOf('Kontrollera data'));
    const fn = (
      env.ui.menu('Yrkesresan').items.find((i: any) => i.caption === 'Exportera e-fakturor och bokföring') as any
    ).functionName;
    ctx[fn]();
    expect(env.ui.lastDialog().title).toBe('Exportera e-fakturor och bokföring');
  });

  it('previews the period without writing anything', () => {
    const { env, ctx } = billedWorld();
    env.tracker.reset();
    const v = plain<any>(ctx.exportPreview({ from: '2024-01-01', to: '2024-12-31' }));
    expect(v.ok).toBe(true);
    expect(v.errors).toEqual([]);
    expect(v.summary.documents).toBeGreaterThan(0);
    expect(v.base64).toBeUndefined();
    expect(env.tracker.countMatching(/^(Range|Sheet|Spreadsheet)\.(set|insert|append|delete|clear)/)).toBe(0);
  });

  it('downloads one ZIP holding the SIE file, balanced and in code page 437, and logs the export', () => {
    const { env, ctx } = billedWorld();
    const v = plain<any>(ctx.exportDownload({ from: '2024-01-01', to: '2024-12-31' }));
    expect(v.ok).toBe(true);
    expect(v.fileName).toBe('yrkesresan-export-2024-01-01-2024-12-31.zip');
    expect(env.calls['Utilities.zip']).toBe(1);
    const files = unzipSync(new Uint8Array(Buffer.from(v.base64, 'base64')));
    expect(Object.keys(files)).toContain('sie/yrkesresan.se');
    const sie = readSie(files['sie/yrkesresan.se']);
    expect([sie.flagga, sie.format, sie.sietyp]).toEqual(['0', 'PC8', '4']);
    expect(sie.vers.length).toBe(v.summary.documents);
    for (const ver of sie.vers) expect(balance(ver)).toBe(0n);
    const register = env.spreadsheet.read('Fakturor');
    const total = register.slice(1).reduce((s, r) => s + BigInt(Math.round(Number(r[5]) * 100)), 0n);
    expect(accountTotals(sie.vers).get('1510')).toBe(total);
    expect(Buffer.from(files['sie/yrkesresan.se']).toString('latin1')).toContain('Lule\x86');
    // One e-invoice per document of the period, UTF-8, named by number and municipality.
    const peppol = Object.keys(files)
      .filter((f) => f.startsWith('peppol/'))
      .sort();
    const numbers = register.slice(1).map((r) => String(r[0]));
    expect(peppol).toEqual(
      register
        .slice(1)
        .map((r) => `peppol/${r[0]} ${r[4]}.xml`)
        .sort(),
    );
    expect(peppol.length).toBe(numbers.length);
    const lulea = peppol.find((f) => f.endsWith(' Luleå.xml'))!;
    const xml = Buffer.from(files[lulea]).toString('utf8');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(xml).toContain('<cbc:RegistrationName>Luleå kommun</cbc:RegistrationName>');
    const log = env.spreadsheet.read('Logg');
    expect(log.at(-1)![2]).toBe('Export');
    expect(log.at(-1)![4]).toBe('Klar');
  });

  it('refuses an invalid account setting in Swedish, naming the tab, and offers no file; Logg records the refusal', () => {
    const { env, ctx } = billedWorld({ 'Konto kundfordringar': 'kund' });
    const logged = env.spreadsheet.read('Logg').length;
    const v = plain<any>(ctx.exportDownload({ from: '', to: '' }));
    expect(v.ok).toBe(false);
    expect(v.base64).toBeUndefined();
    expect(v.errors.join('\n')).toMatch(
      /Flik Inställningar, rad \d+, kolumn Värde: "kund" – Inställningen Konto kundfordringar "kund" är inget giltigt kontonummer/,
    );
    const log = env.spreadsheet.read('Logg');
    expect(log.length).toBe(logged + 1);
    expect([log.at(-1)![2], log.at(-1)![4]]).toEqual(['Export', 'Nekad']);
    expect(String(log.at(-1)![3])).toMatch(/^Period .*: 1 fel\. .*Konto kundfordringar "kund"/);
  });

  it('refuses a bad date or an empty period before reading anything', () => {
    const { ctx } = billedWorld();
    expect(plain<any>(ctx.exportDownload({ from: '2024-13-01' })).errors[0]).toMatch(/inget giltigt datum/);
    expect(plain<any>(ctx.exportPreview({ from: '2024-12-01', to: '2024-01-01' })).errors[0]).toMatch(
      /Perioden är tom/,
    );
  });
});

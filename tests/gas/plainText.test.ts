// Text in cells formatted as plain text ('@') through the built dist/gas/Code.js: Sheets keeps a
// string there as it is, so the port writes no apostrophe before it (the fakes keep one, as a
// plain-text cell would); elsewhere text that Sheets would take for a formula or a number is
// still kept literal.
import { describe, expect, it } from 'vitest';
import { createGasEnvironment } from './fakes';
import { loadBundle, plain } from './harness';
import { standardTabs, toGasTabs } from '../fixtures/workbook';

describe('Plain-text cells', () => {
  it('a billing run writes OCR references and numbers into the plain-text columns without an apostrophe', () => {
    const tabs = standardTabs();
    delete tabs['Fakturor'];
    delete tabs['Fakturarader'];
    const env = createGasEnvironment({ tabs: toGasTabs(tabs) });
    const ctx = loadBundle(env);
    expect(plain<any>(ctx.billingConfirm({ month: '2024-12', invoiceDate: '2024-12-20' })).written).toBe(true);
    const [header, ...rows] = env.spreadsheet.read('Fakturor');
    const ocr = header.indexOf('OCR');
    expect(env.spreadsheet.formats('Fakturor')[1][ocr]).toBe('@');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(String(r[ocr])).toMatch(/^\d+$/);
      expect(String(r[header.indexOf('Fakturanummer')])).toMatch(/^[A-Z]+-2024-\d{4}$/);
    }
    // Logg's columns are plain text too: its time reads as written.
    expect(String(env.spreadsheet.read('Logg')[1][0])).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });
});

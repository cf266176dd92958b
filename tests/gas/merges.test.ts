// Merged cells over Fakturanummer or Utbetalning, through the built Code.js with the fakes: the
// billing dialog refuses them with the tab, row and column, before anything is written, and the
// port asks for a tab's merges with one Range.getMergedRanges on its data range, not per row.
import { describe, expect, it } from 'vitest';
import { createGasEnvironment } from './fakes';
import { loadBundle, plain } from './harness';
import { settingsTab, standardTabs, toGasTabs, type Tabs } from '../fixtures/workbook';
import { LOG_HEADERS } from '../../src/workbook/schema';
import { PROTECTED_TABS } from '../../src/workbook/protection';
import { PROTECTION_DESCRIPTION } from '../../src/gas/protection';

const REQUEST = { month: '2024-12', invoiceDate: '2024-12-20' };
const MUTATING =
  /^(Spreadsheet|Sheet|Range|Protection)\.(set|insert|delete|clear|merge|breakApart|protect|append|remove|add|copy|move|sort)/;

function world(tabs: Tabs = standardTabs()) {
  const env = createGasEnvironment({ tabs: toGasTabs({ ...tabs, Logg: [[...LOG_HEADERS]] }) });
  // Protected as a run leaves them, so that the refused run has no protection to synchronise.
  env.spreadsheet.protectTabs(PROTECTED_TABS, { warningOnly: true, description: PROTECTION_DESCRIPTION });
  const ctx = loadBundle(env);
  return { env, ctx };
}

describe('merged cells over the columns billing writes (Apps Script)', () => {
  it('Fakturanummer merged over two rows and Utbetalning merged with Dagar are refused; nothing is written', () => {
    const { env, ctx } = world();
    env.spreadsheet.getSheetByName('Närvaro 2024')!.getRange('F2:F3').merge();
    env.spreadsheet.getSheetByName('Utbildarlogg')!.getRange('E3:F3').merge();
    env.tracker.reset();
    const p = plain<any>(ctx.billingPreview(REQUEST));
    expect(p.ok).toBe(false);
    const merged = p.errors.filter((e: any) => /sammanfogade/.test(e.message));
    expect(merged.map((e: any) => [e.tab, e.row, e.column, e.value])).toEqual([
      ['Närvaro 2024', 2, 'Fakturanummer', 'F2:F3'],
      ['Utbildarlogg', 3, 'Utbetalning', 'E3:F3'],
    ]);
    // One getMergedRanges per tab the run writes into, whatever the number of rows.
    const asked = env.tracker.log.filter((c) => c.kind === 'Range.getMergedRanges').length;
    expect(asked).toBeGreaterThan(0);
    expect(asked).toBeLessThanOrEqual(env.spreadsheet.getSheets().length);

    env.tracker.reset();
    const r = plain<any>(ctx.billingConfirm(REQUEST));
    expect(r.written).toBe(false);
    const written = env.tracker.log.filter((c) => MUTATING.test(c.kind) && !String(c.target ?? '').startsWith('Logg'));
    expect(written).toEqual([]);
  });

  it('a merge in a column billing does not write leaves the run alone', () => {
    const { env, ctx } = world();
    env.spreadsheet.getSheetByName('Närvaro 2024')!.getRange('C2:C3').merge();
    const p = plain<any>(ctx.billingPreview(REQUEST));
    expect(p.errors.filter((e: any) => /sammanfogade/.test(e.message))).toEqual([]);
  });
});

describe('data the writers cannot take, refused alike in Apps Script', () => {
  it('a Kommun name with / and a day fee of 1e306 are errors at their cells; nothing is written', () => {
    const tabs = standardTabs();
    const k = tabs['Kommuner'];
    const row = k.findIndex((r) => r[0] === 'Boden');
    k[row][0] = 'Bo/den';
    for (const [name, rows] of Object.entries(tabs)) {
      if (!/^Närvaro|^Utbildarlogg/.test(name)) continue;
      const c = rows[0].indexOf('Kommun');
      for (const r of rows.slice(1)) if (r[c] === 'Boden') r[c] = 'Bo/den';
    }
    tabs['Inställningar'] = settingsTab({ 'Lokal och fika (kr/dag)': 1e306 });
    const feeRow = tabs['Inställningar'].findIndex((r) => r[0] === 'Lokal och fika (kr/dag)') + 1;
    const { env, ctx } = world(tabs);
    env.tracker.reset();
    const r = plain<any>(ctx.billingConfirm(REQUEST));
    expect(r.written).toBe(false);
    const located = r.errors.map((e: any) => [e.tab, e.row, e.column]);
    expect(located).toContainEqual(['Kommuner', row + 1, 'Kommun']);
    expect(located).toContainEqual(['Inställningar', feeRow, 'Värde']);
    const written = env.tracker.log.filter((c) => MUTATING.test(c.kind) && !String(c.target ?? '').startsWith('Logg'));
    expect(written).toEqual([]);
  });
});

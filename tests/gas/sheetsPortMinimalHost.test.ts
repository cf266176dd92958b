// The product on a host that offers only the most common Apps Script calls (getValues,
// setValues, setNumberFormats, insertSheet, …): what another team's fakes may be. Cosmetic calls
// (bold, widths, merges, validations, protection) are skipped; the data must be right.
import { describe, expect, it } from 'vitest';
import { SheetsPort } from '../../src/gas/sheets';
import type { CellValue } from '../../src/workbook/port';
import { TAB } from '../../src/workbook/schema';
import { createGasEnvironment } from './fakes';
import { restrictedGlobals } from './fakes/minimal';
import { callCustomFunction, loadBundle, plain } from './harness';
import { date, standardTabs, toGasTabs } from '../fixtures/workbook';
import { describePortContract } from '../workbook/portContract';

function minimalPort(tabs: Record<string, CellValue[][]>) {
  const env = createGasEnvironment({ tabs: toGasTabs(tabs) });
  const globals = restrictedGlobals(env);
  Object.assign(globalThis, globals);
  return new SheetsPort(globals.SpreadsheetApp.getActiveSpreadsheet());
}

describePortContract('SheetsPort on a host with only the common API', minimalPort);

describe('Code.js on a host with only the common API', () => {
  function world() {
    const tabs = standardTabs();
    tabs['Närvaro 2024'].push([date('2024-05-02'), 'BOU-B1', '=1+1', 'Stockholm', 1, '']);
    const env = createGasEnvironment({ tabs: toGasTabs(tabs) });
    const ctx = loadBundle(env, { globals: restrictedGlobals(env) as unknown as Record<string, unknown> });
    return { env, ctx };
  }

  it('builds the menu and computes the custom functions', () => {
    const { env, ctx } = world();
    ctx.onOpen();
    expect(env.ui.menu('Yrkesresan').items.length).toBeGreaterThanOrEqual(5);
    expect(callCustomFunction(env, ctx, 'FASTKOSTNAD', 'Luleå', 2028)).toBe(149496);
    expect(plain(callCustomFunction(env, ctx, 'DELTAGARDAGAR', [['Luleå'], ['Boden']], '2024-01-01', '2024-12-31'))).toEqual([[5.5], [2]]);
  });

  it('checks the workbook and writes Kontroll with its links', () => {
    const { env, ctx } = world();
    ctx.checkWorkbook();
    const rows = env.spreadsheet.read(TAB.control);
    const i = rows.findIndex((r) => r[4] === 'Stockholm');
    expect(rows[i].slice(0, 4)).toEqual(['Fel', 'Närvaro 2024', 9, 'Kommun']);
    expect(env.spreadsheet.formulas(TAB.control)[i][6]).toMatch(/^=HYPERLINK\("#gid=\d+&range=D9","Visa cellen"\)$/);
    expect(rows.some((r) => r.includes('=1+1'))).toBe(false); // not a value the check reports, and never a formula
    expect(env.spreadsheet.formulas(TAB.control).flat().filter((f) => f && !f.startsWith('=HYPERLINK'))).toEqual([]);
  });

  it('creates the missing tabs', () => {
    const env = createGasEnvironment();
    const ctx = loadBundle(env, { globals: restrictedGlobals(env) as unknown as Record<string, unknown> });
    ctx.setupWorkbook();
    expect(env.spreadsheet.read(TAB.municipalities)[9][0]).toBe('Luleå');
    expect(env.spreadsheet.read(TAB.invoices)).toHaveLength(1);
  });
});

// The five custom functions of SPEC §5 through the built Code.js, as Sheets calls them: read-only
// services, ranges as 2D arrays, Dates from another realm, errors as thrown Swedish messages.
import { describe, expect, it } from 'vitest';
import { runBilling } from '../../src/app/bill';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import { ATTENDANCE_HEADERS } from '../../src/workbook/schema';
import { createGasEnvironment, zonedInstant, type GasEnvironment } from './fakes';
import { callCustomFunction, loadBundle, plain, type GasContext } from './harness';
import {
  attendance2024,
  date,
  municipalitiesTab,
  settingsTab,
  standardTabs,
  toGasTabs,
  type Tabs,
} from '../fixtures/workbook';

interface World {
  env: GasEnvironment;
  ctx: GasContext;
  call(name: string, ...args: unknown[]): any;
}

function world(tabs: Tabs = standardTabs()): World {
  const env = createGasEnvironment({ tabs: toGasTabs(tabs) });
  const ctx = loadBundle(env);
  env.tracker.reset();
  return { env, ctx, call: (name, ...args) => plain(callCustomFunction(env, ctx, name, ...args)) };
}

/** A date cell as Sheets passes it: a Date at midnight Stockholm (of the test's realm, not the bundle's). */
const cellDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return zonedInstant(y, m, d, 0, 0, 0, 'Europe/Stockholm');
};

const MEMBERS_COLUMN = standardTabs()
  .Kommuner.slice(1)
  .map((r) => [r[0]]);

/** getValues calls by tab, in this world since the last reset. */
function readsByTab(env: GasEnvironment): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of env.tracker.log) {
    if (c.kind !== 'Range.getValues') continue;
    const tab = c.target!.slice(0, c.target!.lastIndexOf('!'));
    out[tab] = (out[tab] ?? 0) + 1;
  }
  return out;
}

describe('FASTKOSTNAD', () => {
  it('gives the yearly share from Kommuner, with forgiving names', () => {
    const w = world();
    expect(w.call('FASTKOSTNAD', 'Luleå')).toBe(298992);
    expect(w.call('FASTKOSTNAD', 'lulea')).toBe(298992);
    expect(w.call('FASTKOSTNAD', '  LULEÅ kommun ')).toBe(298992);
    expect(w.call('FASTKOSTNAD', 'Overtornea')).toBe(16089);
  });

  it('with a year gives the amount billed for it: prorated partial years, 0 outside the agreement', () => {
    const w = world();
    expect(w.call('FASTKOSTNAD', 'Luleå', 2028)).toBe(149496);
    expect(w.call('FASTKOSTNAD', 'Luleå', 2023)).toBe(149496);
    expect(w.call('FASTKOSTNAD', 'Luleå', 2025)).toBe(298992);
    expect(w.call('FASTKOSTNAD', 'Luleå', '2026')).toBe(298992);
    expect(w.call('FASTKOSTNAD', 'Luleå', 2022)).toBe(0);
    expect(w.call('FASTKOSTNAD', 'Luleå', 2029)).toBe(0);
    expect(w.call('FASTKOSTNAD', 'Arjeplog', 2023)).toBe(5161.5);
    expect(w.call('FASTKOSTNAD', 'Luleå', '')).toBe(298992);
  });

  it('takes a range and returns a column of the same height, "" for empty cells', () => {
    const w = world();
    const result = w.call('FASTKOSTNAD', MEMBERS_COLUMN);
    expect(result).toHaveLength(14);
    expect(result.every((r: unknown[]) => r.length === 1 && typeof r[0] === 'number')).toBe(true);
    expect(result.reduce((s: number, [v]: number[]) => s + v, 0)).toBe(950000);
    expect(w.call('FASTKOSTNAD', [['Luleå'], [''], ['Boden']], 2028)).toEqual([[149496], [''], [53361.5]]);
    const halfYear = w.call('FASTKOSTNAD', MEMBERS_COLUMN, 2028) as number[][];
    expect(Math.round(halfYear.reduce((s, [v]) => s + v, 0) * 100)).toBe(47500000);
  });

  it('names an unknown municipality in its error', () => {
    const w = world();
    expect(() => w.call('FASTKOSTNAD', 'Stockholm')).toThrow(/Okänd kommun: "Stockholm"/);
    expect(() => w.call('FASTKOSTNAD', [['Luleå'], ['Stockholm']])).toThrow(/Stockholm/);
    expect(() => w.call('FASTKOSTNAD', 'Luleå', 'nästa år')).toThrow(/Ogiltigt år: "nästa år"/);
  });

  it('shares the setting by population when the fixed-cost column is blank', () => {
    const w = world({ ...standardTabs(), Kommuner: municipalitiesTab({ fixedCosts: false }) });
    const result = w.call('FASTKOSTNAD', MEMBERS_COLUMN) as number[][];
    expect(result.reduce((s, [v]) => s + v, 0)).toBe(950000);
    expect(result.every(([v]) => Number.isInteger(v))).toBe(true);
    expect(result[8][0]).toBeGreaterThan(result[0][0]); // Luleå before Arjeplog
  });

  it('is not broken by unrelated errors elsewhere in the workbook', () => {
    const tabs = standardTabs();
    tabs['Närvaro 2024'].push([date('2024-05-01'), 'BOU-B1', 'Okänd', 'Stockholm', 'två', '']);
    tabs['Närvaro 2024'].push(['igår', 'XYZ', 'Ingen', 'Luleå', 1, '']);
    const w = world(tabs);
    expect(w.call('FASTKOSTNAD', 'Luleå')).toBe(298992);
    expect(w.call('DELTAGARDAGAR', 'Luleå')).toBe(6.5);
  });

  it('reads only Inställningar and Kommuner, each once, also for a range; with a year also the register (what was billed)', () => {
    const w = world();
    w.call('FASTKOSTNAD', MEMBERS_COLUMN);
    expect(readsByTab(w.env)).toEqual({ Inställningar: 1, Kommuner: 1 });
    expect(w.env.calls['Range.getValues']).toBe(2);
    w.env.tracker.reset();
    w.call('FASTKOSTNAD', MEMBERS_COLUMN, 2028);
    expect(readsByTab(w.env)).toEqual({ Inställningar: 1, Kommuner: 1, Fakturor: 1, Fakturarader: 1 });
  });
});

describe('DAGAVGIFT', () => {
  it('gives the settings day fee without an argument, else the course fee (recorded 0, venue override)', () => {
    const w = world();
    expect(w.call('DAGAVGIFT')).toBe(1550);
    expect(w.call('DAGAVGIFT', '')).toBe(1550);
    expect(w.call('DAGAVGIFT', 'BOU-B1')).toBe(1550);
    expect(w.call('DAGAVGIFT', 'ald-f1')).toBe(1750);
    expect(w.call('DAGAVGIFT', 'FHU-B1')).toBe(0);
    expect(w.call('DAGAVGIFT', [['BOU-B1'], [''], ['ALD-F1'], ['FHU-B1']])).toEqual([[1550], [''], [1750], [0]]);
    expect(() => w.call('DAGAVGIFT', 'XYZ-1')).toThrow(/Okänt Kurs-ID: "XYZ-1"/);
  });

  it('follows the settings', () => {
    const w = world({
      ...standardTabs(),
      Inställningar: settingsTab({ 'Lokal och fika (kr/dag)': 1100, 'Buffert (kr/dag)': 75.5 }),
    });
    expect(w.call('DAGAVGIFT')).toBe(1675.5);
    expect(w.call('DAGAVGIFT', 'ALD-F1')).toBe(1775.5);
    expect(readsByTab(w.env)).toEqual({ Inställningar: 2, Kurser: 2 });
  });
});

describe('DELTAGARDAGAR', () => {
  it('sums Dagar of every attendance tab, recorded courses included', () => {
    const w = world();
    expect(w.call('DELTAGARDAGAR', 'Luleå')).toBe(6.5);
    expect(w.call('DELTAGARDAGAR', 'Boden')).toBe(2.5);
    expect(w.call('DELTAGARDAGAR', 'Jokkmokk')).toBe(0);
  });

  it('keeps both dates inclusive, given as date cells (another realm) or text', () => {
    const w = world();
    expect(w.call('DELTAGARDAGAR', 'Luleå', cellDate('2024-01-01'), cellDate('2024-12-31'))).toBe(5.5);
    expect(w.call('DELTAGARDAGAR', 'Luleå', cellDate('2024-11-30'), cellDate('2024-11-30'))).toBe(1);
    expect(w.call('DELTAGARDAGAR', 'Luleå', '2024-11-30', '2024-11-30')).toBe(1);
    expect(w.call('DELTAGARDAGAR', 'Luleå', '', '2024-03-05')).toBe(3);
    expect(w.call('DELTAGARDAGAR', 'Luleå', '2024-12-01')).toBe(1);
    expect(w.call('DELTAGARDAGAR', 'Kiruna', '2024-12-31', '2024-12-31')).toBe(2);
    expect(w.call('DELTAGARDAGAR', 'Kiruna', '2025-01-01')).toBe(0);
    expect(() => w.call('DELTAGARDAGAR', 'Luleå', 'igår')).toThrow(/Ogiltigt datum: "igår"/);
  });

  it('takes a range of names and reads each tab it needs once', () => {
    const w = world();
    expect(
      w.call('DELTAGARDAGAR', [['Luleå'], ['Boden'], [''], ['piteå'], ['Kiruna']], '2024-01-01', '2024-12-31'),
    ).toEqual([[5.5], [2], [''], [3], [2]]);
    expect(readsByTab(w.env)).toEqual({ Kommuner: 1, Kurser: 1, 'Närvaro 2024': 1, 'Närvaro 2025': 1 });
    expect(() => w.call('DELTAGARDAGAR', 'Stockholm')).toThrow(/Stockholm/);
  });

  it('counts rows whether billed or not', () => {
    const wb = new MemoryWorkbook(standardTabs());
    expect(runBilling(wb, { month: '2024-12', invoiceDate: '2024-12-20' }).written).toBe(true);
    const w = world(wb.snapshot());
    expect(w.call('DELTAGARDAGAR', 'Luleå')).toBe(6.5);
  });
});

describe('RORLIGKOSTNAD', () => {
  it('prices the days course by course at the current day fees, recorded courses 0', () => {
    const w = world();
    // Luleå: BOU-B1 3 × 1550 + FHU-B1 (recorded) 0 + ALD-F1 1,5 × 1750, and 2025 BOU-B1 1 × 1550.
    expect(w.call('RORLIGKOSTNAD', 'Luleå')).toBe(8825);
    expect(w.call('RORLIGKOSTNAD', 'Luleå', cellDate('2024-01-01'), cellDate('2024-12-31'))).toBe(7275);
    expect(w.call('RORLIGKOSTNAD', 'Luleå', '2024-03-05', '2024-03-05')).toBe(0);
    expect(w.call('RORLIGKOSTNAD', [['Boden'], ['Kiruna'], ['']])).toEqual([[3975], [3500], ['']]);
    expect(readsByTab(w.env)).toEqual({
      Inställningar: 4,
      Kommuner: 4,
      Kurser: 4,
      'Närvaro 2024': 4,
      'Närvaro 2025': 4,
    });
  });
});

describe('UTBILDARPOTT', () => {
  it('without a municipality: the pot component of all attendance of the year, billed or not', () => {
    const w = world();
    // 2024: (2 + 2 + 1,5 + 3 + 1 + 2) days × 400, the recorded day 0.
    expect(w.call('UTBILDARPOTT', 2024)).toBe(4600);
    expect(w.call('UTBILDARPOTT', '2025')).toBe(600);
    expect(w.call('UTBILDARPOTT', 2023)).toBe(0);
    expect(() => w.call('UTBILDARPOTT')).toThrow(/Ange året/);
  });

  it('with a municipality: what the December run paid it, 0 before that run', () => {
    const before = world();
    expect(before.call('UTBILDARPOTT', 2024, 'Luleå')).toBe(0);

    const wb = new MemoryWorkbook(standardTabs());
    expect(runBilling(wb, { month: '2024-12', invoiceDate: '2024-12-20' }).written).toBe(true);
    const after = world(wb.snapshot());
    expect(after.call('UTBILDARPOTT', 2024, 'Luleå')).toBe(3066.67);
    expect(after.call('UTBILDARPOTT', 2024, [['lulea'], ['Piteå'], ['Boden'], ['']])).toEqual([
      [3066.67],
      [1533.33],
      [0],
      [''],
    ]);
    expect(after.call('UTBILDARPOTT', 2025, 'Luleå')).toBe(0);
    expect(readsByTab(after.env)).toEqual({ Kommuner: 3, Fakturor: 3, Fakturarader: 3 });
  });

  it('ignores pay-out lines of an interrupted run (not in Fakturor)', () => {
    const wb = new MemoryWorkbook(standardTabs());
    runBilling(wb, { month: '2024-12', invoiceDate: '2024-12-20' });
    const tabs = wb.snapshot();
    const orphan = [...tabs.Fakturarader[tabs.Fakturarader.length - 1]];
    orphan[0] = 'YR-2024-0099';
    tabs.Fakturarader.push(orphan);
    tabs.Fakturor = tabs.Fakturor.filter((r) => r[4] !== 'Piteå');
    const w = world(tabs);
    expect(w.call('UTBILDARPOTT', 2024, 'Piteå')).toBe(0);
    expect(w.call('UTBILDARPOTT', 2024, 'Luleå')).toBe(3066.67);
  });
});

describe('custom functions in Sheets', () => {
  it('says what is missing in a new spreadsheet', () => {
    const env = createGasEnvironment();
    const ctx = loadBundle(env);
    expect(() => callCustomFunction(env, ctx, 'FASTKOSTNAD', 'Luleå')).toThrow(/Fliken Kommuner saknas/);
    expect(callCustomFunction(env, ctx, 'DAGAVGIFT')).toBe(1550);
  });

  it('only read: no write, no Ui, no lock', () => {
    const w = world();
    for (const [name, args] of [
      ['FASTKOSTNAD', ['Luleå', 2024]],
      ['DAGAVGIFT', ['ALD-F1']],
      ['DELTAGARDAGAR', ['Luleå']],
      ['RORLIGKOSTNAD', ['Luleå']],
      ['UTBILDARPOTT', [2024]],
    ] as const) {
      expect(typeof w.call(name, ...args), name).toBe('number');
    }
    const kinds = new Set(w.env.tracker.log.map((c) => c.kind));
    expect(
      [...kinds].filter(
        (k) =>
          !/^(SpreadsheetApp\.getActiveSpreadsheet|Spreadsheet\.(getSheets|getSheetByName|getSpreadsheetTimeZone)|Sheet\.(getName|getDataRange)|Range\.getValues)$/.test(
            k,
          ),
      ),
    ).toEqual([]);
  });

  it('handles a header-only attendance tab and extra columns in any order', () => {
    const tabs = standardTabs();
    const reordered = attendance2024().map((r) => [r[3], 'extra', r[4], r[0], r[1], r[2], r[5]]);
    reordered[0][1] = 'Anteckning';
    tabs['Närvaro 2024'] = reordered;
    tabs['Närvaro 2026'] = [[...ATTENDANCE_HEADERS]];
    const w = world(tabs);
    expect(w.call('DELTAGARDAGAR', 'Luleå', '2024-01-01', '2024-12-31')).toBe(5.5);
  });
});

// Data that passes a quick look but that the writers, sheet names or file names cannot take
// (issue: the verified ledger): validation refuses it with a Swedish message naming tab, row and
// column, before anything is written, and no amount that a cell cannot hold to the öre is written.
import { describe, expect, it } from 'vitest';
import { previewBilling, runBilling } from '../../src/app/bill';
import { checkWorkbook } from '../../src/app/check';
import type { Issue } from '../../src/core/types';
import { MAX_CELL_AMOUNT } from '../../src/core/validate';
import { invoiceSheetName } from '../../src/workbook/invoiceSheet';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import type { CellValue } from '../../src/workbook/port';
import { ATTENDANCE_HEADERS } from '../../src/workbook/schema';
import { baseWorkbook, d, settingsTab } from './fixtures';

const MAY = { month: '2024-05', invoiceDate: '2024-05-31' };
const errors = (issues: Issue[]) => issues.filter((i) => i.severity === 'error');
const located = (issues: Issue[]) => errors(issues).map((i) => [i.tab, i.row, i.column]);
type Tabs = Record<string, CellValue[][]>;

/** Renames Boden in Kommuner and in every row that names it. */
function renamed(name: string): { tabs: Tabs; row: number } {
  const tabs = baseWorkbook();
  const k = tabs['Kommuner'];
  const row = k.findIndex((r) => r[0] === 'Boden');
  k[row][0] = name;
  for (const [tab, rows] of Object.entries(tabs)) {
    if (!/^Närvaro|^Utbildarlogg/.test(tab)) continue;
    const c = rows[0].indexOf('Kommun');
    for (const r of rows.slice(1)) if (r[c] === 'Boden') r[c] = name;
  }
  return { tabs, row: row + 1 };
}

function expectRefused(tabs: Tabs, expected: unknown[][]): Issue[] {
  const wb = new MemoryWorkbook(tabs);
  const o = runBilling(wb, MAY);
  expect(located(o.issues)).toEqual(expected);
  expect(wb.tabNames()).not.toContain('Fakturor');
  return errors(o.issues);
}

/** Every number in the written workbook is finite and, in the register, whole öre a cell holds exactly. */
function expectWritableNumbers(wb: MemoryWorkbook): void {
  for (const [tab, rows] of Object.entries(wb.snapshot())) {
    for (const v of rows.flat()) {
      if (typeof v !== 'number') continue;
      expect(Number.isFinite(v), `${tab}: ${v}`).toBe(true);
      if (tab === 'Fakturor' || tab === 'Fakturarader')
        expect(Number.isSafeInteger(Math.round(v * 100)), `${tab}: ${v}`).toBe(true);
    }
  }
}

describe('municipality names the sheet names and file names cannot hold', () => {
  it.each([
    ['Bo/den', /tecknet \//],
    ['Bo:den', /tecknet :/],
    ['Boden [norr]', /tecknet \[/],
    ['Bo\\den', /tecknet \\/],
    ['Bo?den*', /tecknet \?/],
    ['Bo\nden', /styrtecken/],
    ["'Boden'", /apostrof/],
    ['B'.padEnd(300, 'o'), /300 tecken långt; högst 50/],
  ])('%j is refused at its Kommuner cell', (name, message) => {
    const { tabs, row } = renamed(name);
    const [e] = expectRefused(tabs, [['Kommuner', row, 'Kommun']]);
    expect(e.message).toMatch(message);
    expect(e.value).toBe(name);
  });

  it('an apostrophe inside the name, and a 50-character name, bill; the sheet name keeps the number and ends in no apostrophe', () => {
    for (const name of ["Bod'en", 'Bodens kommunalförbund för yrkesutbildning i norr'.padEnd(50, 'a')]) {
      const { tabs } = renamed(name);
      const wb = new MemoryWorkbook(tabs);
      const o = runBilling(wb, MAY);
      expect(errors(o.issues)).toEqual([]);
      expect(o.documents.some((doc) => doc.invoice.municipality === name)).toBe(true);
      expectWritableNumbers(wb);
    }
    // A cut that would leave an apostrophe last drops it.
    expect(invoiceSheetName({ number: 'YR-2024-0001', municipality: "Abcdefghijklmnopq'rst" })).toBe(
      'YR-2024-0001 Abcdefghijklmnopq',
    );
  });

  it('Kontrollera data names the cell too', () => {
    const { tabs, row } = renamed('Bo/den');
    const found = checkWorkbook(new MemoryWorkbook(tabs), '2024-06-01').filter(
      (i) => i.column === 'Kommun' && i.tab === 'Kommuner',
    );
    expect(found.map((i) => [i.severity, i.row])).toEqual([['error', row]]);
  });
});

describe('amounts a cell cannot hold to the öre', () => {
  it.each([
    ['Lokal och fika (kr/dag)'],
    ['Utbildarpott (kr/dag)'],
    ['Kursmaterial (kr/dag)'],
    ['Buffert (kr/dag)'],
    ['Fast kostnad (kr/år)'],
  ])('%s of 1e306 or a million billion is an error at its setting', (key) => {
    for (const value of [1e306, 1e15]) {
      const tabs = baseWorkbook();
      tabs['Inställningar'] = settingsTab({ [key]: value });
      const row = tabs['Inställningar'].findIndex((r) => r[0] === key) + 1;
      const wb = new MemoryWorkbook(tabs);
      const o = runBilling(wb, MAY);
      const e = errors(o.issues).find((i) => i.tab === 'Inställningar')!;
      expect([e.row, e.column, e.value]).toEqual([row, 'Värde', String(value)]);
      expect(e.message).toMatch(/inte kan vara ett verkligt belopp \(högst 1 000 000 000,00 kr\)/);
      expect(wb.tabNames()).not.toContain('Fakturor');
    }
  });

  it("a municipality's own fixed cost and a course's own venue cost are bounded the same way", () => {
    const tabs = baseWorkbook();
    const k = tabs['Kommuner'];
    const kc = k[0].indexOf('Fast kostnad (kr/år)');
    k[3][kc] = 1e306;
    tabs['Kurser'][4][7] = 5e12;
    const wb = new MemoryWorkbook(tabs);
    const found = located(runBilling(wb, MAY).issues);
    expect(found).toContainEqual(['Kommuner', 4, 'Fast kostnad (kr/år)']);
    expect(found).toContainEqual(['Kurser', 5, 'Lokal och fika (kr/dag)']);
    expect(wb.tabNames()).not.toContain('Fakturor');
  });

  it('fees within bounds that still add up beyond what a cell holds are refused at the municipality, before anything is written', () => {
    const tabs = baseWorkbook();
    tabs['Inställningar'] = settingsTab({ 'Lokal och fika (kr/dag)': 1_000_000_000 });
    // 10 rows of 10 000 days: 10^5 days × 10^9 kr is beyond 2^53 öre.
    tabs['Närvaro 2025'] = [
      [...ATTENDANCE_HEADERS],
      ...Array.from({ length: 10 }, () => [d('2024-05-06'), 'BOU-B1', 'Stina Stor', 'Luleå', 10_000, '']),
    ];
    const row = tabs['Kommuner'].findIndex((r) => r[0] === 'Luleå') + 1;
    const [e] = expectRefused(tabs, [['Kommuner', row, 'Kommun']]);
    expect(e.message).toMatch(/^Fakturan till Luleå skulle få beloppet .* som inte kan skrivas exakt i en cell/);
    expect(MAX_CELL_AMOUNT.times(100).toNumber()).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('the largest amounts that pass are written exactly, with no Infinity or NaN anywhere', () => {
    const tabs = baseWorkbook();
    tabs['Inställningar'] = settingsTab({
      'Lokal och fika (kr/dag)': 1_000_000_000,
      'Utbildarpott (kr/dag)': 1_000_000_000,
    });
    tabs['Närvaro 2025'] = [[...ATTENDANCE_HEADERS], [d('2024-05-06'), 'BOU-B1', 'Stina Stor', 'Luleå', 10_000, '']];
    const wb = new MemoryWorkbook(tabs);
    const o = runBilling(wb, MAY);
    expect(errors(o.issues)).toEqual([]);
    expect(o.written).toBe(true);
    expectWritableNumbers(wb);
  });
});

describe('due dates beyond the calendar', () => {
  it('an invoice date whose due date falls after 9999 is refused before anything is written', () => {
    const tabs = baseWorkbook();
    for (const rows of [tabs['Närvaro 2024'], tabs['Närvaro Kalix']]) rows.splice(1);
    tabs['Kurser'] = tabs['Kurser'].map((r, i) => (i === 0 ? r : r.map((v, j) => (j === 4 || j === 5 ? '' : v))));
    tabs['Närvaro 2025'] = [[...ATTENDANCE_HEADERS], [d('9999-12-01'), 'BOU-B1', 'Stina Stor', 'Luleå', 1, '']];
    tabs['Inställningar'] = settingsTab({ 'Avtal till': d('9999-12-31') });
    const wb = new MemoryWorkbook(tabs);
    const o = previewBilling(wb, { month: '9999-12', invoiceDate: '9999-12-20' });
    const e = errors(o.issues);
    expect(e.map((i) => i.message)).toEqual([expect.stringMatching(/förfallodagen efter år 9999/)]);
    expect(runBilling(wb, { month: '9999-12', invoiceDate: '9999-12-20' }).written).toBe(false);
  });
});

describe('Rimligt antal dagar per rad (a setting, default 30)', () => {
  function withDays(days: number, setting?: CellValue) {
    const tabs = baseWorkbook();
    if (setting !== undefined) tabs['Inställningar'] = settingsTab({ 'Rimligt antal dagar per rad': setting });
    tabs['Närvaro 2025'] = [[...ATTENDANCE_HEADERS], [d('2024-05-06'), 'BOU-B1', 'Stina Stor', 'Luleå', days, '']];
    return tabs;
  }
  const dayWarnings = (tabs: Tabs) =>
    previewBilling(new MemoryWorkbook(tabs), MAY).issues.filter(
      (i) => i.tab === 'Närvaro 2025' && i.column === 'Dagar',
    );

  it('warns above the setting, and only above it; blank or missing is 30', () => {
    expect(dayWarnings(withDays(6, 5)).map((i) => [i.severity, i.row, i.value])).toEqual([['warning', 2, '6']]);
    expect(dayWarnings(withDays(6, 5))[0].message).toMatch(
      /ovanligt många \(mer än 5, inställningen Rimligt antal dagar per rad\)/,
    );
    expect(dayWarnings(withDays(45, 60))).toEqual([]);
    expect(dayWarnings(withDays(31, ''))).toHaveLength(1);
    expect(dayWarnings(withDays(30, ''))).toEqual([]);
    const tabs = withDays(31);
    tabs['Inställningar'] = tabs['Inställningar'].filter((r) => r[0] !== 'Rimligt antal dagar per rad');
    expect(dayWarnings(tabs)).toHaveLength(1);
  });

  it('a setting that is no whole number of days from 1 to 10 000 is an error at its cell', () => {
    for (const bad of ['många', 0, 2.5, 20_000]) {
      const tabs = withDays(1, bad);
      const row = tabs['Inställningar'].findIndex((r) => r[0] === 'Rimligt antal dagar per rad') + 1;
      const e = errors(previewBilling(new MemoryWorkbook(tabs), MAY).issues);
      expect(e.map((i) => [i.tab, i.row, i.column])).toEqual([['Inställningar', row, 'Värde']]);
      expect(e[0].message).toMatch(/helt antal dagar från 1 till 10000/);
    }
  });
});

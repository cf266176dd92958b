// Acceptance: run → credit → rerun over three years (SPEC §3, §8), through the built Code.js and
// through the command line, against figures worked out by hand from the standard workbook
// (tests/fixtures/workbook.ts: day fee 1 550 kr, ALD-F1 1 750 kr, FHU-B1 recorded, 400 kr/day to
// the pot, the agreement's fixed costs).
//
// 1. December 2024 (2024-12-20), the first run of 2024: every member's fixed cost 2024; Luleå
//    BOU-B1 3 days (4 650) + ALD-F1 1,5 (2 625); Boden BOU-B1 2 (3 100); Piteå MOB-S1 3 (4 650);
//    Kiruna ALD-F1 2 (3 500). Pot 11,5 × 400 = 4 600, paid 2:1 to Luleå (3 066,67) and Piteå
//    (1 533,33). Luleå YR-2024-0009 = 4 650 + 2 625 + 298 992 − 3 066,67 = 303 200,33.
// 2. YR-2024-0009 credited on 2024-12-28: YR-2024-0015, −303 200,33; the pot gives back
//    4,5 × 400 = 1 800 and gets the 3 066,67 payout back: 0 → 1 266,67.
// 3. Fredrik Falk's November day was Boden's: the row is corrected and December 2024 run again
//    (2024-12-30, run 2024-12/2): Boden YR-2024-0016 1 550; Luleå YR-2024-0017 3 100 + 2 625 +
//    298 992 (2024 billed again) − 3 066,67 (1 266,67 + 4,5 × 400, all to Luleå's released
//    trainer row) = 301 650,33.
// 4. May 2025 (2025-05-31): fixed 2025 for all; Luleå YR-2025-0009 1 550 + 298 992 = 300 542;
//    Boden YR-2025-0003 ALD-F1 0,5 (875) + 106 723 = 107 598. Pot +600.
// 5. YR-2025-0003 credited on 2026-01-15, in the next year's series: YR-2026-0001, −107 598; pot −200.
// 6. May 2026 (2026-05-29): Boden YR-2026-0004 875 + 106 723 (2025 again) + 106 723 (2026) =
//    214 321; every other member its 2026 fixed cost, numbered after the credit note.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { XlsxWorkbook } from '../../src/cli/xlsx';
import { CalendarDate } from '../../src/workbook/port';
import { LOG_HEADERS, MEMBERS } from '../../src/workbook/schema';
import { edit, load, runCli, setCell, sheet, cellText, dataRows, type InvoicesJson } from '../cli/helpers';
import { standardTabs, toGasTabs } from '../fixtures/workbook';
import { createGasEnvironment, type GasEnvironment } from '../gas/fakes';
import { loadBundle, plain, type GasContext } from '../gas/harness';

const fixed = (name: string) => MEMBERS.find((m) => m.name === name)!.fixedCost;
const ALPHABETICAL = MEMBERS.map((m) => m.name);

/** [number, Kommun, Period, Belopp, Krediterar] of every Fakturor row, as worked out above. */
function expectedRegister(): [string, string, string, string, string][] {
  const dec2024: Record<string, string> = {
    Boden: '109823.00',
    Kiruna: '89711.00',
    Luleå: '303200.33',
    Piteå: '163815.67',
  };
  const rows: [string, string, string, string, string][] = [];
  ALPHABETICAL.forEach((m, i) =>
    rows.push([`YR-2024-${String(i + 1).padStart(4, '0')}`, m, '2024-12', dec2024[m] ?? `${fixed(m)}.00`, '']),
  );
  rows.push(['YR-2024-0015', 'Luleå', '2024-12', '-303200.33', 'YR-2024-0009']);
  rows.push(['YR-2024-0016', 'Boden', '2024-12', '1550.00', '']);
  rows.push(['YR-2024-0017', 'Luleå', '2024-12', '301650.33', '']);
  const may2025: Record<string, string> = { Boden: '107598.00', Luleå: '300542.00' };
  ALPHABETICAL.forEach((m, i) =>
    rows.push([`YR-2025-${String(i + 1).padStart(4, '0')}`, m, '2025-05', may2025[m] ?? `${fixed(m)}.00`, '']),
  );
  rows.push(['YR-2026-0001', 'Boden', '2025-05', '-107598.00', 'YR-2025-0003']);
  ALPHABETICAL.forEach((m, i) =>
    rows.push([
      `YR-2026-${String(i + 2).padStart(4, '0')}`,
      m,
      '2026-05',
      m === 'Boden' ? '214321.00' : `${fixed(m)}.00`,
      '',
    ]),
  );
  return rows;
}

const CREDITED = { 'YR-2024-0009': 'YR-2024-0015', 'YR-2025-0003': 'YR-2026-0001' };

/** The lines of the documents worked out above: [number, kind, course or year, quantity, amount]. */
const EXPECTED_LINES: Record<string, string[][]> = {
  'YR-2024-0009': [
    ['variable', 'BOU-B1', '3', '4650.00'],
    ['variable', 'ALD-F1', '1.5', '2625.00'],
    ['fixed', '2024', '', '298992.00'],
    ['trainerPot', '2024', '2', '-3066.67'],
  ],
  'YR-2024-0015': [
    ['variable', 'BOU-B1', '-3', '-4650.00'],
    ['variable', 'ALD-F1', '-1.5', '-2625.00'],
    ['fixed', '2024', '', '-298992.00'],
    ['trainerPot', '2024', '2', '3066.67'],
  ],
  'YR-2024-0016': [['variable', 'BOU-B1', '1', '1550.00']],
  'YR-2024-0017': [
    ['variable', 'BOU-B1', '2', '3100.00'],
    ['variable', 'ALD-F1', '1.5', '2625.00'],
    ['fixed', '2024', '', '298992.00'],
    ['trainerPot', '2024', '2', '-3066.67'],
  ],
  'YR-2026-0001': [
    ['variable', 'ALD-F1', '-0.5', '-875.00'],
    ['fixed', '2025', '', '-106723.00'],
  ],
  'YR-2026-0004': [
    ['variable', 'ALD-F1', '0.5', '875.00'],
    ['fixed', '2025', '', '106723.00'],
    ['fixed', '2026', '', '106723.00'],
  ],
};

const KIND: Record<string, string> = { Rörlig: 'variable', 'Fast kostnad': 'fixed', Utbildarpott: 'trainerPot' };

const stockholm = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm' });
const text = (v: unknown): string =>
  v === null || v === undefined
    ? ''
    : Object.prototype.toString.call(v) === '[object Date]'
      ? stockholm.format(v as Date)
      : v instanceof CalendarDate
        ? v.iso
        : String(v);

/** Compares the register tabs (as header-keyed rows) with the hand-worked figures. */
function checkRegister(fakturor: unknown[][], fakturarader: unknown[][]): void {
  const [h, ...rows] = fakturor.map((r) => r.map(text));
  const at = (r: string[], col: string) => r[h.indexOf(col)] ?? '';
  expect(
    rows.map((r) => [
      at(r, 'Fakturanummer'),
      at(r, 'Kommun'),
      at(r, 'Period'),
      Number(at(r, 'Belopp')).toFixed(2),
      at(r, 'Krediterar'),
    ]),
  ).toEqual(expectedRegister());
  for (const r of rows) {
    const by = CREDITED[at(r, 'Fakturanummer') as keyof typeof CREDITED] ?? '';
    expect([at(r, 'Fakturanummer'), at(r, 'Krediterad av'), at(r, 'Status') === 'Krediterad']).toEqual([
      at(r, 'Fakturanummer'),
      by,
      by !== '',
    ]);
  }
  const [lh, ...lines] = fakturarader.map((r) => r.map(text));
  const lat = (r: string[], col: string) => r[lh.indexOf(col)] ?? '';
  for (const [number, expected] of Object.entries(EXPECTED_LINES)) {
    const got = lines
      .filter((l) => lat(l, 'Fakturanummer') === number)
      .map((l) => {
        const kind = KIND[lat(l, 'Typ')] ?? lat(l, 'Typ');
        const what = kind === 'variable' ? lat(l, 'Kurs-ID') : lat(l, 'År');
        const quantity = kind === 'fixed' ? '' : lat(l, 'Antal'); // trainer days for a pot line
        return [kind, what, quantity, Number(lat(l, 'Belopp')).toFixed(2)];
      });
    expect(got, number).toEqual(expected);
  }
}

describe('run → credit → rerun over three years through Code.js', () => {
  it('gives exactly the invoices and credit notes worked out by hand', () => {
    const env: GasEnvironment = createGasEnvironment({
      tabs: toGasTabs({ ...standardTabs(), Logg: [[...LOG_HEADERS]] }),
    });
    const ctx: GasContext = loadBundle(env);
    const bill = (month: string, invoiceDate: string) => {
      const p = plain<any>(ctx.billingPreview({ month, invoiceDate }));
      expect(p.errors).toEqual([]);
      expect(plain<any>(ctx.billingConfirm({ month, invoiceDate, fingerprint: p.fingerprint })).written).toBe(true);
      return p;
    };
    const credit = (invoice: string, date: string) => {
      const p = plain<any>(ctx.creditPreview({ invoice, date, reason: 'Fel kommun' }));
      expect(p.errors).toEqual([]);
      expect(
        plain<any>(ctx.creditConfirm({ invoice, date, reason: 'Fel kommun', fingerprint: p.fingerprint })).written,
      ).toBe(true);
      return p;
    };

    expect(bill('2024-12', '2024-12-20').pot).toMatchObject({
      collected: '4600.00',
      paidOut: '4600.00',
      carriedOver: '0.00',
    });
    const first = credit('YR-2024-0009', '2024-12-28');
    expect(first.note.number).toBe('YR-2024-0015');
    expect(first.pot).toMatchObject({
      before: { amount: '0.00' },
      collected: { amount: '-1800.00' },
      paidOut: { amount: '-3066.67' },
      after: { amount: '1266.67' },
    });
    // Fredrik Falk (Närvaro 2024, row 7) was Boden's.
    env.spreadsheet.sheet('Närvaro 2024')!.seed([['Boden']], 7, 4);
    const rerun = bill('2024-12', '2024-12-30');
    expect(rerun.runId).toBe('2024-12/2');
    expect(rerun.pot).toMatchObject({
      balanceBefore: '1266.67',
      collected: '1800.00',
      paidOut: '3066.67',
      carriedOver: '0.00',
    });
    expect(bill('2025-05', '2025-05-31').pot.collected).toBe('600.00');
    expect(credit('YR-2025-0003', '2026-01-15').pot).toMatchObject({
      collected: { amount: '-200.00' },
      paidOut: { amount: '0.00' },
      after: { amount: '400.00' },
    });
    expect(bill('2026-05', '2026-05-29').pot.collected).toBe('200.00');

    checkRegister(env.spreadsheet.read('Fakturor'), env.spreadsheet.read('Fakturarader'));
  });
});

describe('run → credit → rerun over three years on the command line', () => {
  it('gives exactly the same invoices and credit notes, with the invoices.json of each step', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yr-acc-credit-'));
    const file = join(dir, 'bok.xlsx');
    const port = XlsxWorkbook.empty();
    for (const [name, rows] of Object.entries(standardTabs())) {
      port.createTab(name, { columns: rows[0].map((h) => ({ header: String(h) })) });
      if (rows.length > 1) port.write(name, 2, 1, rows.slice(1));
    }
    await port.save(file);
    let step = 0;
    const run = async (args: string[]): Promise<InvoicesJson> => {
      const out = join(dir, `steg${++step}`);
      const r = await runCli([...args, '--workbook', file, '--out', out]);
      expect(r.stderr).not.toMatch(/FEL/);
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(readFileSync(join(out, 'invoices.json'), 'utf8')) as InvoicesJson;
    };

    const dec = await run(['bill', '--month', '2024-12', '--date', '2024-12-20']);
    expect([dec.potCollected, dec.potPaidOut, dec.potCarriedOver]).toEqual(['4600.00', '4600.00', '0.00']);
    const first = await run(['credit', '--invoice', 'YR-2024-0009', '--date', '2024-12-28', '--reason', 'Fel kommun']);
    expect(first.invoices.map((i) => [i.number, i.type, i.credits, i.total])).toEqual([
      ['YR-2024-0015', 'creditNote', 'YR-2024-0009', '-303200.33'],
    ]);
    expect([first.month, first.potCollected, first.potPaidOut, first.potCarriedOver]).toEqual([
      '2024-12',
      '-1800.00',
      '-3066.67',
      '0.00',
    ]);
    await edit(file, (wb) => {
      const ws = sheet(wb, 'Närvaro 2024');
      const row = dataRows(ws).find((r) => cellText(ws, r, 'Deltagare') === 'Fredrik Falk')!;
      setCell(ws, row, 'Kommun', 'Boden');
    });
    const rerun = await run(['bill', '--month', '2024-12', '--date', '2024-12-30']);
    expect(rerun.invoices.map((i) => [i.number, i.municipality, i.total])).toEqual([
      ['YR-2024-0016', 'Boden', '1550.00'],
      ['YR-2024-0017', 'Luleå', '301650.33'],
    ]);
    expect([rerun.potCollected, rerun.potPaidOut, rerun.potCarriedOver]).toEqual(['1800.00', '3066.67', '0.00']);
    expect((await run(['bill', '--month', '2025-05', '--date', '2025-05-31'])).potCollected).toBe('600.00');
    const second = await run(['credit', '--invoice', 'YR-2025-0003', '--date', '2026-01-15']);
    expect([second.invoices[0].number, second.month, second.invoiceDate, second.potCollected]).toEqual([
      'YR-2026-0001',
      '2025-05',
      '2026-01-15',
      '-200.00',
    ]);
    const may2026 = await run(['bill', '--month', '2026-05', '--date', '2026-05-29']);
    expect(may2026.invoices[0].number).toBe('YR-2026-0002');

    const wb = await load(file);
    const values = (name: string) => {
      const ws = sheet(wb, name);
      const out: unknown[][] = [];
      ws.eachRow((row, r) => {
        const cells: unknown[] = [];
        for (let c = 1; c <= ws.columnCount; c++) {
          const v = row.getCell(c).value;
          cells.push(v instanceof Date ? v.toISOString().slice(0, 10) : v);
        }
        out[r - 1] = cells;
      });
      return out.filter(Boolean);
    };
    checkRegister(values('Fakturor'), values('Fakturarader'));
  });
});

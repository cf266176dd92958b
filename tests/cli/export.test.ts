// yrkesresan export (SPEC §7, §11): the sample workbook's year billed in May and December, then
// exported; the SIE file is read by the tests' own reader and checked against the register.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { camt054 } from '../fixtures/bankFiles';
import { describeFailures, ruleFailures } from '../einvoice/validators';
import { accountTotals, balance, ore, readSie, type ReadSie } from '../sie/reader';
import { billedSample, cellText, col, dataRows, edit, load, ROOT, runCli, sampleCopy, sha256, sheet } from './helpers';

const GOLDEN = join(ROOT, 'tests/golden/exempel-2024.se');

/** The file with its generation date blanked, since #GEN is the day of the export. */
function normalised(bytes: Buffer): Buffer {
  return Buffer.from(bytes.toString('latin1').replace(/^#GEN \d{8}\r\n/m, '#GEN 00000000\r\n'), 'latin1');
}

describe('yrkesresan export on the sample workbook of 2024', () => {
  let dir = '';
  let file = '';
  let bytes: Buffer;
  let sie: ReadSie;
  let pot: { collected: bigint; paidOut: bigint };

  beforeAll(async () => {
    ({ dir, file } = sampleCopy());
    const may = await runCli([
      'bill',
      '--workbook',
      file,
      '--month',
      '2024-05',
      '--date',
      '2024-05-20',
      '--out',
      join(dir, 'maj'),
    ]);
    const dec = await runCli([
      'bill',
      '--workbook',
      file,
      '--month',
      '2024-12',
      '--date',
      '2024-12-15',
      '--out',
      join(dir, 'dec'),
    ]);
    expect([may.status, dec.status]).toEqual([0, 0]);
    const json = (m: string) => JSON.parse(readFileSync(join(dir, m, 'invoices.json'), 'utf8'));
    pot = {
      collected: ore(json('maj').potCollected) + ore(json('dec').potCollected),
      paidOut: ore(json('maj').potPaidOut) + ore(json('dec').potPaidOut),
    };
    const r = await runCli(
      ['export', '--workbook', file, '--from', '2024-01-01', '--to', '2024-12-31', '--out', join(dir, 'ut')],
      { YRKESRESAN_ANVANDARE: 'ekonom@norrbotten.example' },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    bytes = readFileSync(join(dir, 'ut/sie/yrkesresan.se'));
    sie = readSie(bytes);
  });

  it('has the records of SPEC §11 in order, in code page 437', () => {
    expect(sie.labels.slice(0, 7)).toEqual(['#FLAGGA', '#PROGRAM', '#FORMAT', '#GEN', '#SIETYP', '#ORGNR', '#FNAMN']);
    expect([sie.flagga, sie.format, sie.sietyp]).toEqual(['0', 'PC8', '4']);
    expect(sie.gen).toMatch(/^\d{8}$/);
    expect(sie.orgnr).toMatch(/^\d{6}-\d{4}$/);
    expect(sie.fnamn).toBe('Norrbottens Kommuner');
    // Every account used has a #KONTO with a name.
    const used = new Set(sie.vers.flatMap((v) => v.trans.map((t) => t.account)));
    expect([...sie.konto.keys()].sort()).toEqual([...used].sort());
    for (const name of sie.konto.values()) expect(name.length).toBeGreaterThan(0);
    // å ä ö as single CP437 bytes, never UTF-8.
    const latin = bytes.toString('latin1');
    expect(latin).toContain('YR-2024-0004 G\x84llivare');
    expect(latin).toContain('Lule\x86');
    expect(latin).toContain('\x99verkalix');
    expect(latin).toContain('\x8Elvsbyn');
    expect(bytes.includes(Buffer.from('ä', 'utf8'))).toBe(false);
  });

  it('has one balanced voucher per document of the year, dated and named by the register', async () => {
    const wb = await load(file);
    const ws = sheet(wb, 'Fakturor');
    const rows = dataRows(ws);
    expect(sie.vers.map((v) => v.text)).toEqual(
      rows.map((r) => `${cellText(ws, r, 'Fakturanummer')} ${cellText(ws, r, 'Kommun')}`),
    );
    for (const v of sie.vers) expect(balance(v)).toBe(0n);
    expect(sie.vers.filter((v) => v.date.startsWith('202405')).length).toBeGreaterThan(0);
    expect(sie.vers.filter((v) => v.date.startsWith('202412')).length).toBeGreaterThan(0);
  });

  it("has account totals equal to the register's: invoiced, pot collected less paid out, fixed costs", async () => {
    const wb = await load(file);
    const inv = sheet(wb, 'Fakturor');
    const lines = sheet(wb, 'Fakturarader');
    const num = (ws: ReturnType<typeof sheet>, r: number, h: string) =>
      ore(Number(ws.getCell(r, col(ws, h)).value ?? 0).toFixed(2));
    const invoiced = dataRows(inv).reduce((s, r) => s + num(inv, r, 'Belopp'), 0n);
    let fixed = 0n;
    let potLines = 0n;
    let variable = 0n;
    for (const r of dataRows(lines)) {
      const kind = cellText(lines, r, 'Typ');
      if (kind === 'Fast kostnad') fixed += num(lines, r, 'Belopp');
      if (kind === 'Utbildarpott') potLines += num(lines, r, 'Belopp');
      if (kind === 'Rörlig') variable += num(lines, r, 'Belopp');
    }
    const totals = accountTotals(sie.vers);
    expect(totals.get('1510')).toBe(invoiced);
    expect(totals.get('3520')).toBe(-fixed);
    expect(-(totals.get('2990') ?? 0n)).toBe(pot.collected - pot.paidOut);
    expect(potLines).toBe(-pot.paidOut);
    expect(-(totals.get('3510') ?? 0n)).toBe(variable - pot.collected);
  });

  it('is the golden file of the sample year', () => {
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, normalised(bytes));
    expect(normalised(bytes).equals(readFileSync(GOLDEN))).toBe(true);
  });

  it('appends one row to Logg and writes the peppol folder', async () => {
    const wb = await load(file);
    const log = sheet(wb, 'Logg');
    const last = dataRows(log).at(-1)!;
    expect(cellText(log, last, 'Åtgärd')).toBe('Export');
    expect(cellText(log, last, 'Användare')).toBe('ekonom@norrbotten.example');
    expect(cellText(log, last, 'Resultat')).toBe('Klar');
    expect(cellText(log, last, 'Detaljer')).toContain('sie/yrkesresan.se');
    expect(existsSync(join(dir, 'ut/peppol'))).toBe(true);
  });

  it('writes the e-invoice of every document of the year, as bill wrote it, passing the official rules', () => {
    const exported = readdirSync(join(dir, 'ut/peppol')).sort();
    const billed = [
      ...readdirSync(join(dir, 'maj/peppol')).map((f) => join(dir, 'maj/peppol', f)),
      ...readdirSync(join(dir, 'dec/peppol')).map((f) => join(dir, 'dec/peppol', f)),
    ];
    expect(exported.length).toBe(sie.vers.length);
    expect(exported).toEqual(billed.map((p) => p.split('/').at(-1)!).sort());
    for (const path of billed)
      expect(readFileSync(join(dir, 'ut/peppol', path.split('/').at(-1)!)).equals(readFileSync(path))).toBe(true);
    // The register's rebuild of a May invoice and of a December one with a payout.
    for (const name of [exported[0], exported.at(-1)!]) {
      expect(describeFailures(ruleFailures(readFileSync(join(dir, 'ut/peppol', name), 'utf8')))).toBe('');
    }
  });

  it('exports only what is dated in the period', async () => {
    const r = await runCli(['export', '--workbook', file, '--from', '2024-12-01', '--out', join(dir, 'dec-ut')]);
    expect(r.status).toBe(0);
    const dec = readSie(readFileSync(join(dir, 'dec-ut/sie/yrkesresan.se')));
    expect(dec.vers.length).toBeGreaterThan(0);
    expect(dec.vers.every((v) => v.date >= '20241201')).toBe(true);
    expect(dec.vers.length).toBeLessThan(sie.vers.length);
  });
});

describe('yrkesresan export with the payments of the year', () => {
  it('books every matched payment (debit Konto bank, credit Konto kundfordringar) and leaves the receivables unpaid', async () => {
    // The sample billed for May 2024, prepared once per worker (this test has its own copy).
    const { dir, file, runs } = await billedSample(['2024-05', '2024-05-20']);
    const invoices = runs[0].invoices;
    const [a, b] = invoices;
    const bank = join(dir, 'bank.xml');
    writeFileSync(
      bank,
      camt054([
        {
          bookingDate: '2024-06-18',
          acctSvcrRef: 'E1',
          txs: [
            { amount: a.total, ref: a.ocr, acctSvcrRef: 'T1', payer: a.municipality },
            { amount: '1000.00', ref: b.ocr, acctSvcrRef: 'T2' },
            { amount: '250.00', ustrd: 'Kursavgift juni', acctSvcrRef: 'T3' },
          ],
        },
      ]),
    );
    const paid = await runCli(['payments', '--workbook', file, '--file', bank, '--out', join(dir, 'bet')]);
    expect(paid.status, paid.stderr).toBe(0);
    const r = await runCli([
      'export',
      '--workbook',
      file,
      '--from',
      '2024-01-01',
      '--to',
      '2024-12-31',
      '--out',
      join(dir, 'ut'),
    ]);
    expect(r.status, r.stderr).toBe(0);
    const year = readSie(readFileSync(join(dir, 'ut/sie/yrkesresan.se')));
    // One voucher per invoice and one per matched payment (the unmatched 250 kr is not booked).
    expect(year.vers.length).toBe(invoices.length + 2);
    for (const ver of year.vers) expect(balance(ver)).toBe(0n);
    const totals = accountTotals(year.vers);
    const received = ore(a.total) + ore('1000.00');
    expect(totals.get('1930')).toBe(received);
    const invoiced = invoices.reduce((sum, i) => sum + ore(i.total), 0n);
    expect(totals.get('1510')).toBe(invoiced - received);
  }, 60_000);
});

describe('yrkesresan export refuses', () => {
  it('an invalid account setting with a Swedish error naming tab, row and column, leaving the file unchanged (exit 2)', async () => {
    const { dir, file } = sampleCopy();
    await edit(file, (wb) => {
      const ws = sheet(wb, 'Inställningar');
      const row = dataRows(ws).find((r) => cellText(ws, r, 'Inställning') === 'Konto bank')!;
      ws.getCell(row, col(ws, 'Värde')).value = '19 30';
    });
    const before = sha256(file);
    const r = await runCli(['export', '--workbook', file, '--out', join(dir, 'ut')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /FEL {2}Flik Inställningar, rad \d+, kolumn Värde: "19 30" – Inställningen Konto bank "19 30" är inget giltigt kontonummer/,
    );
    expect(sha256(file)).toBe(before);
    expect(existsSync(join(dir, 'ut', 'sie'))).toBe(false);
  });

  it('bad dates and an empty period as usage errors (exit 1)', async () => {
    const { dir, file } = sampleCopy();
    expect((await runCli(['export', '--workbook', file, '--from', '2024-02-30', '--out', dir])).status).toBe(1);
    expect(
      (await runCli(['export', '--workbook', file, '--from', '2024-12-01', '--to', '2024-01-01', '--out', dir])).status,
    ).toBe(1);
    expect((await runCli(['export', '--workbook', file])).status).toBe(1);
    expect(readdirSync(dir)).toEqual(['bok.xlsx']);
  });
});

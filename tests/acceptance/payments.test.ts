// SPEC §10 on the bundled sample workbook, both hosts: its May 2024 invoices, paid by a camt.054
// file and a BgMax file made here, end with the same statuses and amounts on the command line and
// in Code.js; a second import of the same file changes nothing; the reminders on a date are the
// same invoices on both hosts, and only what is overdue.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CalendarDate, type CellValue } from '../../src/workbook/port';
import { bgMax, camt054, latin1Bytes } from '../fixtures/bankFiles';
import { toGasValue } from '../fixtures/workbook';
import { createGasEnvironment } from '../gas/fakes';
import { loadBundle, plain } from '../gas/harness';
import { cellText, dataRows, load, readJson, runCli, sampleCopy, sha256, sheet } from '../cli/helpers';

const iso = (d: Date) => d.toISOString().slice(0, 10);

async function sampleTabs(file: string): Promise<Record<string, CellValue[][]>> {
  const wb = await load(file);
  const out: Record<string, CellValue[][]> = {};
  for (const ws of wb.worksheets) {
    const rows: CellValue[][] = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const row: CellValue[] = [];
      for (let c = 1; c <= ws.columnCount; c++) {
        const v = ws.getCell(r, c).value;
        row.push(
          v instanceof Date
            ? new CalendarDate(iso(v))
            : v === null || v === undefined
              ? ''
              : typeof v === 'object'
                ? String((v as { result?: unknown }).result ?? '')
                : v,
        );
      }
      rows.push(row);
    }
    out[ws.name] = rows;
  }
  return out;
}

type Figures = Record<string, [status: string, paid: string]>;

const money = (v: unknown) => (v === '' || v === null || v === undefined ? '' : Number(v).toFixed(2));

describe('SPEC §10 on the sample workbook, both hosts', () => {
  it('pays the May invoices by camt.054 and BgMax with the same statuses and amounts on both hosts, and reminds the same overdue invoices', async () => {
    const { dir, file } = sampleCopy();
    const env = createGasEnvironment({
      tabs: Object.fromEntries(
        Object.entries(await sampleTabs(file)).map(([n, rows]) => [n, rows.map((r) => r.map((v) => toGasValue(v)))]),
      ),
    });
    const ctx = loadBundle(env);

    expect(
      (
        await runCli([
          'bill',
          '--workbook',
          file,
          '--month',
          '2024-05',
          '--date',
          '2024-05-20',
          '--out',
          join(dir, 'bill'),
        ])
      ).status,
    ).toBe(0);
    expect(
      plain<{ written: boolean }>(ctx.billingConfirm({ month: '2024-05', invoiceDate: '2024-05-20' })).written,
    ).toBe(true);
    const invoices = readJson(join(dir, 'bill')).invoices;
    expect(invoices.length).toBe(14);
    const [a, b, c, d, e, f] = invoices;
    const total = (i: { total: string }) => Number(i.total);

    const camtFile = join(dir, 'camt054.xml');
    writeFileSync(
      camtFile,
      camt054([
        {
          bookingDate: '2024-06-17',
          acctSvcrRef: 'B1',
          txs: [
            { amount: a.total, ref: a.ocr, acctSvcrRef: 'K1', payer: `${a.municipality} kommun` },
            { amount: '1000.00', ref: b.ocr, acctSvcrRef: 'K2' },
            { amount: (total(c) + 100).toFixed(2), ref: c.ocr, scor: false, acctSvcrRef: 'K3' },
            { amount: d.total, ustrd: `Avser faktura ${d.number}`, acctSvcrRef: 'K4' },
            { amount: '300.00', ustrd: 'Kursavgift', acctSvcrRef: 'K5' },
          ],
        },
        {
          bookingDate: '2024-06-17',
          credit: false,
          acctSvcrRef: 'UT',
          txs: [{ amount: '50.00', ref: e.ocr, acctSvcrRef: 'UT1' }],
        },
      ]),
    );
    const bgFile = join(dir, 'BGMAX.TXT');
    const bg = latin1Bytes(
      bgMax([
        {
          date: '2024-06-18',
          payments: [{ amount: e.total, reference: e.ocr, serial: '501', name: 'Överkalix kommun' }],
        },
        { date: '2024-06-19', payments: [{ amount: (total(f) / 2).toFixed(2), reference: f.ocr, serial: '502' }] },
      ]),
    );
    writeFileSync(bgFile, bg);

    for (const [path, name] of [
      [camtFile, 'camt054.xml'],
      [bgFile, 'BGMAX.TXT'],
    ] as const) {
      const r = await runCli(['payments', '--workbook', file, '--file', path, '--out', join(dir, `out-${name}`)]);
      expect(r.status, r.stderr).toBe(0);
      const view = plain<{ ok: boolean }>(ctx.paymentsConfirm({ name, base64: readFileSync(path).toString('base64') }));
      expect(view.ok).toBe(true);
    }

    const expected: Figures = {
      [a.number]: ['Betald', a.total],
      [b.number]: ['Delbetald', '1000.00'],
      [c.number]: ['Överbetald', (total(c) + 100).toFixed(2)],
      [d.number]: ['Betald', d.total],
      [e.number]: ['Betald', e.total],
      [f.number]: ['Delbetald', (total(f) / 2).toFixed(2)],
    };
    for (const i of invoices.slice(6)) expected[i.number] = ['Skapad', ''];

    const cliFigures = async (): Promise<Figures> => {
      const ws = sheet(await load(file), 'Fakturor');
      return Object.fromEntries(
        dataRows(ws).map((r) => [
          cellText(ws, r, 'Fakturanummer'),
          [cellText(ws, r, 'Status'), money(cellText(ws, r, 'Betalt'))],
        ]),
      );
    };
    const gasFigures = (): Figures => {
      const [header, ...rows] = env.spreadsheet.read('Fakturor');
      const at = (h: string) => header.indexOf(h);
      return Object.fromEntries(
        rows.map((r) => [String(r[at('Fakturanummer')]), [String(r[at('Status')]), money(r[at('Betalt')])]]),
      );
    };
    expect(await cliFigures()).toEqual(expected);
    expect(gasFigures()).toEqual(expected);
    const cliRows = (await load(file)).getWorksheet('Inbetalningar')!;
    expect(dataRows(cliRows)).toHaveLength(7);
    expect(env.spreadsheet.read('Inbetalningar')).toHaveLength(8);

    // A second import of the camt.054 file changes nothing on either host.
    const register = JSON.stringify(env.spreadsheet.read('Fakturor'));
    const again = plain<{ written: boolean }>(
      ctx.paymentsConfirm({ name: 'camt054.xml', base64: readFileSync(camtFile).toString('base64') }),
    );
    expect(again.written).toBe(false);
    expect(JSON.stringify(env.spreadsheet.read('Fakturor'))).toBe(register);
    expect(
      (await runCli(['payments', '--workbook', file, '--file', camtFile, '--out', join(dir, 'again')])).status,
    ).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'again', 'payments.json'), 'utf8')) as {
      payments: { status: string }[];
    };
    expect(new Set(json.payments.map((p) => p.status))).toEqual(new Set(['Redan inläst']));
    expect(await cliFigures()).toEqual(expected);

    // Reminders on 2024-06-25 (the May invoices fell due on 2024-06-19): the same on both hosts.
    const before = sha256(file);
    expect(
      (await runCli(['remind', '--workbook', file, '--date', '2024-06-25', '--out', join(dir, 'remind')])).status,
    ).toBe(0);
    expect(sha256(file)).toBe(before);
    const cliReminders = (
      JSON.parse(readFileSync(join(dir, 'remind', 'reminders.json'), 'utf8')) as {
        reminders: { number: string; remaining: string }[];
      }
    ).reminders;
    const gasReminders = plain<{ reminders: { number: string; remaining: string }[] }>(
      ctx.remindersList({ date: '2024-06-25' }),
    ).reminders;
    const overdue = invoices.filter((i) => !['Betald', 'Överbetald'].includes(expected[i.number][0]));
    expect(cliReminders.map((r) => r.number)).toEqual(overdue.map((i) => i.number));
    expect(gasReminders.map((r) => [r.number, r.remaining])).toEqual(cliReminders.map((r) => [r.number, r.remaining]));
    expect(cliReminders.find((r) => r.number === b.number)!.remaining).toBe((total(b) - 1000).toFixed(2));
    // Before the due date has passed nothing is overdue.
    expect(plain<{ reminders: unknown[] }>(ctx.remindersList({ date: '2024-06-19' })).reminders).toEqual([]);
  }, 120_000);
});

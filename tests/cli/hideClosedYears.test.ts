// yrkesresan export --hide-closed-years: the invoice sheets of a year before this one are hidden
// once every invoice of it is sent and paid; until then the year stays visible and the output
// names what keeps it open. Nothing else of the workbook changes but Logg.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { camt054 } from '../fixtures/bankFiles';
import { cli, load, readJson, runCli, sampleCopy, sheet } from './helpers';

function values(ws: import('exceljs').Worksheet): string {
  const rows: unknown[] = [];
  ws.eachRow((r) => rows.push(r.values));
  return JSON.stringify(rows);
}

describe('yrkesresan export --hide-closed-years', () => {
  it('hides a closed year’s invoice sheets, and keeps a year with an unpaid invoice visible', async () => {
    const { dir, file } = sampleCopy();
    const may = await runCli([
      'bill',
      '--workbook',
      file,
      '--month',
      '2024-05',
      '--date',
      '2024-05-20',
      '--send',
      '--out',
      join(dir, 'maj'),
    ]);
    expect(may.status, may.stderr).toBe(0);
    const invoices = readJson(join(dir, 'maj')).invoices;
    expect(invoices.length).toBeGreaterThan(2);
    const pay = async (name: string, list: typeof invoices) => {
      const bank = join(dir, `${name}.xml`);
      writeFileSync(
        bank,
        camt054([
          {
            bookingDate: '2024-06-18',
            acctSvcrRef: name,
            txs: list.map((i, k) => ({ amount: i.total, ref: i.ocr, acctSvcrRef: `${name}-${k}` })),
          },
        ]),
      );
      const r = await runCli(['payments', '--workbook', file, '--file', bank, '--out', join(dir, `bet-${name}`)]);
      expect(r.status, r.stderr).toBe(0);
    };
    const [unpaid, ...rest] = invoices;
    await pay('a', rest);

    const first = await runCli(['export', '--workbook', file, '--hide-closed-years', '--out', join(dir, 'ut1')]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain(`2024 döljs inte: ${unpaid.number} är inte betald i sin helhet.`);
    let wb = await load(file);
    expect(wb.worksheets.filter((ws) => ws.state === 'hidden')).toEqual([]);

    await pay('b', [unpaid]);
    const before = await load(file);
    const second = await runCli(['export', '--workbook', file, '--hide-closed-years', '--out', join(dir, 'ut2')]);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain(`Dolde ${invoices.length} fakturaflikar för 2024.`);
    wb = await load(file);
    const hidden = wb.worksheets.filter((ws) => ws.state === 'hidden').map((ws) => ws.name);
    expect(hidden.sort()).toEqual(
      invoices.map((i) => wb.worksheets.find((ws) => ws.name.startsWith(`${i.number} `))!.name).sort(),
    );
    // Every other tab is visible, and the file opens on one of them.
    expect(wb.worksheets.filter((ws) => ws.state !== 'hidden').map((ws) => ws.name)).toContain('Fakturor');
    const active = wb.views?.[0]?.activeTab ?? 0;
    expect(wb.worksheets[active].state).not.toBe('hidden');
    // The data is as it was: the hidden sheets and the register.
    for (const name of [...hidden, 'Fakturor', 'Fakturarader'])
      expect(values(sheet(wb, name))).toBe(values(sheet(before, name)));

    // A hidden sheet is still a sheet: the export after hiding checks and exports it as before.
    const third = await runCli(['export', '--workbook', file, '--out', join(dir, 'ut3')]);
    expect(third.status, third.stderr).toBe(0);
  }, 120_000);

  it('is an option of export only', () => {
    const r = cli(['check', '--workbook', 'x.xlsx', '--hide-closed-years']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Okänd flagga "--hide-closed-years" för check.');
  });
});

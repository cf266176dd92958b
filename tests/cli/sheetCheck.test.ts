// Sheet and register agree (SPEC §2.7) on the command line, in-process: an amount edited in one
// invoice sheet with another tool (ExcelJS) keeps that invoice out of `remind --send` (no mail,
// Påmind unchanged) while the others are reminded, and `export` refuses with FILE unchanged.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { billedSample, cellText, dataRows, edit, load, runCli, sha256, sheet } from './helpers';

/** The sample billed for May 2024 (due 2024-06-19), then one amount of `municipality`'s sheet raised by 100 kr. */
async function editedWorkbook(index = 1) {
  // The billed sample is prepared once per worker; each test edits its own copy.
  const { dir, file, runs } = await billedSample(['2024-05', '2024-05-20']);
  const invoices = runs[0].invoices;
  const target = invoices[index];
  const name = `${target.number} ${target.municipality}`;
  let cell = '';
  await edit(file, (wb) => {
    const ws = sheet(wb, name);
    let head = 0;
    ws.eachRow((row, r) => {
      if (!head && row.getCell(1).value === 'Beskrivning') head = r;
    });
    const amount = ws.getCell(head + 1, 4);
    cell = amount.address;
    amount.value = Number(amount.value) + 100;
  });
  return { dir, file, invoices, target, name, cell };
}

async function reminded(file: string): Promise<Record<string, string>> {
  const ws = sheet(await load(file), 'Fakturor');
  return Object.fromEntries(dataRows(ws).map((r) => [cellText(ws, r, 'Fakturanummer'), cellText(ws, r, 'Påmind')]));
}

describe('an invoice sheet edited outside the tool', () => {
  it('remind --send leaves that invoice out, naming the cell and Kreditera faktura, and reminds the others', async () => {
    const { dir, file, invoices, target, name, cell } = await editedWorkbook();
    const out = join(dir, 'remind');
    const r = await runCli(['remind', '--workbook', file, '--date', '2024-06-25', '--send', '--out', out]);
    expect(r.stderr).toContain(`Fakturafliken "${name}"`);
    expect(r.stderr).toContain(`cell ${cell} (Belopp, rad 1)`);
    expect(r.stderr).toContain('Kreditera faktura');
    expect(r.status).not.toBe(0);
    const mails = readdirSync(join(out, 'mail'));
    expect(mails).not.toContain(`Påminnelse ${name}.eml`);
    expect(mails).toHaveLength(invoices.length - 1);
    const marks = await reminded(file);
    expect(marks[target.number]).toBe('');
    expect(invoices.filter((i) => i !== target).every((i) => marks[i.number] === '2024-06-25')).toBe(true);
  });

  it('export refuses with exit 2, names the sheet and cell, writes no files and leaves FILE unchanged', async () => {
    const { dir, file, name, cell } = await editedWorkbook(2);
    const before = sha256(file);
    const out = join(dir, 'export');
    const r = await runCli(['export', '--workbook', file, '--from', '2024-01-01', '--to', '2024-12-31', '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`Fakturafliken "${name}"`);
    expect(r.stderr).toContain(`cell ${cell}`);
    expect(r.stderr).toContain('Ingenting exporterades');
    expect(existsSync(join(out, 'sie', 'yrkesresan.se'))).toBe(false);
    expect(sha256(file)).toBe(before);
  });
});

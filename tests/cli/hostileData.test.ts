// `yrkesresan bill` on workbooks an administrator has edited in ways the writers cannot take:
// merged cells over the columns the tool writes, and names a sheet or file name cannot hold. Each
// is refused (exit 2) with a Swedish message naming tab, row and column; the file is unchanged.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { col, dataRows, edit, runCli, sampleCopy, sha256, sheet } from './helpers';

/** Renames Piteå in Kommuner and in every row that names it (however it is spelt there). */
function renamePitea(wb: ExcelJS.Workbook, name: string): number {
  const k = sheet(wb, 'Kommuner');
  let row = 0;
  for (const r of dataRows(k)) {
    if (k.getCell(r, col(k, 'Kommun')).value === 'Piteå') {
      k.getCell(r, col(k, 'Kommun')).value = name;
      row = r;
    }
  }
  for (const ws of wb.worksheets) {
    if (!/^Närvaro|^Utbildarlogg/.test(ws.name)) continue;
    const c = col(ws, 'Kommun');
    ws.eachRow((line, r) => {
      if (r > 1 && /^pite[aå]$/i.test(String(line.getCell(c).value).trim())) line.getCell(c).value = name;
    });
  }
  return row;
}

async function bill(file: string, dir: string) {
  return runCli([
    'bill',
    '--workbook',
    file,
    '--month',
    '2025-05',
    '--date',
    '2025-05-31',
    '--send',
    '--out',
    join(dir, 'ut'),
  ]);
}

describe('merged cells over the columns the tool writes', () => {
  it('Fakturanummer merged over two rows, or Dagar merged with it, is refused and nothing is written', async () => {
    const { dir, file } = sampleCopy();
    let rows: number[] = [];
    let stamp = 0;
    await edit(file, (wb) => {
      const ws = sheet(wb, 'Närvaro 2025');
      rows = dataRows(ws);
      stamp = col(ws, 'Fakturanummer');
      ws.mergeCells(rows[0], stamp, rows[1], stamp);
      ws.mergeCells(rows[3], col(ws, 'Dagar'), rows[3], stamp);
    });
    const before = sha256(file);
    const r = await bill(file, dir);
    expect(r.status).toBe(2);
    const letter = String.fromCharCode(64 + stamp);
    const dagar = String.fromCharCode(64 + stamp - 1);
    expect(r.stdout + r.stderr).toContain(
      `Flik Närvaro 2025, rad ${rows[0]}, kolumn Fakturanummer: "${letter}${rows[0]}:${letter}${rows[1]}"`,
    );
    expect(r.stdout + r.stderr).toContain(
      `Flik Närvaro 2025, rad ${rows[3]}, kolumn Fakturanummer: "${dagar}${rows[3]}:${letter}${rows[3]}"`,
    );
    expect(r.stdout + r.stderr).toMatch(/Dela upp de sammanfogade cellerna/);
    expect(sha256(file)).toBe(before);
  });
});

describe('names and amounts the sheet names, file names and cells cannot take', () => {
  it.each([['Pite/å'], ["'Piteå'"], ['P:i[t]e?*å'], ['Piteå'.padEnd(300, 'x')]])(
    'a municipality named %j is refused at its Kommuner cell in Swedish; the file is unchanged',
    async (name) => {
      const { dir, file } = sampleCopy();
      let row = 0;
      await edit(file, (wb) => void (row = renamePitea(wb, name)));
      const before = sha256(file);
      const r = await bill(file, dir);
      expect(r.status).toBe(2);
      expect(r.stdout + r.stderr).toContain(`Flik Kommuner, rad ${row}, kolumn Kommun:`);
      expect(r.stdout + r.stderr).not.toMatch(/Oväntat fel|Worksheet|ENAMETOOLONG|cannot/);
      expect(sha256(file)).toBe(before);
    },
  );

  it('an apostrophe inside a name bills, and every file is named by it', async () => {
    const { dir, file } = sampleCopy();
    await edit(file, (wb) => void renamePitea(wb, "Pite'å"));
    const r = await bill(file, dir);
    expect(r.status).toBe(0);
    expect(readdirSync(join(dir, 'ut', 'pdf')).some((f) => f.endsWith(" Pite'å.pdf"))).toBe(true);
    expect(readdirSync(join(dir, 'ut', 'mail')).some((f) => f.endsWith(" Pite'å.eml"))).toBe(true);
    expect(readFileSync(join(dir, 'ut', 'invoices.json'), 'utf8')).not.toMatch(/Infinity|NaN/);
  });

  it('a day fee of 1e306 is refused at its setting, and no Infinity reaches a file', async () => {
    const { dir, file } = sampleCopy();
    let row = 0;
    await edit(file, (wb) => {
      const ws = sheet(wb, 'Inställningar');
      for (const r of dataRows(ws)) {
        if (ws.getCell(r, 1).value === 'Lokal och fika (kr/dag)') {
          ws.getCell(r, col(ws, 'Värde')).value = 1e306;
          row = r;
        }
      }
    });
    const before = sha256(file);
    const r = await bill(file, dir);
    expect(r.status).toBe(2);
    expect(r.stdout + r.stderr).toContain(`Flik Inställningar, rad ${row}, kolumn Värde: "1e+306"`);
    expect(r.stdout + r.stderr).toMatch(/inte kan vara ett verkligt belopp/);
    expect(sha256(file)).toBe(before);
  });
});

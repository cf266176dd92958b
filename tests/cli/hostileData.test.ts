// `yrkesresan bill` on workbooks an administrator has edited in ways the writers cannot take:
// merged cells over the columns the tool writes, and names a sheet or file name cannot hold. Each
// is refused (exit 2) with a Swedish message naming tab, row and column; the file is unchanged.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { col, dataRows, edit, runCli, sampleCopy, sha256, sheet } from './helpers';

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

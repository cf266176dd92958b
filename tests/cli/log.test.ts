// The audit log through the command line: a run that changes FILE appends to Logg, naming the
// user from YRKESRESAN_ANVANDARE (else the operating-system user); a refused run (exit 2) leaves
// FILE byte-for-byte unchanged, so it cannot be logged in it; nothing new changes nothing.
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runCli, edit, load, sampleCopy, setCell, sha256, sheet } from './helpers';

function logRows(ws: Awaited<ReturnType<typeof load>>['worksheets'][number]): string[][] {
  const rows: string[][] = [];
  ws.eachRow((row, r) => {
    if (r > 1) rows.push([1, 2, 3, 4, 5].map((c) => String(row.getCell(c).value ?? '')));
  });
  return rows;
}

describe('Logg on the command line', () => {
  it('bill --send appends one row for the run and one for the sending, with the given user', async () => {
    const { dir, file } = sampleCopy();
    const r = await runCli(
      ['bill', '--workbook', file, '--month', '2025-05', '--date', '2025-05-31', '--send', '--out', join(dir, 'ut')],
      { YRKESRESAN_ANVANDARE: 'karin@norrbotten.example' },
    );
    expect(r.status).toBe(0);
    const rows = logRows(sheet(await load(file), 'Logg'));
    expect(rows.map((x) => [x[1], x[2], x[4]])).toEqual([
      ['karin@norrbotten.example', 'Fakturering', 'Klar'],
      ['karin@norrbotten.example', 'Utskick', 'Klar'],
    ]);
    expect(rows[0][0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(rows[0][3]).toMatch(
      /^Månad 2025-05, fakturadatum 2025-05-31, körning 2025-05\/1: \d+ fakturor \(YR-2025-0001 – YR-2025-\d{4}\), summa /,
    );
    expect(rows[1][3]).toMatch(/^Skickade: YR-2025-0001 till /);

    // The same month again: nothing new, nothing written, not even a log row.
    const before = sha256(file);
    expect(
      (
        await runCli([
          'bill',
          '--workbook',
          file,
          '--month',
          '2025-05',
          '--date',
          '2025-05-31',
          '--out',
          join(dir, 'igen'),
        ])
      ).status,
    ).toBe(0);
    expect(sha256(file)).toBe(before);
  });

  it('names the operating-system user when YRKESRESAN_ANVANDARE is not set', async () => {
    const { dir, file } = sampleCopy();
    const env: Record<string, string> = { YRKESRESAN_ANVANDARE: '' };
    expect(
      (
        await runCli(
          ['bill', '--workbook', file, '--month', '2025-05', '--date', '2025-05-31', '--out', join(dir, 'ut')],
          env,
        )
      ).status,
    ).toBe(0);
    expect(logRows(sheet(await load(file), 'Logg')).map((x) => x[1])).toEqual([userInfo().username]);
  });

  it('a run refused for errors exits 2 and leaves the file, Logg included, byte-for-byte unchanged', async () => {
    const { dir, file } = sampleCopy();
    await edit(file, (wb) => setCell(sheet(wb, 'Närvaro 2025'), 2, 'Kommun', 'Atlantis'));
    const before = sha256(file);
    const r = await runCli([
      'bill',
      '--workbook',
      file,
      '--month',
      '2025-05',
      '--date',
      '2025-05-31',
      '--out',
      join(dir, 'ut'),
    ]);
    expect(r.status).toBe(2);
    expect(sha256(file)).toBe(before);
  });
});

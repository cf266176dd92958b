// `yrkesresan import` as a child process on copies of the sample workbook (SPEC §7, §12).
import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load, runCli, sampleCopy, sha256, sheet } from './helpers';

const HEADER = `"User's Fullname","User's Email","User's Organisation Name","Course Name","Session Start Date","Status"`;
const EXPORT = [
  HEADER,
  `"Anna Import",anna@lulea.se,"Luleå kommun","Barnavårdsutredning – grunder","28 January 2025","Fully attended"`,
  `"Bo Bodensson",bo@boden.se,Boden,"Samtal med barn","2025-11-11 09:00","Partially attended"`,
  `"'=1+1",x@pitea.se,Piteå,Spelberoende,07/10/2025,"Fully attended"`,
  `Cissi,c@kiruna.se,Kiruna,Spelberoende,07/10/2025,"No show"`,
  `Dan,d@x.se,Stockholm,Spelberoende,07/10/2025,"Fully attended"`,
  `Eva,e@kiruna.se,Kiruna,"Okänd kurs",07/10/2025,"Fully attended"`,
].join('\r\n');

function json(dir: string) {
  return JSON.parse(readFileSync(join(dir, 'import.json'), 'utf8'));
}

describe('yrkesresan import', () => {
  it('appends the export to Närvaro import, writes import.json, logs, and a second import adds nothing', async () => {
    const { dir, file } = sampleCopy();
    const csv = join(dir, 'export.csv');
    writeFileSync(csv, EXPORT);
    const r = await runCli(['import', '--workbook', file, '--file', csv, '--out', join(dir, 'out')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(json(join(dir, 'out'))).toEqual({
      added: 3,
      skipped: [
        { line: 5, reason: 'status' },
        { line: 6, reason: 'unknown municipality' },
        { line: 7, reason: 'unknown course' },
      ],
      tab: 'Närvaro import',
    });
    const wb = await load(file);
    const rows: unknown[][] = [];
    sheet(wb, 'Närvaro import').eachRow((row) => rows.push((row.values as unknown[]).slice(1, 6)));
    expect(rows.slice(1)).toEqual([
      [new Date('2025-01-28T00:00:00Z'), 'BOU-B1-25', 'Anna Import', 'Luleå', 2],
      [new Date('2025-11-11T00:00:00Z'), 'BOU-F1-25', 'Bo Bodensson', 'Boden', 1],
      [new Date('2025-10-07T00:00:00Z'), 'MOB-S1-25', '=1+1', 'Piteå', 2],
    ]);
    expect(sheet(wb, 'Närvaro import').getCell('C4').type).toBe(ExcelJS.ValueType.String);
    const log: unknown[][] = [];
    sheet(wb, 'Logg').eachRow((row) => log.push(row.values as unknown[]));
    expect(log.at(-1)![3]).toBe('Import av närvaro');

    const second = await runCli(['import', '--workbook', file, '--file', csv, '--out', join(dir, 'out2')]);
    expect(second.status).toBe(0);
    expect(json(join(dir, 'out2')).added).toBe(0);
    expect(
      json(join(dir, 'out2'))
        .skipped.filter((s: { reason: string }) => s.reason === 'duplicate')
        .map((s: { line: number }) => s.line),
    ).toEqual([2, 3, 4]);

    // The next billing run bills the imported rows.
    const bill = await runCli([
      'bill',
      '--workbook',
      file,
      '--month',
      '2025-12',
      '--date',
      '2025-12-20',
      '--dry-run',
      '--out',
      join(dir, 'bill'),
    ]);
    expect(bill.status).toBe(0);
    const invoices = JSON.parse(readFileSync(join(dir, 'bill', 'invoices.json'), 'utf8'));
    const pitea = invoices.invoices.find((i: { municipality: string }) => i.municipality === 'Piteå');
    expect(pitea.lines.find((l: { courseId?: string }) => l.courseId === 'MOB-S1-25')).toBeDefined();
  }, 60_000);

  it('reads an .xlsx export with the same result', async () => {
    const { dir, file } = sampleCopy();
    const xlsx = join(dir, 'export.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Report');
    ws.addRow([
      "User's Fullname",
      "User's Email",
      "User's Organisation Name",
      'Course Name',
      'Session Start Date',
      'Status',
    ]);
    ws.addRow([
      'Anna Import',
      'anna@lulea.se',
      'Luleå kommun',
      'Barnavårdsutredning – grunder',
      new Date('2025-01-28T00:00:00Z'),
      'Fully attended',
    ]);
    ws.addRow(['Dan', 'd@x.se', 'Stockholm', 'Spelberoende', '07/10/2025', 'Fully attended']);
    await wb.xlsx.writeFile(xlsx);
    const r = await runCli(['import', '--workbook', file, '--file', xlsx, '--out', join(dir, 'out')]);
    expect(r.status).toBe(0);
    expect(json(join(dir, 'out'))).toEqual({
      added: 1,
      skipped: [{ line: 3, reason: 'unknown municipality' }],
      tab: 'Närvaro import',
    });
  }, 60_000);

  it('leaves FILE byte-for-byte unchanged on a dry run and on errors (exit 2), and exits 1 on usage errors', async () => {
    const { dir, file } = sampleCopy();
    const before = sha256(file);
    const csv = join(dir, 'export.csv');
    writeFileSync(csv, EXPORT);
    const dry = await runCli([
      'import',
      '--workbook',
      file,
      '--file',
      csv,
      '--tab',
      'Närvaro 2025',
      '--dry-run',
      '--out',
      join(dir, 'dry'),
    ]);
    expect(dry.status).toBe(0);
    expect(json(join(dir, 'dry'))).toMatchObject({ added: 3, tab: 'Närvaro 2025' });
    expect(sha256(file)).toBe(before);

    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      `${HEADER}\nA,a@lulea.se,Luleå,Spelberoende,2025-10-07,Fully attended\nB,b@lulea.se,Luleå,Spelberoende,2025-10-07,Fully attended,extra\n`,
    );
    const malformed = await runCli(['import', '--workbook', file, '--file', bad, '--out', join(dir, 'bad')]);
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toContain('rad 3');
    expect(sha256(file)).toBe(before);

    const quote = join(dir, 'quote.csv');
    writeFileSync(quote, `${HEADER}\n"A,a@lulea.se,Luleå,Spelberoende,2025-10-07,Fully attended\n`);
    const unterminated = await runCli(['import', '--workbook', file, '--file', quote, '--out', join(dir, 'q')]);
    expect(unterminated.status).toBe(2);
    expect(unterminated.stderr).toContain('rad 2');
    expect(sha256(file)).toBe(before);

    const columns = join(dir, 'columns.csv');
    writeFileSync(columns, `Namn,Kursnamn\nA,Spelberoende\n`);
    const missing = await runCli(['import', '--workbook', file, '--file', columns, '--out', join(dir, 'c')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('Rubriker i filen: "Namn", "Kursnamn"');
    expect(sha256(file)).toBe(before);

    expect((await runCli(['import', '--workbook', file, '--out', join(dir, 'x')])).status).toBe(1);
    expect(
      (await runCli(['import', '--workbook', file, '--file', join(dir, 'nope.csv'), '--out', join(dir, 'x')])).status,
    ).toBe(1);
    expect(
      (await runCli(['import', '--workbook', file, '--file', csv, '--tab', 'Import', '--out', join(dir, 'x')])).status,
    ).toBe(1);
    expect(sha256(file)).toBe(before);
  }, 60_000);
});

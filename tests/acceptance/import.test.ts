// SPEC §12 on the bundled sample workbook: one Totara-style export of its courses, imported on the
// command line and through Code.js, gives exactly the same rows, days and skips, and the next
// billing run bills the imported rows.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CalendarDate, type CellValue } from '../../src/workbook/port';
import { toGasValue } from '../fixtures/workbook';
import { createGasEnvironment } from '../gas/fakes';
import { loadBundle, plain } from '../gas/harness';
import { load, runCli, sampleCopy, sheet } from '../cli/helpers';

interface SampleCourse {
  id: string;
  name: string;
  start: string;
  end: string;
  recorded: boolean;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const days = (c: SampleCourse) => (Date.parse(c.end) - Date.parse(c.start)) / 86_400_000 + 1;
const dmy = (s: string) => `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`;

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

function coursesOf(tabs: Record<string, CellValue[][]>): SampleCourse[] {
  const [head, ...rows] = tabs['Kurser'];
  const col = (h: string) => head.indexOf(h);
  return rows.map((r) => ({
    id: String(r[col('Kurs-ID')]),
    name: String(r[col('Kursnamn')]),
    start: (r[col('Startdatum')] as CalendarDate).iso,
    end: (r[col('Slutdatum')] as CalendarDate).iso,
    recorded: r[col('Inspelad')] === 'Ja',
  }));
}

describe('SPEC §12 on the sample workbook, both hosts', () => {
  it('imports the same rows, days and skips on the command line and in Code.js, and billing bills them', async () => {
    const { dir, file } = sampleCopy();
    const tabs = await sampleTabs(file);
    const courses = coursesOf(tabs).filter((c) => !c.recorded);
    const existing = tabs['Närvaro 2024'][1]; // Datum, Kurs-ID, Deltagare, Kommun, …

    const lines = [
      `"User's Fullname","User's Email","User's Organisation Name","Course Name","Session Start Date","Status"`,
    ];
    const expectedRows: [string, string, string, string, number][] = [];
    const expectedSkips: { line: number; reason: string }[] = [];
    const add = (cells: string[]) => lines.push(cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(','));
    courses.forEach((c, i) => {
      add([`Full ${i}`, `full${i}@lulea.se`, 'Luleå kommun', c.name, `${c.start} 09:00`, 'Fully attended']);
      expectedRows.push([c.start, c.id, `Full ${i}`, 'Luleå', days(c)]);
      add([`Halv ${i}`, `halv${i}@boden.se`, 'Bodens kommun', c.name, dmy(c.start), 'Deltog delvis']);
      expectedRows.push([c.start, c.id, `Halv ${i}`, 'Boden', days(c) / 2]);
      add([`Borta ${i}`, `borta${i}@pitea.se`, 'Piteå', c.name, c.start, i % 2 ? 'No show' : 'Unable to attend']);
      expectedSkips.push({ line: lines.length, reason: 'status' });
      add([`Okänd ${i}`, `x${i}@example.com`, 'Stockholms stad', c.name, c.start, 'Fully attended']);
      expectedSkips.push({ line: lines.length, reason: 'unknown municipality' });
    });
    add(['Någon', 'n@kiruna.se', 'Kiruna', 'Kurs som inte finns', '2025-03-03', 'Fully attended']);
    expectedSkips.push({ line: lines.length, reason: 'unknown course' });
    add([
      String(existing[2]),
      '',
      String(existing[3]),
      String(existing[1]),
      (existing[0] as CalendarDate).iso,
      'Fully attended',
    ]);
    expectedSkips.push({ line: lines.length, reason: 'duplicate' });
    add(['Full 0', 'full0@lulea.se', 'Luleå', courses[0].id, courses[0].start, 'Fully attended']);
    expectedSkips.push({ line: lines.length, reason: 'duplicate' });
    const csv = join(dir, 'seminar-signups.csv');
    writeFileSync(csv, `\ufeff${lines.join('\r\n')}\r\n`);

    // Code.js, on the same workbook.
    const gasTabs = Object.fromEntries(
      Object.entries(tabs).map(([n, rows]) => [n, rows.map((r) => r.map((v) => toGasValue(v)))]),
    );
    const env = createGasEnvironment({ tabs: gasTabs });
    const ctx = loadBundle(env);
    const view = plain<{
      rows: { date: string; courseId: string; person: string; municipality: string; days: string }[];
      skipped: { line: number; reason: string }[];
    }>(ctx.importConfirm({ text: readFileSync(csv, 'utf8'), file: 'seminar-signups.csv' }));
    expect(
      view.rows.map((r) => [r.date, r.courseId, r.person, r.municipality, Number(r.days.replace(',', '.'))]),
    ).toEqual(expectedRows);
    expect(view.skipped.map((s) => ({ line: s.line, reason: s.reason }))).toEqual(expectedSkips);

    // The command line.
    const r = await runCli(['import', '--workbook', file, '--file', csv, '--out', join(dir, 'out')]);
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'out', 'import.json'), 'utf8'))).toEqual({
      added: expectedRows.length,
      skipped: expectedSkips,
      tab: 'Närvaro import',
    });
    const wb = await load(file);
    const imported: unknown[][] = [];
    sheet(wb, 'Närvaro import').eachRow((row, n) => {
      if (n > 1) imported.push([iso(row.getCell(1).value as Date), ...(row.values as unknown[]).slice(2, 6)]);
    });
    expect(imported).toEqual(expectedRows);
    expect(
      env.spreadsheet
        .read('Närvaro import')
        .slice(1)
        .map((row) => row.slice(1, 5)),
    ).toEqual(expectedRows.map((x) => x.slice(1)));

    // The next billing run (December 2025 bills everything up to its cut-off) stamps every imported row.
    const bill = await runCli([
      'bill',
      '--workbook',
      file,
      '--month',
      '2025-12',
      '--date',
      '2025-12-20',
      '--out',
      join(dir, 'bill'),
    ]);
    expect(bill.status).toBe(0);
    const after = await load(file);
    const stamps: string[] = [];
    sheet(after, 'Närvaro import').eachRow((row, n) => {
      if (n > 1) stamps.push(String(row.getCell(6).value));
    });
    expect(stamps).toHaveLength(expectedRows.length);
    for (const s of stamps) expect(s).toMatch(/^YR-2025-\d{4}$/);
    const gasBill = plain<{ written: boolean }>(ctx.billingConfirm({ month: '2025-12', invoiceDate: '2025-12-20' }));
    expect(gasBill.written).toBe(true);
    for (const row of env.spreadsheet.read('Närvaro import').slice(1))
      expect(String(row[5])).toMatch(/^YR-2025-\d{4}$/);
  }, 120_000);
});

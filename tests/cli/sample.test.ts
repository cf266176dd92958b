// The committed sample workbook is exactly what scripts/make-sample.mjs generates (compared by
// content, not bytes), and it is a realistic, valid workbook.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { XlsxWorkbook } from '../../src/cli/xlsx';
import { readWorkbook } from '../../src/workbook/read';
import { JOURNEYS, MEMBERS } from '../../src/workbook/schema';
import { makeSample } from '../../scripts/sample';

const committed = join(import.meta.dirname, '../../examples/exempel.xlsx');

function contents(port: XlsxWorkbook): Record<string, unknown[][]> {
  return Object.fromEntries(port.tabNames().map((t) => [t, port.read(t)]));
}

describe('examples/exempel.xlsx', () => {
  it('is what the generator makes (run `node scripts/make-sample.mjs` after changing it)', async () => {
    const generated = await XlsxWorkbook.fromBuffer(await makeSample().toBuffer());
    const file = await XlsxWorkbook.open(committed);
    expect(file.tabNames()).toEqual(generated.tabNames());
    expect(contents(file)).toEqual(contents(generated));
  });

  it('reads without errors or warnings and holds what a real workbook holds', async () => {
    const port = await XlsxWorkbook.open(committed);
    const snap = readWorkbook(port);
    expect(snap.issues).toEqual([]);
    const { input } = snap;
    expect(input.municipalities.map((m) => [m.name, m.orgNumber, m.fixedCost?.toNumber()])).toEqual(
      MEMBERS.map((m) => [m.name, m.orgNumber, m.fixedCost]),
    );
    expect(input.municipalities.every((m) => /^socialchef@[a-z]+\.exempel\.se$/.test(m.email))).toBe(true);
    expect(new Set(input.courses.map((c) => c.journey))).toEqual(new Set(JOURNEYS));
    expect(input.courses.filter((c) => c.recorded).map((c) => [c.journey, c.step])).toEqual([['Funktionshinder – utförare', 'Bas']]);
    expect(input.courses.filter((c) => c.venueOverride !== null)).toHaveLength(1);
    expect(port.tabNames().filter((t) => t.startsWith('Närvaro'))).toEqual(['Närvaro 2024', 'Närvaro 2025']);
    expect(input.attendance.length).toBeGreaterThan(200);
    expect(new Set(input.attendance.map((a) => a.date.slice(0, 4)))).toEqual(new Set(['2024', '2025']));
    expect(input.attendance.some((a) => !a.days.isInteger())).toBe(true);
    expect(input.trainers.length).toBeGreaterThan(10);
    // Spellings the product must forgive are present as typed.
    const typed = new Set(['Närvaro 2024', 'Närvaro 2025'].flatMap((t) => port.read(t).map((r) => r[3])));
    for (const variant of ['Lulea', 'PITEÅ', 'Bodens kommun', 'Haparanda stad', ' Kiruna ']) expect(typed).toContain(variant);
  });
});

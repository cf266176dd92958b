// The committed sample workbook is exactly what scripts/make-sample.mjs generates (compared by
// content, not bytes), and it is a realistic, valid workbook.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XlsxWorkbook } from '../../src/cli/xlsx';
import { isValidBankgiro } from '../../src/core/identifiers';
import { readWorkbook } from '../../src/workbook/read';
import { JOURNEYS, MEMBERS } from '../../src/workbook/schema';
import { makeSample } from '../../scripts/sample';

const root = join(import.meta.dirname, '../..');
const committed = join(root, 'examples/exempel.xlsx');

function contents(port: XlsxWorkbook): Record<string, unknown[][]> {
  return Object.fromEntries(port.tabNames().map((t) => [t, port.read(t)]));
}

describe('examples/exempel.xlsx', () => {
  it('is what scripts/make-sample.mjs generates (run it after changing the generator)', async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'yr-sample-')), 'exempel.xlsx');
    const r = spawnSync(process.execPath, [join(root, 'scripts/make-sample.mjs'), target], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const generated = await XlsxWorkbook.open(target);
    const file = await XlsxWorkbook.open(committed);
    expect(file.tabNames()).toEqual(generated.tabNames());
    expect(contents(file)).toEqual(contents(generated));
  });

  it('is generated the same way twice (seeded, no clock)', async () => {
    const a = await XlsxWorkbook.fromBuffer(await makeSample().toBuffer());
    const b = await XlsxWorkbook.fromBuffer(await makeSample().toBuffer());
    expect(contents(a)).toEqual(contents(b));
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
    // Legal names from the agreement, and a payout bankgiro with a valid check digit for each.
    expect(input.municipalities.map((m) => m.legalName)).toEqual(MEMBERS.map((m) => m.legalName));
    expect(input.municipalities.filter((m) => !isValidBankgiro(m.payoutAccount)).map((m) => m.name)).toEqual([]);
    expect(isValidBankgiro(input.settings.bankgiro)).toBe(true);
    expect(new Set(input.courses.map((c) => c.journey))).toEqual(new Set(JOURNEYS));
    expect(input.courses.filter((c) => c.recorded).map((c) => [c.journey, c.step])).toEqual([
      ['Funktionshinder – utförare', 'Bas'],
    ]);
    expect(input.courses.filter((c) => c.venueOverride !== null)).toHaveLength(1);
    expect(port.tabNames().filter((t) => t.startsWith('Närvaro'))).toEqual(['Närvaro 2024', 'Närvaro 2025']);
    expect(input.attendance.length).toBeGreaterThan(200);
    expect(new Set(input.attendance.map((a) => a.date.slice(0, 4)))).toEqual(new Set(['2024', '2025']));
    expect(input.attendance.some((a) => !a.days.isInteger())).toBe(true);
    expect(input.trainers.length).toBeGreaterThan(10);
    // Spellings the product must forgive are present as typed.
    const typed = new Set(['Närvaro 2024', 'Närvaro 2025'].flatMap((t) => port.read(t).map((r) => r[3])));
    for (const variant of ['Lulea', 'PITEÅ', 'Bodens kommun', 'Haparanda stad', ' Kiruna '])
      expect(typed).toContain(variant);
  });
});

// Acceptance: SPEC §7 (the command line: --send, the host time zone).
// Written from SPEC.md alone, the way an outside grader would (see helpers.ts).
import { describe, it, expect } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  ROOT,
  CLI,
  slug,
  mainBook,
  writeBook,
  tmpDir,
  bill,
  readJson,
  expectInvoices,
  loadBook,
  records,
  isoOf,
  MAY_EXPECTED,
  DEC_EXPECTED,
} from './helpers';

describe('--send (SPEC §7)', () => {
  it("one RFC 5322 message per invoice in DIR/mail, addressed to the municipality's E-post; register says Skickad", async () => {
    const dir = tmpDir('send');
    const file = path.join(dir, 'b.xlsx');
    await writeBook(mainBook(), file);
    const out = path.join(dir, 'out');
    const r = await bill(file, '2024-05', '2024-05-31', out, ['--send']);
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const mails = fs.readdirSync(path.join(out, 'mail'));
    expect(mails).toHaveLength(14);
    const j = readJson(out);
    for (const inv of j.invoices) {
      const f = mails.find((m) => m.includes(inv.number));
      expect(f, inv.number).toBeDefined();
      const msg = fs.readFileSync(path.join(out, 'mail', f!), 'utf8');
      const to = /^To:\s*(.*)$/im.exec(msg)?.[1] ?? '';
      expect(to, inv.number).toContain(`socialchef@${slug(inv.municipality)}.se`);
      expect(msg).toMatch(/^Subject:/im);
      expect(msg).toMatch(/^Date:/im);
      expect(msg).toMatch(/^From:/im);
      expect(msg).toMatch(/application\/pdf/i);
    }
    const wb = await loadBook(file);
    const recs = records(wb.getWorksheet('Fakturor')!).filter((x) => x.get('Fakturanummer') !== '');
    expect(recs).toHaveLength(14);
    for (const rec of recs) {
      expect(rec.get('Status')).toBe('Skickad');
      expect(String(rec.get('Mottagare'))).toContain('socialchef@');
      expect(rec.get('Skickad')).not.toBe('');
    }
  });
});

describe('the CLI does not depend on the host time zone', () => {
  for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati']) {
    it(`May + December under TZ=${tz} give the same invoices.json as in UTC`, async () => {
      const dir = tmpDir('tz');
      const file = path.join(dir, 'b.xlsx');
      await writeBook(mainBook(), file);
      const run = (month: string, date: string, out: string) => {
        const r = spawnSync(
          process.execPath,
          [CLI, 'bill', '--workbook', file, '--month', month, '--date', date, '--out', out],
          { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: tz } },
        );
        expect(r.status, r.stderr).toBe(0);
        return readJson(out);
      };
      const may = run('2024-05', '2024-05-31', path.join(dir, 'o1'));
      expectInvoices(may, MAY_EXPECTED, 1, 2024, '2024-05-31', '2024-06-30');
      const dec = run('2024-12', '2024-12-20', path.join(dir, 'o2'));
      expectInvoices(dec, DEC_EXPECTED, 15, 2024, '2024-12-20', '2025-01-19');
      const wb = await loadBook(file);
      const recs = records(wb.getWorksheet('Närvaro 2024')!);
      expect(isoOf(recs.find((r) => r.row === 6)!.get('Datum'))).toBe('2024-03-20');
      expect(isoOf(records(wb.getWorksheet('Fakturor')!)[0].get('Fakturadatum'))).toBe('2024-05-31');
    });
  }
});

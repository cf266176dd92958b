// Text the PDF font cannot draw, through the command line: `check` names it at its cell and exits
// 2; `bill --send` refuses the run with the workbook byte-for-byte as it was and no PDF written.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataRows, edit, runCli, sampleCopy, setCell, sha256, sheet } from './helpers';

const ARABIC = 'Ahmad أحمد';

async function withArabicParticipant(): Promise<{ dir: string; file: string; row: number }> {
  const { dir, file } = sampleCopy();
  let row = 0;
  await edit(file, (wb) => {
    const ws = sheet(wb, 'Närvaro 2025');
    row = dataRows(ws)[0];
    setCell(ws, row, 'Deltagare', ARABIC);
  });
  return { dir, file, row };
}

describe('command line: text the PDF font cannot draw', () => {
  it('check exits 2 and names tab, row, column and the characters', async () => {
    const { file, row } = await withArabicParticipant();
    const before = sha256(file);
    const r = await runCli(['check', '--workbook', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      `FEL  Flik Närvaro 2025, rad ${row}, kolumn Deltagare: "${ARABIC}" – Deltagare "${ARABIC}" har tecken som PDF-fakturans typsnitt saknar: أ (U+0623), ح (U+062D), م (U+0645), د (U+062F).`,
    );
    expect(sha256(file)).toBe(before);
  });

  it('bill --send refuses the run before anything is written or sent', async () => {
    const { dir, file, row } = await withArabicParticipant();
    const before = sha256(file);
    const out = join(dir, 'ut');
    const r = await runCli([
      'bill',
      '--workbook',
      file,
      '--month',
      '2025-05',
      '--date',
      '2025-05-31',
      '--send',
      '--out',
      out,
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`FEL  Flik Närvaro 2025, rad ${row}, kolumn Deltagare`);
    expect(r.stderr).toContain('typsnitt saknar');
    expect(sha256(file)).toBe(before);
    expect(existsSync(join(out, 'pdf'))).toBe(false);
    expect(existsSync(join(out, 'mail'))).toBe(false);
  });
});

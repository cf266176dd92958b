// A reader that stops early (`yrkesresan bill … | head -1`) closes the command's stdout: the run
// still finishes, saves FILE and writes DIR, exits 0, and prints no stack trace (SPEC §7).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT, sampleCopy, sha256 } from './helpers';

function runWithClosedStdout(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/yrkesresan.js'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Closed before the command has written anything: its first line already meets EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

it('bill with its output closed by the reader still bills, saves and exits 0', async () => {
  const { dir, file } = sampleCopy();
  const before = sha256(file);
  const out = join(dir, 'ut');
  const may = '--month 2025-05 --date 2025-05-31'.split(' ');
  const r = await runWithClosedStdout(['bill', '--workbook', file, ...may, '--out', out]);
  expect(r.stderr).not.toMatch(/EPIPE|Error|at .*\.js:\d+/);
  expect(r.status).toBe(0);
  expect(sha256(file)).not.toBe(before);
  const json = JSON.parse(readFileSync(join(out, 'invoices.json'), 'utf8')) as { invoices: unknown[] };
  expect(json.invoices).toHaveLength(14);
  expect(existsSync(join(dir, '.bok.xlsx.lock'))).toBe(false);
});

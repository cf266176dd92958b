/**
 * What every command that opens FILE shares: opening it, the lock, the user Logg names, and the
 * lines that report issues. main.ts re-exports them for the command modules' callers.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Issue } from '../core/types';
import type { Io } from './exit';
import { failureText } from './failure';
import { readWorkbookFile } from './workbookFile';
import type { XlsxWorkbook } from './xlsx';

/** 'FEL  Flik Närvaro 2024, rad 12, kolumn Kommun: "Stokholm" – Okänd kommun …' */
export function issueLine(issue: Issue): string {
  const label = issue.severity === 'error' ? 'FEL' : 'VARNING';
  const where: string[] = [];
  if (issue.tab) where.push(`Flik ${issue.tab}`);
  if (issue.row !== undefined) where.push(`rad ${issue.row}`);
  if (issue.column) where.push(`kolumn ${issue.column}`);
  let place = where.join(', ');
  if (issue.value !== undefined) place += `${place ? ': ' : ''}"${issue.value}"`;
  return `${label}  ${place ? `${place} – ` : ''}${issue.message}`;
}

export function printIssues(io: Io, issues: Issue[]): { errors: number; warnings: number } {
  for (const issue of issues) io.err(issueLine(issue));
  const errors = issues.filter((i) => i.severity === 'error').length;
  return { errors, warnings: issues.length - errors };
}

/**
 * Who Logg names for a command: YRKESRESAN_ANVANDARE when set (e.g. the administrator's
 * e-mail on a shared machine), else the operating-system user.
 */
export function commandUser(env: NodeJS.ProcessEnv = process.env): string {
  const given = (env.YRKESRESAN_ANVANDARE ?? '').trim();
  if (given) return given;
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

/** FILE read and parsed, or null once the reason (Swedish, with what to do) is printed. */
export async function openWorkbook(io: Io, path: string): Promise<XlsxWorkbook | null> {
  try {
    return await readWorkbookFile(path);
  } catch (e) {
    io.err(failureText(e));
    return null;
  }
}

/**
 * One run at a time per workbook: a lock file beside it, created exclusively. A lock left by a
 * process that no longer exists is taken over.
 */
export function acquireLock(path: string): { release(): void } | { heldBy: string } {
  const lock = join(dirname(path), `.${basename(path)}.lock`);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => rmSync(lock, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let pid: number;
      try {
        pid = Number(readFileSync(lock, 'utf8').trim());
      } catch {
        continue; // released in the meantime: try again
      }
      let alive = false;
      try {
        alive = Number.isInteger(pid) && pid > 0 && (process.kill(pid, 0), true);
      } catch (err) {
        alive = (err as NodeJS.ErrnoException).code === 'EPERM';
      }
      if (alive) return { heldBy: String(pid) };
      rmSync(lock, { force: true });
    }
  }
  return { heldBy: '?' };
}

export const busyMessage = (workbook: string, heldBy: string): string =>
  `Arbetsboken ${workbook} används av en annan körning (process ${heldBy}). Försök igen när den är klar.`;

/**
 * Runs a command that changes FILE under its lock (none for a dry run, which never saves):
 * FILE opened, `run` called with it, the lock released whatever happens. A held lock or a FILE
 * that cannot be read is reported and exits 1.
 */
export async function withWorkbook(
  io: Io,
  workbook: string,
  dryRun: boolean,
  usageExit: number,
  run: (port: XlsxWorkbook) => Promise<number>,
): Promise<number> {
  const lock = dryRun ? null : acquireLock(workbook);
  if (lock && 'heldBy' in lock) {
    io.err(busyMessage(workbook, lock.heldBy));
    return usageExit;
  }
  try {
    const port = await openWorkbook(io, workbook);
    if (!port) return usageExit;
    return await run(port);
  } finally {
    if (lock && 'release' in lock) lock.release();
  }
}

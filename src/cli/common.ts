/**
 * What every command that opens FILE shares: opening it, the lock, the user Logg names, and the
 * lines that report issues. main.ts re-exports them for the command modules' callers.
 */
import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import type { Issue } from '../core/types';
import type { Io } from './exit';
import { CliFailure, errnoOf, failureText, fileErrorText } from './failure';
import { acquireLock } from './lock';
import { readWorkbookFile } from './workbookFile';
import type { XlsxWorkbook } from './xlsx';

export { acquireLock } from './lock';

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

export const busyMessage = (workbook: string, heldBy: string): string =>
  heldBy === '?'
    ? `Arbetsboken ${workbook} används av en annan körning just nu. Försök igen om en stund.`
    : `Arbetsboken ${workbook} används av en annan körning (process ${heldBy}). Försök igen när den är klar.`;

/**
 * Runs a command that changes FILE under its lock (none for a dry run, which never saves):
 * FILE opened, `run` called with it, the lock released whatever happens. A held lock or a FILE
 * that cannot be read is reported and exits 1.
 */
/** Said when the save could not be written into the opened package (see XlsxWorkbook.toBuffer). */
export const RESERIALISED =
  'VARNING  Arbetsboken kunde inte sparas med allt som körningen inte ändrade orört (t.ex. skrevs en cell över som är början på en delad formel). Den sparades om i sin helhet, så diagram, teckningar och annat som programmet inte känner till kan ha fallit bort. Öppna arbetsboken och kontrollera den.';

export async function withWorkbook(
  io: Io,
  workbook: string,
  dryRun: boolean,
  usageExit: number,
  run: (port: XlsxWorkbook) => Promise<number>,
): Promise<number> {
  if (!dryRun) {
    const problem = await unwritableReason(workbook);
    if (problem) {
      io.err(problem);
      return usageExit;
    }
  }
  const taken = dryRun ? null : acquireLock(workbook);
  if (taken && 'heldBy' in taken) {
    io.err(busyMessage(workbook, taken.heldBy));
    return usageExit;
  }
  if (taken && 'problem' in taken) {
    io.err(taken.problem);
    return usageExit;
  }
  const lock = taken?.lock;
  for (const note of lock?.notes ?? []) io.err(note);
  try {
    const port = await openWorkbook(io, workbook);
    if (!port) return usageExit;
    if (lock) {
      port.beforeCommit = async (target) => {
        lock.verify();
        const problem = await unwritableReason(target);
        if (problem) throw new CliFailure(problem);
      };
    }
    const status = await run(port);
    if (port.lastSave === 'exceljs' && port.fromFile) io.err(RESERIALISED);
    return status;
  } finally {
    lock?.release();
  }
}

/**
 * Why FILE cannot be updated in place, or null. The file's own write bits count as well as
 * access(2): the superuser passes access(W_OK) on any file, but a workbook without write bits was
 * made read-only on purpose, and the atomic save (rename over it) would replace it regardless.
 * The folder must be writable for the temp file and the lock; as the superuser it always is.
 */
export async function unwritableReason(workbook: string): Promise<string | null> {
  let real: string;
  try {
    real = await realpath(workbook);
    const info = await stat(real);
    if (info.isDirectory()) return `${workbook} är en mapp, inte en arbetsbok. Ange sökvägen till .xlsx-filen.`;
    if (!info.isFile()) return `${workbook} är ingen vanlig fil. Ange sökvägen till .xlsx-filen.`;
    if ((info.mode & 0o222) === 0) return readOnlyMessage(workbook);
  } catch (e) {
    const errno = errnoOf(e);
    if (errno?.code === 'ENOENT') return `Arbetsboken ${workbook} finns inte. Kontrollera sökvägen.`;
    if (errno) return fileErrorText(errno, 'hitta arbetsboken', workbook);
    throw e;
  }
  try {
    await access(real, constants.W_OK);
  } catch (e) {
    const errno = errnoOf(e);
    if (errno?.code === 'EACCES' || errno?.code === 'EPERM') return readOnlyMessage(workbook);
    if (errno) return fileErrorText(errno, 'skriva arbetsboken', workbook);
    throw e;
  }
  const folder = dirname(real);
  try {
    await access(folder, constants.W_OK);
  } catch (e) {
    const errno = errnoOf(e);
    if (!errno) throw e;
    if (errno.code === 'EACCES' || errno.code === 'EPERM' || errno.code === 'EROFS') {
      return `Mappen ${folder} är skrivskyddad, så arbetsboken ${workbook} kan inte sparas där (den sparas via en tillfällig fil i samma mapp). Ge ditt konto skrivrätt i mappen, eller kopiera arbetsboken till en mapp du kan skriva i, och kör igen.`;
    }
    return fileErrorText(errno, 'skriva i mappen', folder);
  }
  return null;
}

const readOnlyMessage = (workbook: string): string =>
  `Arbetsboken ${workbook} är skrivskyddad och kan inte uppdateras. Ta bort skrivskyddet (i Utforskaren: Egenskaper, avmarkera Skrivskyddad; i en terminal: chmod u+w) och kör igen. Ingenting har skrivits.`;

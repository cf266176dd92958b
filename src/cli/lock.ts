/**
 * One run at a time per workbook file (SPEC §7): a lock file beside the REAL file (symbolic links
 * resolved), so the same workbook reached through a link and through its own path shares one lock.
 *
 * - Created atomically with its content: the text (pid, host, a random token) is written to a
 *   private temp file first and then hard-linked to the lock's name; link(2) fails with EEXIST
 *   when the name is taken, so no reader ever sees a half-written lock.
 * - A lock whose process is gone (same host) is taken over without a race. Takeovers are made
 *   one at a time, under a guard file beside the lock (`….lock.overtagande`, created with link(2)
 *   like the lock): the run holding the guard judges the lock again and only then moves it away.
 *   Judging and moving cannot be overtaken: the stale lock's own process is gone, so only a
 *   takeover removes it, and takeovers wait for the guard. Without the guard, a run that judged
 *   the lock stale could move away a fresh lock that replaced it meanwhile, and a third run could
 *   take the free name before it was put back (two holders for an instant; one refused to save).
 *   The lock moved away is still compared with what was judged stale and put back if it differs,
 *   and verify() before the workbook is saved compares the lock's content with the run's own,
 *   so a guard that was itself judged stale wrongly still cannot make two runs save.
 * - Whatever else stands in the lock's place (a symbolic link, also a broken one, a FIFO, an
 *   empty folder) is not a lock the tool made: it is removed with a note; a folder with
 *   something in it is left alone and reported, since removing it could lose someone's files.
 */
import { randomBytes } from 'node:crypto';
import {
  linkSync,
  lstatSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmdirSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { CliFailure, errnoOf, fileErrorText } from './failure';

export interface WorkbookLock {
  /** The lock file's path. */
  readonly path: string;
  /** Notes for the administrator (a stale or foreign lock that was removed), in Swedish. */
  readonly notes: string[];
  /** Throws a CliFailure unless the lock is still this run's. */
  verify(): void;
  release(): void;
}

export type LockOutcome = { lock: WorkbookLock } | { heldBy: string } | { problem: string };

/** A lock younger than this without a readable pid may be one being written by an older version. */
const UNREADABLE_GRACE_MS = 10_000;
/** A guard is held for the few file operations of one takeover; one older than this was left by a killed run. */
const GUARD_STALE_MS = 10_000;
/** How long a run keeps trying while others take over or hold the takeover guard. */
const ACQUIRE_PATIENCE_MS = 3_000;

const sleep = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/** The lock file of a workbook whose symbolic links are already resolved. */
export function lockFileOf(realWorkbook: string): string {
  return join(dirname(realWorkbook), `.${basename(realWorkbook)}.lock`);
}

/** The guard under which what stands at a lock's name is taken over, one run at a time. */
export const guardOf = (lock: string): string => `${lock}.overtagande`;

const codeOf = (e: unknown): string | undefined => errnoOf(e)?.code;

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if (codeOf(e) === 'ENOENT') return null;
    throw e;
  }
}

interface Holder {
  pid: number;
  host: string;
}

/** "4711\nhost\ntoken\n" (an older version wrote the pid alone). */
function holderOf(text: string): Holder | null {
  const [pidText = '', host = ''] = text.split('\n').map((s) => s.trim());
  const pid = Number(pidText);
  return /^\d+$/.test(pidText) && Number.isSafeInteger(pid) && pid > 0 ? { pid, host } : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return codeOf(e) === 'EPERM'; // exists, owned by someone else
  }
}

type Displaced = 'removed' | 'restored' | 'lost';

/**
 * Moves whatever is at `lock` to a private name and removes it if `isExpected` holds for it;
 * otherwise puts it back. 'lost': it could not be put back because another run has taken the
 * name meanwhile (the displaced run's verify() will refuse to save).
 */
function displace(lock: string, isExpected: (moved: string) => boolean): Displaced | null {
  const moved = `${lock}.${process.pid}.${randomBytes(6).toString('hex')}.gammal`;
  try {
    renameSync(lock, moved);
  } catch (e) {
    if (codeOf(e) === 'ENOENT') return null; // gone already
    throw e;
  }
  if (isExpected(moved)) {
    unlinkSync(moved);
    return 'removed';
  }
  try {
    linkSync(moved, lock);
    return 'restored';
  } catch (e) {
    if (codeOf(e) !== 'EEXIST') throw e;
    return 'lost';
  } finally {
    unlinkSync(moved);
  }
}

const lockProblem = (e: unknown, lock: string): string => {
  const errno = errnoOf(e);
  if (!errno) throw e;
  return fileErrorText(errno, 'skapa låsfilen', lock);
};

/** Takes the lock of a workbook (the path as given; its real path is locked). */
export function acquireLock(workbook: string): LockOutcome {
  let real: string;
  try {
    real = realpathSync(workbook);
  } catch (e) {
    return { problem: lockProblem(e, workbook) };
  }
  const lock = lockFileOf(real);
  const content = `${process.pid}\n${hostname()}\n${randomBytes(12).toString('hex')}\n`;
  const notes: string[] = [];
  const temp = `${lock}.${process.pid}.${randomBytes(6).toString('hex')}.ny`;
  try {
    writeFileSync(temp, content, { flag: 'wx' });
  } catch (e) {
    return { problem: lockProblem(e, lock) };
  }
  try {
    for (const until = Date.now() + ACQUIRE_PATIENCE_MS; Date.now() < until;) {
      try {
        linkSync(temp, lock);
      } catch (e) {
        if (codeOf(e) !== 'EEXIST') return { problem: lockProblem(e, lock) };
        const found = inspect(lock, content, temp, notes);
        if (found === 'busy') sleep(1);
        if (found === 'retry' || found === 'busy') continue;
        if (found === 'ours') return { lock: heldLock(lock, content, notes, workbook, real) };
        return found;
      }
      if (readText(lock) !== content) continue; // displaced at once by a takeover: try again
      return { lock: heldLock(lock, content, notes, workbook, real) };
    }
    return { heldBy: '?' };
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
  }
}

/** What stands at a lock's name that is to be cleared away. */
type Clearing =
  { kind: 'folder' } | { kind: 'foreign'; label: string } | { kind: 'stale'; text: string; holder: Holder | null };

type Verdict = 'retry' | 'ours' | { heldBy: string } | { problem: string } | { clear: Clearing };

/** What stands at the lock's name: another run's lock, or something to clear away. */
function inspect(
  lock: string,
  content: string,
  temp: string,
  notes: string[],
): 'retry' | 'busy' | 'ours' | { heldBy: string } | { problem: string } {
  const first = judge(lock, content);
  if (typeof first === 'string' || !('clear' in first)) return first;
  // Judged again under the guard: what was seen may have been cleared and replaced meanwhile.
  return underGuard(lock, temp, content, () => {
    const again = judge(lock, content);
    return typeof again === 'string' || !('clear' in again) ? again : clear(lock, again.clear, notes);
  });
}

function judge(lock: string, content: string): Verdict {
  let info;
  try {
    info = lstatSync(lock);
  } catch (e) {
    if (codeOf(e) === 'ENOENT') return 'retry';
    return { problem: lockProblem(e, lock) };
  }
  if (info.isDirectory()) return { clear: { kind: 'folder' } };
  if (!info.isFile()) {
    // A symbolic link (also a broken one), a FIFO or a socket: never a lock this tool made.
    const label = info.isSymbolicLink() ? 'en symbolisk länk' : 'en fil som inte är en vanlig fil';
    return { clear: { kind: 'foreign', label } };
  }
  const text = readText(lock);
  if (text === null) return 'retry';
  if (text === content) return 'ours'; // linked back after a takeover's rename had moved it
  const holder = holderOf(text);
  if (holder && holder.host && holder.host !== hostname()) {
    return { heldBy: `${holder.pid} på datorn ${holder.host}` };
  }
  if (holder && alive(holder.pid)) return { heldBy: String(holder.pid) };
  if (!holder && Date.now() - info.mtimeMs < UNREADABLE_GRACE_MS) return { heldBy: '?' };
  return { clear: { kind: 'stale', text, holder } };
}

/** Clears what stands at the lock's name (the guard is held); the caller then tries the lock again. */
function clear(lock: string, what: Clearing, notes: string[]): 'retry' | { problem: string } {
  if (what.kind === 'folder') {
    try {
      rmdirSync(lock);
    } catch (e) {
      const code = codeOf(e);
      if (code === 'ENOENT') return 'retry';
      if (code === 'ENOTEMPTY' || code === 'EEXIST')
        return {
          problem: `Där arbetsbokens låsfil ska ligga (${lock}) finns en mapp med innehåll. Flytta eller ta bort mappen och kör igen.`,
        };
      return { problem: lockProblem(e, lock) };
    }
    notes.push(`Obs: en tom mapp låg där arbetsbokens låsfil ska ligga (${lock}) och togs bort.`);
    return 'retry';
  }
  if (what.kind === 'foreign') {
    const done = displace(lock, (moved) => !lstatSync(moved).isFile());
    if (done === 'removed')
      notes.push(`Obs: ${what.label} låg där arbetsbokens låsfil ska ligga (${lock}) och togs bort.`);
    return 'retry';
  }
  // Stale: taken over only if what is moved away is exactly the lock that was judged stale.
  const done = displace(lock, (moved) => readText(moved) === what.text);
  if (done === 'removed') {
    notes.push(
      what.holder
        ? `Obs: en kvarlämnad låsfil från en avbruten körning (process ${what.holder.pid}, som inte längre finns) togs bort.`
        : `Obs: en oläslig kvarlämnad låsfil (${lock}) togs bort.`,
    );
  }
  return 'retry';
}

/**
 * Runs a takeover holding the lock's guard, made like the lock itself: this run's temp file
 * hard-linked to the guard's name. 'busy' while another run holds it (a guard whose run is gone
 * is cleared on the way, so the next try can take it).
 */
function underGuard<T>(
  lock: string,
  temp: string,
  content: string,
  takeover: () => T,
): T | 'busy' | { problem: string } {
  const guard = guardOf(lock);
  try {
    linkSync(temp, guard);
  } catch (e) {
    if (codeOf(e) !== 'EEXIST') return { problem: lockProblem(e, guard) };
    clearStaleGuard(guard);
    return 'busy';
  }
  try {
    return takeover();
  } finally {
    // Only our own guard: one that a run judged stale (held too long) may be another's by now.
    if (readText(guard) === content) unlinkSync(guard);
  }
}

/** Removes a guard left by a run that was killed during its takeover. True when one was removed. */
function clearStaleGuard(guard: string): boolean {
  let info;
  try {
    info = lstatSync(guard);
  } catch {
    return false;
  }
  const text = info.isFile() ? readText(guard) : null;
  if (text === null) return false;
  const holder = holderOf(text);
  const gone = holder !== null && holder.host === hostname() && !alive(holder.pid);
  if (!gone && Date.now() - info.mtimeMs < GUARD_STALE_MS) return false;
  return displace(guard, (moved) => readText(moved) === text) === 'removed';
}

/**
 * The temp files an interrupted run leaves beside the workbook (killed while taking the lock or
 * while saving): `.FILE.lock.<pid>.<hex>.ny|gammal` and `.FILE.<pid>.<hex>.tmp`. Removed by the
 * run that holds the lock, when their process no longer exists.
 */
function clearLeftovers(real: string, own: string, notes: string[]): void {
  const base = basename(real).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(
    `^\\.${base}\\.(?:lock\\.(\\d+)\\.[0-9a-f]{12}\\.(?:ny|gammal)|(\\d+)\\.[0-9a-f]{8}\\.tmp)$`,
  );
  let names: string[];
  try {
    names = readdirSync(dirname(real));
  } catch {
    return;
  }
  let removed = clearStaleGuard(guardOf(lockFileOf(real))) ? 1 : 0;
  for (const name of names) {
    const m = pattern.exec(name);
    const pid = Number(m?.[1] ?? m?.[2]);
    if (!m || name === own || alive(pid)) continue;
    try {
      unlinkSync(join(dirname(real), name));
      removed++;
    } catch {
      // gone already, or not ours to remove
    }
  }
  if (removed > 0)
    notes.push(
      `Obs: ${removed} ${removed === 1 ? 'tillfällig fil' : 'tillfälliga filer'} från en avbruten körning togs bort ur mappen ${dirname(real)}.`,
    );
}

function heldLock(lock: string, content: string, notes: string[], workbook: string, real: string): WorkbookLock {
  clearLeftovers(real, basename(lock), notes);
  const ours = (): boolean => {
    try {
      return readText(lock) === content;
    } catch {
      return false;
    }
  };
  return {
    path: lock,
    notes,
    verify() {
      if (!ours()) {
        throw new CliFailure(
          `Arbetsbokens lås (${lock}) togs över av en annan körning medan den här pågick. Arbetsboken ${workbook} sparades inte; kör igen när den andra körningen är klar.`,
        );
      }
    },
    release() {
      // Only our own lock is removed: one taken over by another run stays theirs.
      if (!ours()) return;
      try {
        unlinkSync(lock);
      } catch {
        // gone already
      }
    },
  };
}

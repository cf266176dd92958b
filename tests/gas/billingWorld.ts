// The Apps Script world the billing tests share: the built dist/gas/Code.js in node:vm over the
// fakes, with the audit log and protections a run expects, and what the tests read back from it.
import { expect } from 'vitest';
import { createGasEnvironment, type GasEnvironment } from './fakes';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CODE_PATH, exactJson, loadBundle, plain, warmLoader, type GasContext } from './harness';
import { standardTabs, toGasTabs, type Tabs } from '../fixtures/workbook';
import { CalendarDate, type CellValue } from '../../src/workbook/port';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import { LOG_HEADERS } from '../../src/workbook/schema';
import { PROTECTED_TABS } from '../../src/workbook/protection';
import { PROTECTION_DESCRIPTION } from '../../src/gas/protection';
import { readWorkbook } from '../../src/workbook/read';

export const REQUEST = { month: '2024-12', invoiceDate: '2024-12-20' };
export const MUTATING =
  /^(Spreadsheet|Sheet|Range|Protection)\.(set|insert|delete|clear|merge|breakApart|protect|hide|show|append|remove|add|copy|move|autoResize|sort)/;

// The crash tests load the bundle a few hundred times: load one copy of it, taken once.
export const codePath = join(mkdtempSync(join(tmpdir(), 'yrkesresan-billing-')), 'Code.js');
copyFileSync(CODE_PATH, codePath);

export interface World {
  env: GasEnvironment;
  ctx: GasContext;
}

/**
 * The workbook with an audit log tab already there, so that its rows are plain appends, and the
 * protected tabs protected as a run with Administratörer blank leaves them (warning only), so
 * that a run changes no protection of theirs (protection.test.ts tests the synchronisation).
 */
export function world(
  tabs: Tabs = standardTabs(),
  options: Parameters<typeof createGasEnvironment>[0] = {},
  load: (env: GasEnvironment) => GasContext = (env) => loadBundle(env, { codePath }),
): World {
  const env = createGasEnvironment({ tabs: toGasTabs({ ...tabs, Logg: [[...LOG_HEADERS]] }), ...options });
  env.spreadsheet.protectTabs(PROTECTED_TABS, { warningOnly: true, description: PROTECTION_DESCRIPTION });
  return { env, ctx: load(env) };
}

/**
 * Worlds for a loop over hundreds of them: every one gets the same warm context (harness.ts
 * warmLoader), its own workbook and services. A reference world for comparison comes from world().
 */
export function warmWorlds(): (tabs?: Tabs) => World {
  const load = warmLoader({ codePath });
  return (tabs = standardTabs()) => world(tabs, {}, load);
}

export const inLog = (target: string | undefined) => target === 'Logg' || (target ?? '').startsWith('Logg!');

/** Mutating calls outside the audit log (which every refused or written run appends to). */
export function mutations(env: GasEnvironment): string[] {
  return env.tracker.log.filter((c) => MUTATING.test(c.kind) && !inLog(c.target)).map((c) => c.kind);
}

/** The mutating calls of a run up to its commit point, the write of its Fakturor rows (Logg's row follows). */
export function mutationsUpToCommit(env: GasEnvironment): string[] {
  const all = env.tracker.log.filter((c) => MUTATING.test(c.kind));
  let commit = -1;
  all.forEach((c, i) => {
    if (c.kind === 'Range.setValues' && (c.target ?? '').startsWith('Fakturor!')) commit = i;
  });
  return all.slice(0, commit + 1).map((c) => c.kind);
}

/** Åtgärd and Resultat of each Logg row. */
export function logRowsOf(env: GasEnvironment): string[][] {
  return env.spreadsheet
    .read('Logg')
    .slice(1)
    .map((r) => [String(r[2]), String(r[4])]);
}

/** Every tab's values but the audit log's, in this realm (Dates as ISO strings in Stockholm). */
export function allValues(env: GasEnvironment): Record<string, unknown[][]> {
  const out: Record<string, unknown[][]> = {};
  for (const name of env.spreadsheet.tabNames())
    if (name !== 'Logg') out[name] = env.spreadsheet.read(name).map((r) => r.map(cellOf));
  return out;
}

export const stockholm = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
export function cellOf(v: unknown): CellValue {
  if (Object.prototype.toString.call(v) === '[object Date]') return new CalendarDate(stockholm.format(v as Date));
  return v as CellValue;
}

/** The workbook as the product reads it (orphans of an interrupted run read as blank / absent). */
export function logicalState(env: GasEnvironment): string {
  const tabs: Record<string, CellValue[][]> = {};
  for (const name of env.spreadsheet.tabNames()) tabs[name] = env.spreadsheet.read(name).map((r) => r.map(cellOf));
  const snap = readWorkbook(new MemoryWorkbook(tabs));
  const { attendance, trainers, ledger } = snap.input;
  return JSON.stringify({
    attendance: attendance.map((a) => [a.ref.tab, a.ref.row, a.invoiceNumber]),
    trainers: trainers.map((t) => [t.ref.row, t.payoutInvoice]),
    invoices: ledger.invoices.map(({ ref: _ref, ...rest }) => rest),
    lines: ledger.lines.map(({ ref: _ref, ...rest }) => rest),
  });
}

export function registerRows(env: GasEnvironment): unknown[][] {
  return env.spreadsheet
    .read('Fakturor')
    .slice(1)
    .map((r) => r.map(cellOf).map(String));
}

export function tryCall(fn: () => unknown): { value?: any; error?: Error } {
  try {
    return { value: plain(fn()) };
  } catch (e) {
    return { error: e as Error };
  }
}

const expectedJson = new WeakMap<object, string | undefined>();

/**
 * expect(actual).toEqual(expected) for every tab's values, answered by their JSON: toEqual walks
 * every cell of every tab, a tenth of a crash test's time, so it runs only to show a difference.
 * `expected` is serialised once (it is the same reference for every crash point).
 */
export function expectSameValues(actual: object, expected: object): void {
  if (!expectedJson.has(expected)) expectedJson.set(expected, exactJson(expected));
  const json = expectedJson.get(expected);
  // Values JSON would not carry exactly (exactJson: -0, NaN, undefined …) are left to toEqual.
  if (json === undefined || exactJson(actual) !== json) expect(actual).toEqual(expected);
}

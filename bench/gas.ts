/**
 * The built Apps Script project (dist/gas/Code.js) in node:vm with the fakes: a full billing run
 * (billingPreview, then billingConfirm with the preview's fingerprint, as the dialog does) and
 * the custom functions, with every service call counted by kind.
 */
import { join } from 'node:path';
import { createGasEnvironment, type GasEnvironment } from '../tests/gas/fakes';
import { loadBundle, type GasContext } from '../tests/gas/harness';
import { toHostDates, zonedMidnight, type GeneratedWorkbook } from './generate';
import { MEMBERS } from '../src/workbook/schema';

export interface CountedCall {
  calls: Record<string, number>;
  /** getValues per tab (the tab part of the call's target). */
  readsByTab: Record<string, number>;
  cellsRead: number; // values read (getValues …)
  cellsWritten: number; // values written (setValues …)
  formatCells: number; // cells of grid-shaped format calls (setNumberFormats, setFontWeights, getNumberFormats …)
  cpuMs: number;
}

export interface BillingThroughBundle {
  preview: CountedCall;
  confirm: CountedCall;
  result: { written: boolean; invoices: number; errors: string[]; message: string };
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

export function gasWorld(wb: GeneratedWorkbook, root: string): { env: GasEnvironment; ctx: GasContext } {
  const tabs = Object.fromEntries(wb.tabs.map((t) => [t.name, toHostDates(t.rows)]));
  // Paths from the repository root: this module also runs bundled into dist/bench.
  const env = createGasEnvironment({
    tabs,
    htmlDir: join(root, 'dist/gas'),
    manifestPath: join(root, 'dist/gas/appsscript.json'),
  });
  const ctx = loadBundle(env, { codePath: join(root, 'dist/gas/Code.js') });
  return { env, ctx };
}

/** The size of a call's target ('Tab!A1:F100' → 600 cells); 1 when it has none. */
function cellsOf(target: string | undefined): number {
  if (!target) return 0;
  const range = target.includes('!') ? target.slice(target.lastIndexOf('!') + 1) : target;
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(range);
  if (!m) return 0;
  const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  if (!m[3]) return 1;
  return (Math.abs(Number(m[4]) - Number(m[2])) + 1) * (Math.abs(col(m[3]) - col(m[1])) + 1);
}

const READS = new Set(['Range.getValues', 'Range.getDisplayValues', 'Range.getFormulas']);
const WRITES = new Set(['Range.setValues', 'Range.setFormulas']);
/** Range calls that carry one value per cell: their cost grows with the cells like setValues. */
const GRID_FORMATS =
  /^Range\.(setNumberFormats|setFontWeights|setFontStyles|setFontSizes|setFontColors|setBackgrounds|setHorizontalAlignments|setVerticalAlignments|setWraps|setDataValidations|getNumberFormats|getBackgrounds|getFontWeights)$/;

/** Runs fn with a fresh count of calls; the counts, reads per tab and cells moved. */
export function counted(env: GasEnvironment, fn: () => void): CountedCall {
  env.tracker.reset();
  const start = process.cpuUsage();
  fn();
  const cpu = cpuMs(process.cpuUsage(start));
  const readsByTab: Record<string, number> = {};
  let cellsRead = 0,
    cellsWritten = 0,
    formatCells = 0;
  for (const { kind, target } of env.tracker.log) {
    if (READS.has(kind)) {
      const tab = target?.includes('!')
        ? target.slice(0, target.lastIndexOf('!')).replace(/^'|'$/g, '')
        : String(target ?? '?');
      readsByTab[tab] = (readsByTab[tab] ?? 0) + 1;
      cellsRead += cellsOf(target);
    }
    if (WRITES.has(kind)) cellsWritten += cellsOf(target);
    if (GRID_FORMATS.test(kind)) formatCells += cellsOf(target);
  }
  return { calls: { ...env.calls }, readsByTab, cellsRead, cellsWritten, formatCells, cpuMs: cpu };
}

/** Preview, then confirm with the preview's fingerprint, through the bundle's top-level functions. */
export function billThroughBundle(wb: GeneratedWorkbook, root: string): BillingThroughBundle {
  const { env, ctx } = gasWorld(wb, root);
  let fingerprint = '';
  const preview = counted(env, () => {
    fingerprint = String(ctx.billingPreview({ ...wb.run }).fingerprint ?? '');
  });
  let view: any = null;
  const confirm = counted(env, () => {
    view = ctx.billingConfirm({ ...wb.run, fingerprint });
  });
  return {
    preview,
    confirm,
    result: {
      written: !!view?.written,
      invoices: Array.isArray(view?.invoices) ? view.invoices.length : 0,
      errors: Array.isArray(view?.errors)
        ? view.errors.map((e: any) => `${e.tab} ${e.row ?? ''} ${e.column}: ${e.message}`)
        : [],
      message: String(view?.message ?? ''),
    },
  };
}

export interface CustomFunctionCall {
  formula: string;
  rows: number;
  call: CountedCall;
  ok: boolean;
  error?: string;
}

/** Each custom function over a 14-row range (one row per member), as Sheets calls it. */
export function customFunctionsThroughBundle(wb: GeneratedWorkbook, root: string): CustomFunctionCall[] {
  const { env, ctx } = gasWorld(wb, root);
  const names = MEMBERS.map((m) => [m.name]);
  const courses = wb.tabs.find((t) => t.name === 'Kurser')!.rows.slice(1);
  const courseIds = MEMBERS.map((_, i) => [courses[i % courses.length][0]]);
  const from = zonedMidnight('2024-01-01', 'Europe/Stockholm');
  const to = zonedMidnight('2024-12-31', 'Europe/Stockholm');
  const cases: [string, string, unknown[]][] = [
    ['FASTKOSTNAD(kommun; 2025)', 'FASTKOSTNAD', [names, 2025]],
    ['DAGAVGIFT(kurs-id)', 'DAGAVGIFT', [courseIds]],
    ['DELTAGARDAGAR(kommun; från; till)', 'DELTAGARDAGAR', [names, from, to]],
    ['RORLIGKOSTNAD(kommun; från; till)', 'RORLIGKOSTNAD', [names, from, to]],
    ['UTBILDARPOTT(2024; kommun)', 'UTBILDARPOTT', [2024, names]],
  ];
  return cases.map(([formula, fn, args]) => {
    let ok = true,
      error: string | undefined;
    let result: unknown;
    const call = counted(env, () => {
      try {
        result = env.asCustomFunction(() => ctx[fn](...args));
      } catch (e) {
        ok = false;
        error = e instanceof Error ? e.message : String(e);
      }
    });
    const rows = Array.isArray(result) ? result.length : 1;
    return { formula, rows, call, ok, error };
  });
}

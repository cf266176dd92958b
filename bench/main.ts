/**
 * The benchmark (npm run bench). Prints figures; asserts nothing about time. See
 * docs/PERFORMANCE.md for what each figure means and the latest results.
 *
 * Options: --sizes 1000,10000,100000   --skip-cli   --skip-gas   --reps N (engine repetitions)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateWorkbook, writeXlsx, type GeneratedWorkbook } from './generate';
import { minimumForRun, timeAppRun, timeEngine } from './engine';
import { billThroughBundle, customFunctionsThroughBundle, type BillingThroughBundle, type CustomFunctionCall } from './gas';
import { callCategory, categorize, spreadsheetCalls, type MinimumCalls } from './minimum';

// bench/main.ts is bundled into dist/bench/main.mjs: the repository is two levels up from either.
const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Latency model for the estimate of Apps Script wall time. Sources (APPS-SCRIPT-FACTS.md, "Speed",
 * and one more measurement):
 *  - Google's best-practices page: 100×100 cells set one call at a time ≈ 70 s → ≈ 7 ms per call;
 *  - a published answer: one setValues of 4 000 cells < 50 ms → < 12.5 µs per cell written;
 *  - qiita.com/shi-suzuki/items/d23c6c7e4a0bbe2831af: getValues of 120 000 rows × 2 columns of
 *    plain text took 7.38 s → ≈ 31 µs per cell read, the slowest per-cell figure we found.
 * Conservative model (the verdict): 100 ms per service call of any kind (14× the 7 ms) plus 31 µs
 * per cell of every grid-shaped call (values read or written, and format grids such as
 * setNumberFormats, assumed to cost what values cost), plus the JavaScript CPU measured here.
 * Optimistic model (for comparison): 7 ms per call plus 12.5 µs per cell.
 */
export const MS_PER_CALL = 100;
export const MS_PER_CELL = 0.031;
export const MS_PER_CALL_OPTIMISTIC = 7;
export const MS_PER_CELL_OPTIMISTIC = 0.0125;

const TARGET = {
  callRatio: 1.2,
  engineMs100k: 1000,
  appsScriptS100k: 60,
  cliRatio: 1.5,
  codeKb: 150,
};

const verdicts: { target: string; ok: boolean; detail: string }[] = [];
function verdict(target: string, ok: boolean, detail: string): string {
  verdicts.push({ target, ok, detail });
  return ok ? 'PASS' : 'MISS';
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (n: number, d = 0) => n.toLocaleString('sv-SE', { minimumFractionDigits: d, maximumFractionDigits: d }).replace(/\u00a0/g, ' ');
const ms = (n: number) => (n >= 10_000 ? `${fmt(n / 1000, 1)} s` : `${fmt(n, n < 10 ? 1 : 0)} ms`);
const pad = (s: string | number, w: number) => String(s).padStart(w);
const padEnd = (s: string | number, w: number) => String(s).padEnd(w);

function table(head: string[], rows: (string | number)[][], firstWidth?: number): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  if (firstWidth) widths[0] = Math.max(widths[0], firstWidth);
  const line = (r: (string | number)[]) => r.map((c, i) => (i === 0 ? padEnd(c, widths[i]) : pad(c, widths[i]))).join('  ');
  console.log('  ' + line(head));
  for (const r of rows) console.log('  ' + line(r));
}

function machine(): string {
  let model = cpus()[0]?.model ?? '?';
  try {
    model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model;
  } catch {
    /* not Linux */
  }
  let nproc = String(cpus().length);
  try {
    nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    /* keep os.cpus() */
  }
  const load = loadavg().map((x) => fmt(x, 1)).join(' / ');
  return `${nproc} CPU (${model}), ${fmt(totalmem() / 2 ** 30, 1)} GiB memory (${fmt(freemem() / 2 ** 30, 1)} free), node ${process.version}, ${process.platform}; load average ${load} (1/5/15 min)`;
}

function options(argv: string[]) {
  const get = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    sizes: (get('--sizes') ?? '1000,10000,100000').split(',').map(Number),
    skipCli: argv.includes('--skip-cli'),
    skipGas: argv.includes('--skip-gas'),
    reps: Number(get('--reps') ?? 5),
  };
}

export async function main(argv: string[]): Promise<number> {
  const opt = options(argv);
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'yrkesresan-bench-'));
  console.log(`Yrkesresan benchmark, ${new Date().toISOString()}`);
  console.log(`Machine: ${machine()}`);
  console.log(`Build under test: dist/gas/Code.js and bin/yrkesresan.js (dist/cli) of ${root}`);

  // ---- workbooks ----
  console.log('\n== Workbooks (bench/generate.ts, deterministic) ==');
  const books = new Map<number, GeneratedWorkbook>();
  const rows: (string | number)[][] = [];
  for (const n of opt.sizes) {
    const t = Date.now();
    const wb = generateWorkbook(n);
    books.set(n, wb);
    rows.push([fmt(n), wb.attendanceTabs.length, wb.attendanceTabs.map((name) => wb.tabs.find((x) => x.name === name)!.rows.length - 1).join('+'), fmt(wb.courses), fmt(wb.trainerRows), wb.tabs.length, `${wb.run.month} / ${wb.run.invoiceDate}`, ms(Date.now() - t)]);
  }
  table(['attendance rows', 'Närvaro tabs', 'rows per tab', 'courses', 'trainer rows', 'tabs', 'run (month / date)', 'generated in'], rows);
  const largest = Math.max(...opt.sizes), smallest = Math.min(...opt.sizes);

  // ---- Code.js ----
  console.log('\n== dist/gas/Code.js ==');
  const codeBytes = statSync(join(root, 'dist/gas/Code.js')).size;
  console.log(`  ${fmt(codeBytes / 1024, 1)} KB (${fmt(codeBytes)} bytes)   target ≤ ${TARGET.codeKb} KB: ${verdict(`Code.js ≤ ${TARGET.codeKb} KB`, codeBytes <= TARGET.codeKb * 1024, `${fmt(codeBytes / 1024, 1)} KB`)}`);

  // ---- engine ----
  console.log(`\n== Engine: readWorkbook + validateRun + planRun on in-memory data (CPU, ${opt.reps} repetitions) ==`);
  const engine = new Map<number, number>();
  const appRun = new Map<number, number>();
  const minimum = new Map<number, MinimumCalls & { invoices: number; written: boolean }>();
  {
    const rows: (string | number)[][] = [];
    for (const n of opt.sizes) {
      const timing = timeEngine(books.get(n)!, opt.reps);
      const med = median(timing.cpuMs);
      engine.set(n, med);
      minimum.set(n, minimumForRun(books.get(n)!));
      appRun.set(n, median(timeAppRun(books.get(n)!, n >= 100_000 ? 1 : Math.min(opt.reps, 3))));
      const phase = (k: 'read' | 'validate' | 'plan') => ms(median(timing.phases.map((p) => p[k])));
      rows.push([fmt(n), ms(med), ms(Math.min(...timing.cpuMs)), ms(Math.max(...timing.cpuMs)), phase('read'), phase('validate'), phase('plan'), ms(appRun.get(n)!), timing.plan.invoices.length, fmt(timing.plan.attendanceStamps.length), fmt(timing.plan.trainerStamps.length), `${timing.errors}/${timing.warnings}`]);
    }
    table(['attendance rows', 'median CPU', 'min', 'max', 'readWorkbook', 'validateRun', 'planRun', 'whole run (app)', 'invoices', 'attendance stamps', 'trainer stamps', 'errors/warnings'], rows);
    console.log('  (whole run (app) = previewBilling + runBilling on the in-memory workbook: what billingConfirm computes, without a host)');
    const e = engine.get(largest)!;
    if (largest >= 100_000) console.log(`  target ≤ ${TARGET.engineMs100k} ms for ${fmt(largest)} rows: ${verdict('engine ≤ 1 s for 100 000 rows', e <= TARGET.engineMs100k, ms(e))}`);
  }

  // ---- Apps Script ----
  const gas = new Map<number, BillingThroughBundle>();
  let custom = new Map<number, CustomFunctionCall[]>();
  if (!opt.skipGas) {
    console.log('\n== Billing run through dist/gas/Code.js in node:vm with the fakes ==');
    console.log('  billingPreview, then billingConfirm with the preview\'s fingerprint (as the dialog does). Calls of billingConfirm:');
    for (const n of opt.sizes) {
      try {
        const r = billThroughBundle(books.get(n)!, root);
        gas.set(n, r);
        if (!r.result.written) console.log(`  ${fmt(n)} rows: NOT WRITTEN: ${r.result.message} ${r.result.errors.slice(0, 5).join('; ')}`);
      } catch (e) {
        console.log(`  ${fmt(n)} rows: the run failed: ${e instanceof Error ? e.stack : String(e)}`);
      }
    }
    if (gas.size) printCalls(gas, minimum, opt.sizes, smallest, largest);

    console.log('\n== Custom functions over a 14-row range (one call each, through the bundle, read-only mode) ==');
    for (const n of opt.sizes) {
      try {
        custom.set(n, customFunctionsThroughBundle(books.get(n)!, root));
      } catch (e) {
        console.log(`  ${fmt(n)} rows: failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    printCustom(custom, opt.sizes, smallest, largest);

    console.log('\n== Estimated Apps Script wall time of billingConfirm ==');
    console.log(`  conservative = service calls × ${MS_PER_CALL} ms + cells × ${fmt(MS_PER_CELL * 1000)} µs + JavaScript CPU of the run here`);
    console.log('    100 ms per call of any kind: 14× the ≈7 ms per call of Google\'s example (100×100 cells set one by one ≈ 70 s);');
    console.log('    31 µs per cell of every grid-shaped call (values read or written, format grids such as setNumberFormats):');
    console.log('    getValues of 120 000 × 2 text cells measured at 7.38 s (qiita.com/shi-suzuki/items/d23c6c7e4a0bbe2831af);');
    console.log('    JavaScript: previewBilling + runBilling on the in-memory workbook here (what billingConfirm computes).');
    console.log(`  optimistic = calls × ${MS_PER_CALL_OPTIMISTIC} ms + cells × ${fmt(MS_PER_CELL_OPTIMISTIC * 1000, 1)} µs (4 000-cell setValues < 50 ms) + the same JavaScript`);
    const rows: (string | number)[][] = [];
    for (const n of opt.sizes) {
      const r = gas.get(n);
      if (!r) continue;
      const calls = Object.values(r.confirm.calls).reduce((a, b) => a + b, 0);
      const cells = r.confirm.cellsRead + r.confirm.cellsWritten + r.confirm.formatCells;
      const js = appRun.get(n)!;
      const total = calls * MS_PER_CALL + cells * MS_PER_CELL + js;
      const optimistic = calls * MS_PER_CALL_OPTIMISTIC + cells * MS_PER_CELL_OPTIMISTIC + js;
      rows.push([fmt(n), fmt(calls), ms(calls * MS_PER_CALL), fmt(r.confirm.cellsRead), fmt(r.confirm.cellsWritten), fmt(r.confirm.formatCells), ms(cells * MS_PER_CELL), ms(js), ms(r.confirm.cpuMs), `${fmt(total / 1000, 1)} s`, `${fmt(optimistic / 1000, 1)} s`]);
      if (n === largest && n >= 100_000) {
        verdicts.push({
          target: 'estimated Apps Script time ≤ 60 s for 100 000 rows (conservative model)',
          ok: total / 1000 <= TARGET.appsScriptS100k,
          detail: `${fmt(total / 1000, 1)} s = ${fmt(calls)} calls × 100 ms + ${fmt(cells)} cells × 31 µs + ${ms(js)} JavaScript (optimistic: ${fmt(optimistic / 1000, 1)} s)`,
        });
      }
    }
    table(['attendance rows', 'calls', 'calls × 100 ms', 'values read', 'values written', 'format cells', 'cells × 31 µs', 'JavaScript', '(vm+fakes CPU)', 'conservative', 'optimistic'], rows);
    const last = verdicts.find((v) => v.target.startsWith('estimated'));
    if (last) console.log(`  target ≤ ${TARGET.appsScriptS100k} s for ${fmt(largest)} rows: ${last.ok ? 'PASS' : 'MISS'}`);
    const overLimit = rows.filter((r) => Number(String(r[9]).replace(/[^\d,]/g, '').replace(',', '.')) > 360).map((r) => r[0]);
    console.log(`  Apps Script's 6-minute execution limit (360 s) exceeded by the conservative estimate at: ${overLimit.length ? overLimit.join(', ') + ' rows' : 'no size'}`);
  }

  // ---- command line ----
  if (!opt.skipCli) {
    console.log('\n== Command line: bill vs ExcelJS alone (each a fresh node process; median) ==');
    console.log('  ExcelJS alone = bench/xlsx-roundtrip.mjs: Workbook.xlsx.readFile + writeFile of the same file.');
    console.log('  CPU = the process\'s own user+system time (bench/cpu-report.mjs), insensitive to other jobs on the machine;');
    console.log('  the verdict uses CPU; wall time is shown beside it.');
    const rows: (string | number)[][] = [];
    for (const n of opt.sizes) {
      const wb = books.get(n)!;
      const source = join(work, `workbook-${n}.xlsx`);
      const t = Date.now();
      await writeXlsx(wb, source);
      const writeMs = Date.now() - t;
      const reps = n >= 100_000 ? 1 : n >= 10_000 ? 2 : 3;
      const excel: Timed[] = [], cli: Timed[] = [];
      let status = 'ok';
      for (let i = 0; i < reps; i++) {
        excel.push(timed([join(root, 'bench/xlsx-roundtrip.mjs'), source, join(work, `roundtrip-${n}.xlsx`)]));
        const copy = join(work, `bill-${n}-${i}.xlsx`);
        const out = join(work, `out-${n}-${i}`);
        copyFileSync(source, copy);
        const r = timed([join(root, 'bin/yrkesresan.js'), 'bill', '--workbook', copy, '--month', wb.run.month, '--date', wb.run.invoiceDate, '--out', out]);
        cli.push(r);
        if (r.status !== 0) status = `exit ${r.status}: ${r.stderr.trim().split('\n').slice(0, 3).join(' | ')}`;
        else if (existsSync(join(out, 'invoices.json'))) {
          const count = JSON.parse(readFileSync(join(out, 'invoices.json'), 'utf8')).invoices?.length ?? 0;
          status = `${count} invoices, ${readdirSafe(join(out, 'pdf'))} PDFs`;
        }
        rmSync(out, { recursive: true, force: true });
        rmSync(copy, { force: true });
      }
      const eCpu = median(excel.map((x) => x.cpuMs)), cCpu = median(cli.map((x) => x.cpuMs));
      const eWall = median(excel.map((x) => x.ms)), cWall = median(cli.map((x) => x.ms));
      const ratio = cCpu / eCpu;
      rows.push([fmt(n), `${fmt(statSync(source).size / 1024)} KB`, ms(writeMs), ms(eCpu), ms(cCpu), `${fmt(ratio, 2)}×`, ms(eWall), ms(cWall), `${fmt(cWall / eWall, 2)}×`, verdict(`CLI bill ≤ 1.5 × ExcelJS read+write, CPU (${fmt(n)} rows)`, ratio <= TARGET.cliRatio && status.endsWith('PDFs'), `${ms(cCpu)} / ${ms(eCpu)} = ${fmt(ratio, 2)}× (wall ${fmt(cWall / eWall, 2)}×)`), status]);
    }
    table(['attendance rows', '.xlsx', 'generated', 'ExcelJS CPU', 'CLI CPU', 'ratio', 'ExcelJS wall', 'CLI wall', 'ratio', '≤ 1.5×', 'result'], rows);
  }

  console.log('\n== Targets ==');
  for (const v of verdicts) console.log(`  ${v.ok ? 'PASS' : 'MISS'}  ${v.target}: ${v.detail}`);
  console.log(`\nBenchmark took ${ms(Date.now() - started)}; load average at the end ${loadavg().map((x) => fmt(x, 1)).join(' / ')}.`);
  rmSync(work, { recursive: true, force: true });
  return 0;
}

interface Timed {
  ms: number; // wall
  cpuMs: number; // the child's own CPU (NaN when it did not report)
  status: number | null;
  stderr: string;
}

/** Runs a node script in a fresh process with the CPU reporter preloaded. */
function timed(args: string[]): Timed {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(join(root, 'bench/cpu-report.mjs')).href, ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const wall = Number(process.hrtime.bigint() - t) / 1e6;
  const cpu = /BENCH_CPU_MS ([\d.]+)/.exec(r.stderr ?? '');
  return { ms: wall, cpuMs: cpu ? Number(cpu[1]) : NaN, status: r.status, stderr: (r.stderr ?? '').replace(/\n?BENCH_CPU_MS [\d.]+\n?/, '') };
}

function readdirSafe(dir: string): number {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.pdf')).length;
  } catch {
    return 0;
  }
}

const CATEGORIES = ['session', 'reads', 'readHandles', 'writes', 'formats', 'structure', 'rangeHandles'] as const;
const CATEGORY_NAMES: Record<string, string> = {
  session: 'session (spreadsheet, sheets, names)',
  reads: 'cell reads (getValues)',
  readHandles: 'read handles (getDataRange, getSheetByName)',
  writes: 'cell writes (setValues)',
  formats: 'formats, styles, merges, widths',
  structure: 'insert/clear sheets',
  rangeHandles: 'range handles (getRange)',
  other: 'other services (lock, session, urls …)',
};

function printCalls(gas: Map<number, BillingThroughBundle>, minimum: Map<number, MinimumCalls & { invoices: number }>, sizes: number[], smallest: number, largest: number): void {
  const kinds = [...new Set([...gas.values()].flatMap((r) => Object.keys(r.confirm.calls)))].sort((a, b) => (callCategory(a) + a).localeCompare(callCategory(b) + b));
  const present = sizes.filter((n) => gas.has(n));
  table(
    ['call', ...present.map((n) => `${fmt(n)} rows`)],
    kinds.map((k) => [k, ...present.map((n) => gas.get(n)!.confirm.calls[k] ?? 0)]),
    44,
  );
  console.log('\n  By category, beside the minimum derived from the tabs read and the blocks written (bench/minimum.ts):');
  const byCat = new Map(present.map((n) => [n, categorize(gas.get(n)!.confirm.calls)]));
  table(
    ['category', ...present.flatMap((n) => [`${fmt(n)} rows`, 'minimum'])],
    [...CATEGORIES, 'other' as const].map((c) => [CATEGORY_NAMES[c], ...present.flatMap((n) => [byCat.get(n)![c] ?? 0, c === 'other' ? '–' : (minimum.get(n)?.[c] ?? '?')])]),
    44,
  );
  const sheetCalls = (n: number) => spreadsheetCalls(gas.get(n)!.confirm.calls);
  const allCalls = (n: number) => Object.values(gas.get(n)!.confirm.calls).reduce((s, v) => s + v, 0);
  table(
    ['', ...present.flatMap((n) => [`${fmt(n)} rows`, 'minimum'])],
    [
      ['SpreadsheetApp calls', ...present.flatMap((n) => [sheetCalls(n), minimum.get(n)?.total ?? '?'])],
      ['all service calls', ...present.flatMap((n) => [allCalls(n), '–'])],
      ['cells read', ...present.flatMap((n) => [fmt(gas.get(n)!.confirm.cellsRead), '–'])],
      ['cells written', ...present.flatMap((n) => [fmt(gas.get(n)!.confirm.cellsWritten), '–'])],
      ['invoices', ...present.flatMap((n) => [gas.get(n)!.result.invoices, minimum.get(n)?.invoices ?? '?'])],
      ['billingPreview calls (own execution)', ...present.flatMap((n) => [Object.values(gas.get(n)!.preview.calls).reduce((s, v) => s + v, 0), '–'])],
    ],
    44,
  );
  for (const n of present) {
    const twice = Object.entries(gas.get(n)!.confirm.readsByTab).filter(([, c]) => c > 1);
    if (twice.length) console.log(`  ${fmt(n)} rows: tabs read more than once by billingConfirm: ${twice.map(([t, c]) => `${t} ×${c}`).join(', ')}`);
    const portTwice = Object.entries(minimum.get(n)?.repeatedReads ?? {});
    if (portTwice.length) console.log(`  ${fmt(n)} rows: tabs read more than once through the port by runBilling: ${portTwice.map(([t, c]) => `${t} ×${c}`).join(', ')}`);
  }
  if (gas.has(smallest) && gas.has(largest) && smallest !== largest) {
    const a = gas.get(smallest)!.confirm.calls, b = gas.get(largest)!.confirm.calls;
    const differing = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => (a[k] ?? 0) !== (b[k] ?? 0));
    console.log(`  identical counts for ${fmt(smallest)} and ${fmt(largest)} rows: ${verdict(`service calls identical for ${fmt(smallest)} and ${fmt(largest)} rows`, differing.length === 0, differing.length ? `differ: ${differing.map((k) => `${k} ${a[k] ?? 0}→${b[k] ?? 0}`).join(', ')}` : 'identical')}${differing.length ? ` (differ: ${differing.map((k) => `${k} ${a[k] ?? 0}→${b[k] ?? 0}`).join(', ')})` : ''}`);
  }
  const n = largest;
  if (gas.has(n) && minimum.get(n)) {
    const ratio = sheetCalls(n) / minimum.get(n)!.total;
    console.log(`  SpreadsheetApp calls / minimum at ${fmt(n)} rows: ${fmt(ratio, 2)}, target ≤ ${TARGET.callRatio}: ${verdict(`service calls ≤ 1.2 × minimum (${fmt(n)} rows)`, ratio <= TARGET.callRatio, `${sheetCalls(n)} / ${minimum.get(n)!.total} = ${fmt(ratio, 2)}`)}`);
  }
}

function printCustom(custom: Map<number, CustomFunctionCall[]>, sizes: number[], smallest: number, largest: number): void {
  const present = sizes.filter((n) => custom.has(n));
  if (!present.length) return;
  const formulas = custom.get(present[0])!.map((c) => c.formula);
  const total = (c: CustomFunctionCall) => Object.values(c.call.calls).reduce((s, v) => s + v, 0);
  // The same conservative model as the billing run, against the 30 s limit of one custom-function call.
  const estimate = (c: CustomFunctionCall) => (total(c) * MS_PER_CALL + (c.call.cellsRead + c.call.formatCells) * MS_PER_CELL + c.call.cpuMs) / 1000;
  table(
    ['formula', ...present.flatMap((n) => [`calls ${fmt(n)}`, `cells read`, `CPU (vm)`, `est. s`])],
    formulas.map((f, i) => [
      f,
      ...present.flatMap((n) => {
        const c = custom.get(n)![i];
        return [c.ok ? total(c) : `error: ${c.error}`, fmt(c.call.cellsRead), ms(c.call.cpuMs), fmt(estimate(c), 1)];
      }),
    ]),
  );
  console.log('  est. s = calls × 100 ms + cells × 31 µs + CPU, the conservative model; Sheets stops a custom-function call after 30 s.');
  const big = custom.get(largest);
  if (big && largest >= 100_000) {
    const worst = Math.max(...big.map(estimate));
    verdicts.push({ target: `custom functions within 30 s per call at ${fmt(largest)} rows (conservative model, not one of the given targets)`, ok: worst <= 30, detail: `slowest ${fmt(worst, 1)} s` });
  }
  const a = custom.get(smallest), b = custom.get(largest);
  if (a && b && smallest !== largest) {
    const same = a.every((c, i) => JSON.stringify(c.call.calls) === JSON.stringify(b[i].call.calls));
    const ok = a.every((c) => c.ok) && b.every((c) => c.ok);
    console.log(`  calls identical for ${fmt(smallest)} and ${fmt(largest)} rows: ${verdict(`custom-function calls identical for ${fmt(smallest)} and ${fmt(largest)} rows`, same && ok, same && ok ? 'identical' : 'differ or fail')}`);
    for (const c of b) {
      const twice = Object.entries(c.call.readsByTab).filter(([, k]) => k > 1);
      if (twice.length) console.log(`  ${c.formula}: tabs read more than once: ${twice.map(([t, k]) => `${t} ×${k}`).join(', ')}`);
    }
    console.log(`  kinds: ${[...new Set(b.flatMap((c) => Object.keys(c.call.calls)))].sort().join(', ')}`);
  }
}

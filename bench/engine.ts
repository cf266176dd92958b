/**
 * The engine alone, on in-memory data: readWorkbook (cells → records, errors), validateRun and
 * planRun, timed with process.cpuUsage. Also replays the whole run (app/bill.ts) on a recording
 * workbook to derive the minimum Apps Script calls (bench/minimum.ts).
 */
import { previewBilling, runBilling } from '../src/app/bill';
import { planRun } from '../src/core/plan';
import { validateRun } from '../src/core/validate';
import type { RunPlan, RunRequest } from '../src/core/types';
import { MemoryWorkbook } from '../tests/fixtures/memoryPort';
import { readWorkbook } from '../src/workbook/read';
import type { GeneratedWorkbook } from './generate';
import { minimumCalls, RecordingWorkbook, type MinimumCalls } from './minimum';

export function tabsOf(wb: GeneratedWorkbook): Record<string, GeneratedWorkbook['tabs'][number]['rows']> {
  return Object.fromEntries(wb.tabs.map((t) => [t.name, t.rows]));
}

export interface EngineTiming {
  cpuMs: number[]; // user + system CPU per repetition
  /** Per repetition: readWorkbook, validateRun, planRun. */
  phases: { read: number; validate: number; plan: number }[];
  plan: RunPlan;
  errors: number;
  warnings: number;
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

/** readWorkbook + validateRun + planRun, `repetitions` times on fresh in-memory copies. */
export function timeEngine(wb: GeneratedWorkbook, repetitions: number): EngineTiming {
  const run: RunRequest = wb.run;
  const times: number[] = [];
  const phases: EngineTiming['phases'] = [];
  let plan: RunPlan | null = null;
  let errors = 0,
    warnings = 0;
  for (let i = 0; i < repetitions; i++) {
    const port = new MemoryWorkbook(tabsOf(wb)); // copying the cells is not the engine's work
    const start = process.cpuUsage();
    const snapshot = readWorkbook(port);
    const afterRead = process.cpuUsage(start);
    const input = { ...snapshot.input, run };
    const issues = [...snapshot.issues, ...validateRun(input)];
    const afterValidate = process.cpuUsage(start);
    const planned = planRun(input);
    const total = process.cpuUsage(start);
    times.push(cpuMs(total));
    phases.push({
      read: cpuMs(afterRead),
      validate: cpuMs(afterValidate) - cpuMs(afterRead),
      plan: cpuMs(total) - cpuMs(afterValidate),
    });
    plan = planned;
    errors = issues.filter((x) => x.severity === 'error').length;
    warnings = issues.length - errors;
  }
  return { cpuMs: times, phases, plan: plan!, errors, warnings };
}

/** Runs the whole billing use case on a recording workbook and derives the minimum calls. */
export function minimumForRun(wb: GeneratedWorkbook): MinimumCalls & { invoices: number; written: boolean } {
  const book = new RecordingWorkbook(tabsOf(wb));
  const outcome = runBilling(book, wb.run);
  const min = minimumCalls(book, wb.tabs.length);
  return { ...min, invoices: outcome.plan?.invoices.length ?? 0, written: outcome.written };
}

/**
 * The JavaScript of billingConfirm without any host: previewBilling (the check against the
 * previewed plan) and runBilling (plan again, lay out, write) on an in-memory workbook.
 */
export function timeAppRun(wb: GeneratedWorkbook, repetitions: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const port = new MemoryWorkbook(tabsOf(wb));
    const start = process.cpuUsage();
    previewBilling(port, wb.run);
    const outcome = runBilling(port, wb.run);
    times.push(cpuMs(process.cpuUsage(start)));
    if (!outcome.written) throw new Error('the in-memory run wrote nothing');
  }
  return times;
}

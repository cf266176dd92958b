/** A billing run as pure data (SPEC §3): what to invoice, number, stamp and pay out. */
import type { Issue, RunInput, RunPlan } from './types';

/** Plans a run. The input is assumed valid (see validateRun). */
export function planRun(input: RunInput): RunPlan {
  throw new Error('not implemented');
}
/** Domain rules that span records: fixed-cost sums, org numbers where needed, duplicates and dates outside course dates (warnings), the run month. */
export function validateRun(input: RunInput): Issue[] {
  throw new Error('not implemented');
}

/** The billing run, written once for both hosts: read → validate → plan → write. */
import type { Issue, RunPlan, RunRequest } from '../core/types';
import type { WorkbookPort } from '../workbook/port';

export interface BillOptions {
  /** E-mail of the person running it; checked against the Administratörer setting when given. */
  user?: string;
  /** The run will also send: addresses needed for sending are validated as errors. */
  forSending?: boolean;
}

export interface BillOutcome {
  plan: RunPlan | null; // null when there are errors
  issues: Issue[]; // every error and warning
  written: boolean; // true only when the run was written to the workbook
  sheets: string[]; // names of the invoice sheets written
}

/** Reads and plans; writes nothing. */
export function previewBilling(port: WorkbookPort, run: RunRequest, options: BillOptions = {}): BillOutcome {
  throw new Error('not implemented');
}

/** Reads, plans and, when there is no error, writes the run in its crash-consistent order. */
export function runBilling(port: WorkbookPort, run: RunRequest, options: BillOptions = {}): BillOutcome {
  throw new Error('not implemented');
}

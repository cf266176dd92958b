/**
 * A batch, prepared once before anything is sent: the request checked (register, user, test
 * recipient, quota) and each selected invoice either made a job or skipped with its reason.
 */
import { isPaymentStatus } from '../../core/payments';
import type { Municipality, RegisteredInvoice } from '../../core/types';
import { isEmail } from '../../workbook/cells';
import type { SheetDocument, WorkbookPort } from '../../workbook/port';
import { readWorkbook, type WorkbookSnapshot } from '../../workbook/read';
import {
  blockingErrors,
  creditedProblem,
  findMunicipality,
  interruptedProblem,
  isSendingStatus,
  isSentStatus,
  sendProblem,
  userProblem,
  type Input,
} from './eligibility';
import { reviewedDocument } from './document';
import type { SendItemResult, SendReport } from './types';

export interface Job {
  invoice: RegisteredInvoice;
  municipality: Municipality | undefined;
  /** The invoice sheet as reviewed, already compared with the register: what becomes the PDF. */
  doc: SheetDocument;
}

export interface Batch {
  snapshot: WorkbookSnapshot;
  input: Input;
  jobs: Job[];
  results: SendItemResult[]; // skipped ones, decided up front
  test: boolean;
  resend: boolean;
  testRecipient: string;
  now: () => Date;
  deadline: number;
}

export interface BatchRequest {
  numbers: string[];
  test: boolean;
  user?: string;
  testRecipient?: string;
  now?: () => Date;
  deadline?: number;
  resend?: boolean;
  /** Who is named in Logg; default `user`. */
  logUser?: string;
}

export function refused(test: boolean, message: string, results: SendItemResult[] = []): SendReport {
  return { ok: false, test, message, results, sent: 0, failed: 0, skipped: results.length };
}

/** Why an invoice's status keeps it from this send (a plain send, Skicka igen or a test), or null. */
function statusProblem(invoice: RegisteredInvoice, request: BatchRequest): string | null {
  if (request.test) return null;
  if (!request.resend && isSentStatus(invoice.status)) {
    const when = invoice.sent ? ` ${invoice.sent}` : '';
    const to = invoice.recipient ? ` till ${invoice.recipient}` : '';
    const paid = isPaymentStatus(invoice.status) ? ` och ${invoice.status.trim().toLowerCase()}` : '';
    return `Redan skickad${when}${to}${paid}. Använd Skicka igen för att skicka den på nytt.`;
  }
  if (!request.resend && isSendingStatus(invoice.status)) return interruptedProblem(invoice);
  if (request.resend && !isSentStatus(invoice.status) && !isSendingStatus(invoice.status))
    return 'Fakturan är inte skickad än: använd Skicka.';
  return null;
}

/** A registered invoice made a job, or the reason it is skipped. */
function jobOf(
  port: WorkbookPort,
  snapshot: WorkbookSnapshot,
  request: BatchRequest,
  invoice: RegisteredInvoice,
): Job | string {
  const input = snapshot.input;
  const problem =
    creditedProblem(input, invoice) || statusProblem(invoice, request) || sendProblem(snapshot, invoice, request.test);
  if (problem) return problem;
  // Each sheet read once, here: a sheet that no longer agrees with the register is not sent (SPEC §2.7).
  const reviewed = reviewedDocument(port, input, invoice, snapshot.layout.tabNames);
  if (reviewed.doc === null) return reviewed.problem;
  return { invoice, municipality: findMunicipality(input, invoice.municipality), doc: reviewed.doc };
}

/** The selected numbers, each once, made jobs or skipped with their reason. */
function selection(
  port: WorkbookPort,
  snapshot: WorkbookSnapshot,
  request: BatchRequest,
): { jobs: Job[]; results: SendItemResult[] } {
  const byNumber = new Map(snapshot.input.ledger.invoices.map((i) => [i.number, i]));
  const jobs: Job[] = [];
  const results: SendItemResult[] = [];
  const numbers = new Set(request.numbers.map((raw) => String(raw).trim()).filter(Boolean));
  for (const number of numbers) {
    const invoice = byNumber.get(number);
    if (!invoice) {
      results.push({
        number,
        municipality: '',
        outcome: 'skipped',
        reason: `Fakturan ${number} finns inte i fliken Fakturor.`,
      });
      continue;
    }
    const job = jobOf(port, snapshot, request, invoice);
    if (typeof job === 'string')
      results.push({ number, municipality: invoice.municipality, outcome: 'skipped', reason: job });
    else jobs.push(job);
  }
  return { jobs, results };
}

/** Nothing to send: every selected invoice was skipped, or none was selected. */
function nothingToSend(test: boolean, results: SendItemResult[]): SendReport {
  const lines = results.map(
    (r) => `${r.number}${r.municipality ? ` ${r.municipality}` : ''}: ${r.outcome === 'sent' ? '' : r.reason}`,
  );
  return {
    ok: results.length === 0,
    test,
    message: results.length ? ['Inget skickades.', ...lines].join('\n') : 'Inga fakturor valda.',
    results,
    sent: 0,
    failed: 0,
    skipped: results.length,
  };
}

/** The batch to run, or the report of why nothing will be sent: the request → the selection → the quota. */
export function prepareBatch(port: WorkbookPort, request: BatchRequest, quota: () => number): Batch | SendReport {
  const { test } = request;
  const user = (request.user ?? '').trim();
  const snapshot = readWorkbook(port);
  const errors = blockingErrors(snapshot);
  if (errors.length) return refused(test, `Inget skickades.\n${errors.join('\n')}`);
  const input = snapshot.input;
  const notAllowed = userProblem(input.settings, request.user);
  if (notAllowed) return refused(test, notAllowed);
  const testRecipient = (request.testRecipient ?? '').trim() || user;
  if (test && !isEmail(testRecipient)) {
    return refused(test, 'Testutskick går inte: din e-postadress kan inte avgöras.');
  }
  const { jobs, results } = selection(port, snapshot, request);
  if (jobs.length === 0) return nothingToSend(test, results);
  // One recipient per message: the quota must cover the whole batch, or nothing is sent.
  const left = Math.floor(quota());
  if (jobs.length > left) {
    return refused(
      test,
      `Dagens e-postkvot räcker inte: ${jobs.length} ${jobs.length === 1 ? 'e-postmeddelande' : 'e-postmeddelanden'} behövs men bara ${Math.max(0, left)} får skickas i dag. Välj färre fakturor eller skicka resten i morgon. Inget skickades.`,
      results,
    );
  }
  return {
    snapshot,
    input,
    jobs,
    results,
    test,
    resend: !!request.resend,
    testRecipient,
    now: request.now ?? (() => new Date()),
    deadline: request.deadline ?? Number.POSITIVE_INFINITY,
  };
}

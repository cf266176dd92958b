/**
 * Kreditera faktura (SPEC §8), written once for both hosts: read → refuse or plan → write. Like
 * billing, a credit with any error writes nothing, and its writes are ordered so that a crash
 * at any point leaves the register without the credit note or with all of it (see
 * workbook/writeCredit.ts).
 */
import { creditRefusal, planCredit, type CreditPlan, type CreditRefusal, type CreditRequest } from '../core/credit';
import type { Issue } from '../core/types';
import type { SheetDocument, WorkbookPort } from '../workbook/port';
import { readWorkbook, type WorkbookSnapshot } from '../workbook/read';
import { TAB } from '../workbook/schema';
import { sheetConflicts } from '../workbook/write';
import { creditNoteSheet, writeCredit, type CreditSheet } from '../workbook/writeCredit';
import { characterList } from '../workbook/pdf/drawable';
import { undrawableCharacters } from '../workbook/pdf/writer';
import { mayAdminister, orderIssues } from './bill';
import { formatKronor } from '../core/format';
import { buyersOf, coursesOf, recordText } from './documentRecord';
import { appendLog, errorsDetails, LOG_ACTION, LOG_RESULT, thrownText } from './log';

/** Where request problems are reported (the request is not a tab of the workbook). */
export const CREDIT_TAB = 'Kreditering';

export interface CreditOptions {
  /** E-mail of the person crediting; checked against Administratörer when given. */
  user?: string;
  /**
   * runCredit only: called with the plan after validation and before anything is written. It may
   * throw to abort with nothing written (e.g. when the plan is not the one previewed).
   */
  confirm?: (plan: CreditPlan) => void;
  /**
   * runCredit only: who is named in Logg; default `user`. A credit that writes, one that is
   * refused and one cut short by the host each append a row to Logg (SPEC §4).
   */
  logUser?: string;
}

export interface CreditOutcome {
  plan: CreditPlan | null; // null when refused
  issues: Issue[]; // every error and warning
  refusal: CreditRefusal | null;
  written: boolean;
  /** The credit note's sheet and document (null when refused). */
  readonly sheet: CreditSheet | null;
  snapshot: WorkbookSnapshot;
}

export function notAllowedToCredit(user: string): Issue {
  return {
    severity: 'error',
    tab: TAB.settings,
    column: 'Värde',
    value: user,
    message: `Endast administratörer (inställningen Administratörer) får kreditera fakturor. ${user || 'Du'} finns inte i listan; be en administratör lägga till dig eller kreditera fakturan.`,
  };
}

/** A refusal as an issue that names where the administrator looks. */
export function refusalIssue(refusal: CreditRefusal, snapshot: WorkbookSnapshot): Issue {
  switch (refusal.kind) {
    case 'unknown':
    case 'creditNote':
    case 'credited': {
      const row = snapshot.layout.invoiceRows[refusal.number];
      const issue: Issue = {
        severity: 'error',
        tab: snapshot.layout.invoices.tab,
        column: 'Fakturanummer',
        value: refusal.number,
        message: refusal.message,
      };
      if (row !== undefined) issue.row = row;
      return issue;
    }
    case 'date':
      return { severity: 'error', tab: CREDIT_TAB, column: 'Datum', value: refusal.date, message: refusal.message };
    case 'settings':
      return { severity: 'error', tab: TAB.settings, column: 'Värde', value: '', message: refusal.message };
  }
}

interface Prepared {
  snapshot: WorkbookSnapshot;
  plan: CreditPlan | null;
  refusal: CreditRefusal | null;
  issues: Issue[];
}

function prepare(port: WorkbookPort, request: CreditRequest, options: CreditOptions): Prepared {
  const snapshot = readWorkbook(port);
  const issues = [...snapshot.issues];
  const { input } = snapshot;
  if (options.user !== undefined && !mayAdminister(input.settings.administrators, options.user)) {
    issues.push(notAllowedToCredit(options.user));
  }
  const refusal = creditRefusal(input, request);
  if (refusal) issues.push(refusalIssue(refusal, snapshot));
  const undrawable = undrawableCharacters(request.reason);
  if (undrawable.length) {
    issues.push({
      severity: 'error',
      tab: CREDIT_TAB,
      column: 'Orsak',
      value: request.reason,
      message: `Orsaken har tecken som PDF-fakturans typsnitt saknar: ${characterList(undrawable)}. Skriv den med andra tecken (till exempel med latinska bokstäver).`,
    });
  }
  if (issues.some((i) => i.severity === 'error')) return { snapshot, plan: null, refusal, issues: orderIssues(issues) };
  const plan = planCredit(input, request);
  if (plan.kind === 'new') issues.push(...sheetConflicts(snapshot.layout, [plan.note]));
  if (issues.some((i) => i.severity === 'error')) return { snapshot, plan: null, refusal, issues: orderIssues(issues) };
  return { snapshot, plan, refusal: null, issues: orderIssues(issues) };
}

function outcome(p: Prepared, written: boolean, drawn?: CreditSheet): CreditOutcome {
  let sheet: CreditSheet | null | undefined = drawn;
  return {
    plan: p.plan,
    issues: p.issues,
    refusal: p.refusal,
    written,
    get sheet() {
      return (sheet ??= p.plan ? creditNoteSheet(p.plan, p.snapshot.input) : null);
    },
    snapshot: p.snapshot,
  };
}

/** Reads and plans; writes nothing. */
export function previewCredit(port: WorkbookPort, request: CreditRequest, options: CreditOptions = {}): CreditOutcome {
  return outcome(prepare(port, request, options), false);
}

/** Logg's Detaljer of a credit: the request, and what the credit note does. */
export function creditDetails(request: CreditRequest, plan: CreditPlan | null): string {
  const reason = request.reason.trim() ? `, orsak: ${request.reason.trim()}` : '';
  if (!plan) return `Faktura ${request.invoice.trim()}, datum ${request.date}${reason}`;
  const { note, credited, pot, released } = plan;
  const fixed = released.fixedYears.length > 0 ? `, fast kostnad ${released.fixedYears.join(', ')}` : '';
  return (
    `${plan.kind === 'complete' ? 'Slutförd: ' : ''}Kreditfaktura ${note.number} krediterar ${credited.number} ` +
    `(${note.municipality}, ${credited.invoiceDate}, ${formatKronor(credited.total)}), datum ${note.invoiceDate}, ` +
    `belopp ${formatKronor(note.total)}${reason}; utbildarpotten ${formatKronor(pot.balanceBefore)} före, ` +
    `${formatKronor(pot.balanceAfter)} efter; faktureras på nytt: ${released.attendance.length} närvarorader, ` +
    `${released.trainers.length} utbildarrader${fixed}.`
  );
}

/** Reads, plans and, when nothing refuses it, writes the credit in its crash-consistent order; logs it. */
export function runCredit(port: WorkbookPort, request: CreditRequest, options: CreditOptions = {}): CreditOutcome {
  const user = options.logUser ?? options.user ?? '';
  const log = (details: string, result: string) =>
    appendLog(port, { action: LOG_ACTION.credit, user, details, result });
  const p = prepare(port, request, options);
  if (!p.plan) {
    log(errorsDetails(creditDetails(request, null), p.issues), LOG_RESULT.refused);
    return outcome(p, false);
  }
  if (options.confirm) {
    try {
      options.confirm(p.plan);
    } catch (e) {
      log(`${creditDetails(request, null)}: ${thrownText(e)}`, LOG_RESULT.refused);
      throw e;
    }
  }
  let sheet: CreditSheet;
  try {
    sheet = writeCredit(port, p.snapshot, p.plan);
  } catch (e) {
    log(`${creditDetails(request, p.plan)} Avbröts: ${thrownText(e)}`, LOG_RESULT.failed);
    throw e;
  }
  // The seller's details and the reason as drawn on the credit note's sheet (documentRecord.ts).
  log(
    creditDetails(request, p.plan) +
      recordText(
        p.snapshot.input.settings,
        buyersOf(p.snapshot.input.municipalities, [p.plan.note]),
        coursesOf(p.snapshot.input.courses, [p.plan.note]),
        p.plan.note.creditOf?.reason ?? '',
      ),
    LOG_RESULT.done,
  );
  return outcome(p, true, sheet);
}

export type { CreditPlan, CreditRequest, SheetDocument };

/**
 * "Kreditera faktura" as the dialog sees it (SPEC §6, §8), over the port alone: the register's
 * documents to choose from (credited ones and credit notes shown, not selectable, with why), a
 * preview of the credit note exactly as it will be written (its sheet's text, lines, total,
 * what is billed again, what happens to the trainer pot), and a confirmation that writes only
 * the previewed credit, recognised by its fingerprint. Plain JSON throughout: google.script.run
 * carries neither Decimal nor Date. The host adds the lock, the user and sheet links.
 */
import { inSwedish } from './googleErrors';
import { isIsoDate } from '../core/dates';
import { isCreditNote, creditedInvoices } from '../core/ledgerState';
import { money2, type Decimal } from '../core/money';
import type { CreditPlan, CreditRequest } from '../core/credit';
import { formatMoney } from '../workbook/format';
import { documentToLines } from '../workbook/documentText';
import { creditsText, documentTitle, totalLabel } from '../workbook/invoiceSheet';
import type { WorkbookPort } from '../workbook/port';
import { readWorkbook } from '../workbook/read';
import { generalError, issueView, lineView, type IssueView, type LineView } from './billingView';
import { previewCredit, runCredit, type CreditOutcome } from '../app/credit';
import { creditFingerprint } from '../app/planFingerprint';

export const CREDIT_CHANGED_MESSAGE =
  'Uppgifterna i kalkylarket har ändrats sedan förhandsgranskningen. Förhandsgranska krediteringen igen innan du bekräftar.';
export const CREDIT_INTERRUPTED_MESSAGE =
  'Krediteringen avbröts innan den blev klar. En kreditfaktura räknas som skapad först när den står i fliken Fakturor. ' +
  'Välj samma faktura, förhandsgranska och bekräfta igen: det som inte blev klart görs då färdigt.';
const FIX_ERRORS_MESSAGE = 'Inget har skrivits: rätta felen och förhandsgranska igen.';
/** The longest reason kept: it is printed on the credit note and in the e-mail. */
export const MAX_REASON_LENGTH = 500;

export interface Money {
  amount: string; // '-308292.00'
  text: string; // '-308 292,00 kr'
}

const money = (d: Decimal): Money => ({ amount: money2(d), text: formatMoney(d) });

// ---------------------------------------------------------------------------------------------
// The list

export interface CreditChoice {
  number: string;
  municipality: string;
  period: string;
  invoiceDate: string;
  total: Money;
  status: string;
  kind: 'invoice' | 'creditNote';
  selectable: boolean;
  /** Why it cannot be chosen ('' when it can); for an interrupted credit, what choosing it does. */
  note: string;
}

export interface CreditListView {
  today: string;
  invoices: CreditChoice[]; // newest first
  errors: IssueView[]; // problems that stop every credit (a broken ledger)
}

/** The register's documents, newest first, each with whether and why it may be credited. */
export function creditList(port: WorkbookPort, today: string): CreditListView {
  const snapshot = readWorkbook(port);
  const { ledger } = snapshot.input;
  const credited = creditedInvoices(ledger);
  const invoices = ledger.invoices.map((doc): CreditChoice => {
    const base = {
      number: doc.number,
      municipality: doc.municipality,
      period: doc.period,
      invoiceDate: doc.invoiceDate,
      total: money(doc.total),
      status: doc.status,
    };
    if (isCreditNote(doc)) {
      return {
        ...base,
        kind: 'creditNote',
        selectable: false,
        note: `Kreditfaktura som krediterar ${(doc.credits ?? '').trim()}. En kreditfaktura kan inte krediteras.`,
      };
    }
    const by = credited.get(doc.number);
    if (by === undefined) return { ...base, kind: 'invoice', selectable: true, note: '' };
    if ((doc.creditedBy ?? '').trim() === by)
      return { ...base, kind: 'invoice', selectable: false, note: `Redan krediterad av ${by}.` };
    return {
      ...base,
      kind: 'invoice',
      selectable: true,
      note: `Krediteringen med ${by} avbröts innan den blev klar. Välj fakturan för att slutföra den.`,
    };
  });
  const errors = snapshot.issues
    .filter((i) => i.severity === 'error' && (i.check !== undefined || i.tab === snapshot.layout.invoices.tab))
    .map(issueView);
  return { today, invoices: invoices.reverse(), errors };
}

// ---------------------------------------------------------------------------------------------
// The request

export interface CreditDialogRequest extends CreditRequest {
  fingerprint: string;
}

/** Checks what the dialog sent; the date defaults to today (SPEC §8). Refusals are Swedish. */
export function parseCreditRequest(request: unknown, today: string): CreditDialogRequest {
  if (request === null || typeof request !== 'object') throw new Error('Välj en faktura att kreditera.');
  const r = request as Record<string, unknown>;
  const text = (v: unknown): string =>
    typeof v === 'string' ? v.trim() : v === undefined || v === null ? '' : String(v).trim();
  const invoice = text(r.invoice);
  if (invoice === '') throw new Error('Välj en faktura att kreditera.');
  const date = text(r.date) || today;
  if (!isIsoDate(date))
    throw new Error(`Kreditfakturans datum måste vara ett datum skrivet ÅÅÅÅ-MM-DD (fick "${date}").`);
  const reason = text(r.reason).replace(/\s+/g, ' ');
  if (reason.length > MAX_REASON_LENGTH)
    throw new Error(`Orsaken får vara högst ${MAX_REASON_LENGTH} tecken (den är ${reason.length}).`);
  return { invoice, date, reason, fingerprint: typeof r.fingerprint === 'string' ? r.fingerprint : '' };
}

// ---------------------------------------------------------------------------------------------
// The preview

export interface CreditNoteView {
  number: string;
  municipality: string;
  invoiceDate: string;
  dueDate: string;
  ocr: string;
  period: string;
  title: string; // 'Kreditfaktura'
  credits: string; // 'Krediterar faktura YR-2024-0009 av 2024-05-20'
  reason: string;
  totalLabel: 'Att betala' | 'Att erhålla';
  total: Money; // signed, as registered
  amountText: string; // the amount after the label, positive
  lines: LineView[];
  sheet: string;
}

export interface CreditPreviewView {
  ok: boolean;
  kind: 'new' | 'complete' | '';
  fingerprint: string;
  request: CreditRequest;
  credited: CreditChoice | null;
  note: CreditNoteView | null;
  /** The credit note's sheet, line by line, as it will be written (and made into its PDF). */
  document: string[];
  released: { attendanceRows: number; trainerRows: number; fixedYears: number[]; text: string } | null;
  pot: { before: Money; collected: Money; paidOut: Money; after: Money; text: string } | null;
  errors: IssueView[];
  warnings: IssueView[];
}

function releasedText(plan: CreditPlan): string {
  const { attendance, trainers, fixedYears } = plan.released;
  const parts: string[] = [];
  if (attendance.length > 0)
    parts.push(`${attendance.length} ${attendance.length === 1 ? 'närvarorad' : 'närvarorader'}`);
  if (fixedYears.length > 0) parts.push(`fast kostnad för ${fixedYears.join(', ')}`);
  if (trainers.length > 0)
    parts.push(
      `${trainers.length} ${trainers.length === 1 ? 'utbildarrad' : 'utbildarrader'} (betalas ut ur potten vid nästa decemberkörning)`,
    );
  if (parts.length === 0) return 'Inget faktureras på nytt.';
  return `Faktureras på nytt vid nästa Kör fakturering, under nya nummer: ${parts.join(', ')}. Rätta raderna först om något var fel.`;
}

function potText(plan: CreditPlan): string {
  const { collected, paidOut, balanceBefore, balanceAfter } = plan.pot;
  const parts: string[] = [];
  if (!collected.isZero())
    parts.push(
      `Utbildarpotten lämnar tillbaka ${formatMoney(collected.abs())}, pottdelen av de krediterade kursavgifterna.`,
    );
  if (!paidOut.isZero()) parts.push(`Utbetalningen ur potten på ${formatMoney(paidOut.abs())} återförs till potten.`);
  if (parts.length === 0) return `Utbildarpotten påverkas inte (${formatMoney(balanceBefore)}).`;
  parts.push(`Potten: ${formatMoney(balanceBefore)} före, ${formatMoney(balanceAfter)} efter.`);
  return parts.join(' ');
}

function noteView(outcome: CreditOutcome, plan: CreditPlan): CreditNoteView {
  const note = plan.note;
  return {
    number: note.number,
    municipality: note.municipality,
    invoiceDate: note.invoiceDate,
    dueDate: note.dueDate,
    ocr: note.ocr,
    period: note.period,
    title: documentTitle(note),
    credits: note.creditOf ? creditsText(note.creditOf) : '',
    reason: note.creditOf?.reason ?? '',
    totalLabel: totalLabel(note),
    total: money(note.total),
    amountText: formatMoney(note.total.abs()),
    lines: note.lines.map((l) => lineView(l, outcome.snapshot.input)),
    sheet: outcome.sheet?.sheet ?? '',
  };
}

function choiceOf(plan: CreditPlan): CreditChoice {
  const c = plan.credited;
  return {
    number: c.number,
    municipality: c.municipality,
    period: c.period,
    invoiceDate: c.invoiceDate,
    total: money(c.total),
    status: c.status,
    kind: 'invoice',
    selectable: true,
    note: '',
  };
}

/** A planned credit (or its refusal) as the dialog shows it. */
export function creditPreviewView(request: CreditRequest, outcome: CreditOutcome): CreditPreviewView {
  const errors = outcome.issues.filter((i) => i.severity === 'error').map(issueView);
  const warnings = outcome.issues.filter((i) => i.severity !== 'error').map(issueView);
  const plan = errors.length === 0 ? outcome.plan : null;
  const empty = {
    ok: false,
    kind: '' as const,
    fingerprint: '',
    request,
    credited: null,
    note: null,
    document: [],
    released: null,
    pot: null,
  };
  if (!plan || !outcome.sheet) {
    if (errors.length === 0) errors.push(generalError('Krediteringen kunde inte planeras.'));
    return { ...empty, errors, warnings };
  }
  const { pot, released } = plan;
  return {
    ok: true,
    kind: plan.kind,
    fingerprint: creditFingerprint(plan),
    request,
    credited: choiceOf(plan),
    note: noteView(outcome, plan),
    document: documentToLines(outcome.sheet.doc),
    released: {
      attendanceRows: released.attendance.length,
      trainerRows: released.trainers.length,
      fixedYears: [...released.fixedYears],
      text: releasedText(plan),
    },
    pot: {
      before: money(pot.balanceBefore),
      collected: money(pot.collected),
      paidOut: money(pot.paidOut),
      after: money(pot.balanceAfter),
      text: potText(plan),
    },
    errors,
    warnings,
  };
}

export interface CreditOptionsView {
  user?: string;
  logUser?: string;
  sheetUrl?: (sheet: string) => string;
}

/** Plans the credit and describes it; writes nothing. */
export function previewCreditView(
  port: WorkbookPort,
  request: CreditRequest,
  options: CreditOptionsView = {},
): CreditPreviewView {
  const plain = { invoice: request.invoice, date: request.date, reason: request.reason };
  return creditPreviewView(plain, previewCredit(port, plain, { user: options.user }));
}

// ---------------------------------------------------------------------------------------------
// The confirmation

export interface CreditConfirmView {
  written: boolean;
  message: string;
  number: string; // the credit note's number ('' when nothing was written)
  credits: string;
  municipality: string;
  totalLabel: 'Att betala' | 'Att erhålla' | '';
  amountText: string;
  sheet: string;
  url: string;
  errors: IssueView[];
}

/**
 * Writes the previewed credit. Refuses (throws CREDIT_CHANGED_MESSAGE) when the plan differs
 * from the previewed one; returns the errors when the credit is refused. The port should read
 * each tab once (ReadOncePort) and the host holds its lock around the call.
 */
export function confirmCreditView(
  port: WorkbookPort,
  request: CreditDialogRequest,
  options: CreditOptionsView = {},
): CreditConfirmView {
  const plain = { invoice: request.invoice, date: request.date, reason: request.reason };
  let changed = false;
  const confirm = (plan: CreditPlan): void => {
    if (request.fingerprint && creditFingerprint(plan) !== request.fingerprint) {
      changed = true;
      throw new Error(CREDIT_CHANGED_MESSAGE);
    }
  };
  let outcome: CreditOutcome;
  try {
    outcome = runCredit(port, plain, { user: options.user, logUser: options.logUser, confirm });
  } catch (e) {
    if (changed) throw e;
    throw new Error(`${CREDIT_INTERRUPTED_MESSAGE} (${inSwedish(e)})`);
  }
  const errors = outcome.issues.filter((i) => i.severity === 'error').map(issueView);
  const plan = outcome.plan;
  if (!outcome.written || !plan || !outcome.sheet) {
    return {
      written: false,
      message: FIX_ERRORS_MESSAGE,
      number: '',
      credits: plain.invoice,
      municipality: '',
      totalLabel: '',
      amountText: '',
      sheet: '',
      url: '',
      errors,
    };
  }
  const note = plan.note;
  const sheet = outcome.sheet.sheet;
  const done = plan.kind === 'complete' ? 'Krediteringen är slutförd' : 'Kreditfakturan är skapad';
  return {
    written: true,
    message: `${done}: ${note.number} krediterar ${plan.credited.number} (${note.municipality}). Skicka den med Skicka fakturor; faktura ${plan.credited.number} har nu status Krediterad.`,
    number: note.number,
    credits: plan.credited.number,
    municipality: note.municipality,
    totalLabel: totalLabel(note),
    amountText: formatMoney(note.total.abs()),
    sheet,
    url: (options.sheetUrl ?? (() => ''))(sheet),
    errors: [],
  };
}

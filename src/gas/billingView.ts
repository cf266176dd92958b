/**
 * "Kör fakturering" as the dialog sees it (SPEC §6: a preview of exactly what will happen before
 * anything is written), over the port alone. The request is checked and given its defaults, a
 * run is planned and described as plain JSON (strings for amounts: google.script.run carries
 * neither Decimal nor Date), and a confirmation writes only the plan that was previewed, which
 * it recognises by the plan's fingerprint. The host adds the lock, the user and sheet links.
 */
import { inSwedish } from './googleErrors';
import { isIsoDate } from '../core/dates';
import { formatKronor } from '../core/format';
import { money2, sum, ZERO, type Decimal } from '../core/money';
import { isRunMonth } from '../core/validate';
import type { InvoiceLine, Issue, RunInput, RunPlan, RunRequest } from '../core/types';
import { formatMoney, formatNumber } from '../workbook/format';
import { invoiceSheetName, lineTableDescription, TO_PAY, TO_RECEIVE } from '../workbook/invoiceSheet';
import type { WorkbookPort } from '../workbook/port';
import { previewBilling, runBilling, type BillOutcome } from '../app/bill';
import { planFingerprint } from '../app/planFingerprint';

export const INTERRUPTED_MESSAGE =
  'Faktureringen avbröts innan den blev klar. En faktura räknas som skapad först när den står i fliken Fakturor. ' +
  'Förhandsgranska och bekräfta igen: det som inte blev klart faktureras då med samma nummer.';
export const CHANGED_MESSAGE =
  'Uppgifterna i kalkylarket har ändrats sedan förhandsgranskningen. Förhandsgranska igen innan du fakturerar.';
const FIX_ERRORS_MESSAGE = 'Inget har skrivits: rätta felen och förhandsgranska igen.';
const NOTHING_NEW_MESSAGE = 'Det finns inget nytt att fakturera för perioden. Inga fakturor skapades.';

// ---------------------------------------------------------------------------------------------
// What the dialog receives

export interface IssueView {
  severity: 'error' | 'warning';
  tab: string;
  row: number | null;
  column: string;
  value: string;
  message: string;
  /** A link to the cell, set by a host that can give one (Apps Script: '#gid=…&range=A1'). */
  url?: string;
}

export interface LineView {
  kind: 'variable' | 'fixed' | 'trainerPot';
  description: string;
  quantity: string; // '28', '2.5'; '' for the fixed line
  quantityText: string; // '28', '2,5'
  unitPrice: string; // '1550.00'; '' when the line has none
  unitPriceText: string; // '1 550,00 kr'
  amount: string; // '43400.00'
  amountText: string; // '43 400,00 kr'
}

export interface InvoiceView {
  number: string;
  municipality: string;
  socialChief: string;
  recipient: string; // the municipality's E-post
  invoiceDate: string;
  dueDate: string;
  ocr: string;
  credit: boolean;
  totalLabel: 'Att betala' | 'Att erhålla';
  net: string;
  netText: string;
  vat: string;
  vatText: string;
  total: string;
  totalText: string;
  /** The amount after totalLabel, never negative: "Att erhålla 1 516,67 kr", as on the document (SPEC §3.6). */
  amountText: string;
  lines: LineView[];
  attendanceRows: number;
  trainerRows: number;
}

export interface PotView {
  balanceBefore: string;
  balanceBeforeText: string;
  collected: string;
  collectedText: string;
  paidOut: string;
  paidOutText: string;
  carriedOver: string;
  carriedOverText: string;
  /** Before + collected − paid out: what the pot holds once the run is written. */
  after: string;
  afterText: string;
  /** One sentence on what happens to the pot, e.g. 'I potten efter körningen: 168 200,00 kr, betalas ut i december.' */
  summary: string;
}

export interface PreviewView {
  ok: boolean; // a plan exists and nothing blocks the run
  month: string;
  invoiceDate: string;
  cutOff: string;
  runId: string;
  fingerprint: string; // identifies the plan; a confirmation refuses another one
  invoices: InvoiceView[];
  grandTotal: string;
  grandTotalText: string;
  /** What the grand total means: 'Ni får in X kr från 7 kommuner och betalar ut Y kr till 7.' */
  grandTotalMeaning: string;
  pot: PotView | null;
  notes: string[];
  warnings: IssueView[];
  errors: IssueView[];
  attendanceStamps: number;
  trainerStamps: number;
  nothingToBill: boolean;
}

export interface WrittenInvoiceView {
  number: string;
  municipality: string;
  credit: boolean;
  totalLabel: 'Att betala' | 'Att erhålla';
  total: string;
  totalText: string;
  /** The amount after totalLabel, never negative (SPEC §3.6). */
  amountText: string;
  sheet: string;
  url: string; // a link to the invoice sheet, '' when the host cannot give one
}

export interface ConfirmView {
  written: boolean;
  message: string;
  month: string;
  invoiceDate: string;
  runId: string;
  invoices: WrittenInvoiceView[];
  pot: PotView | null;
  /** What the written invoices' totals mean together, as in the preview ('' when nothing was written). */
  grandTotalMeaning: string;
  notes: string[];
  warnings: IssueView[];
  errors: IssueView[];
}

/** What the dialog sends: the run, and with a confirmation the fingerprint of the previewed plan. */
export interface BillingRequest extends RunRequest {
  fingerprint: string;
}

// ---------------------------------------------------------------------------------------------
// The request

/** The run the dialog proposes: the nearest coming May or December, invoiced today. */
export function defaultRun(today: string): RunRequest {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return { month: `${year}-${month <= 5 ? '05' : '12'}`, invoiceDate: today };
}

/**
 * Checks what the dialog sent. A missing month or invoice date takes the dialog's default
 * (SPEC §3.2: the invoice date defaults to today); a wrong one is refused with a Swedish message.
 */
export function parseRequest(request: unknown, today: string): BillingRequest {
  if (request === null || typeof request !== 'object') {
    throw new Error('Ange faktureringsmånad (maj eller december) och fakturadatum.');
  }
  const r = request as Record<string, unknown>;
  const given = (v: unknown): string =>
    typeof v === 'string' ? v.trim() : v === undefined || v === null ? '' : String(v);
  const month = given(r.month) || defaultRun(today).month;
  const invoiceDate = given(r.invoiceDate) || today;
  if (!isRunMonth(month)) {
    throw new Error(
      `Faktureringsmånaden måste vara maj eller december, skriven ÅÅÅÅ-05 eller ÅÅÅÅ-12 (fick "${month}").`,
    );
  }
  if (!isIsoDate(invoiceDate)) {
    throw new Error(`Fakturadatumet måste vara ett datum skrivet ÅÅÅÅ-MM-DD (fick "${invoiceDate}").`);
  }
  const fingerprint = typeof r.fingerprint === 'string' ? r.fingerprint : '';
  return { month, invoiceDate, fingerprint };
}

// ---------------------------------------------------------------------------------------------
// Views

/** An error about the action as a whole, tied to no tab or cell. */
export function generalError(message: string): IssueView {
  return { severity: 'error', tab: '', row: null, column: '', value: '', message };
}

export function issueView(issue: Issue): IssueView {
  return {
    severity: issue.severity,
    tab: String(issue.tab ?? ''),
    row: typeof issue.row === 'number' ? issue.row : null,
    column: String(issue.column ?? ''),
    value: issue.value === undefined || issue.value === null ? '' : String(issue.value),
    message: String(issue.message ?? ''),
  };
}

export function lineView(line: InvoiceLine, input: Pick<RunInput, 'courses'> | null): LineView {
  const description = lineTableDescription(line, input?.courses ?? []);
  const amount = { amount: money2(line.amount), amountText: formatMoney(line.amount) };
  switch (line.kind) {
    case 'variable':
      return {
        kind: 'variable',
        description,
        quantity: line.quantity.toString(),
        quantityText: formatNumber(line.quantity),
        unitPrice: money2(line.unitPrice),
        unitPriceText: formatMoney(line.unitPrice),
        ...amount,
      };
    case 'fixed':
      return {
        kind: 'fixed',
        description,
        quantity: '',
        quantityText: '',
        unitPrice: '',
        unitPriceText: '',
        ...amount,
      };
    case 'trainerPot':
      return {
        kind: 'trainerPot',
        description,
        quantity: line.trainerDays.toString(),
        quantityText: formatNumber(line.trainerDays),
        unitPrice: '',
        unitPriceText: '',
        ...amount,
      };
  }
}

function potView(plan: RunPlan): PotView {
  const p = plan.pot;
  const after = p.balanceBefore.plus(p.collected).minus(p.paidOut);
  return {
    after: money2(after),
    afterText: formatKronor(after),
    summary: potSummary(plan.month, p.paidOut, after),
    balanceBefore: money2(p.balanceBefore),
    balanceBeforeText: formatMoney(p.balanceBefore),
    collected: money2(p.collected),
    collectedText: formatMoney(p.collected),
    paidOut: money2(p.paidOut),
    paidOutText: formatMoney(p.paidOut),
    carriedOver: money2(p.carriedOver),
    carriedOverText: formatMoney(p.carriedOver),
  };
}

/** A May run only collects; December pays the pot out, and what is left waits a year. */
function potSummary(month: string, paidOut: Decimal, after: Decimal): string {
  const left = `I potten efter körningen: ${formatKronor(after)}`;
  if (month.slice(5, 7) !== '12') return `${left}, betalas ut i december.`;
  if (after.isZero()) return paidOut.gt(0) ? `Hela potten betalas ut. ${left}.` : `${left}.`;
  return `${left}, sparas till nästa december.`;
}

function municipalities(n: number): string {
  return `${n} ${n === 1 ? 'kommun' : 'kommuner'}`;
}

/** The grand total in words: what comes in from how many municipalities, what goes out to how many. */
export function grandTotalMeaning(totals: readonly Decimal[]): string {
  const incoming = totals.filter((t) => t.gt(0));
  const outgoing = totals.filter((t) => t.lt(0));
  const parts: string[] = [];
  if (incoming.length) parts.push(`får in ${formatKronor(sum(incoming))} från ${municipalities(incoming.length)}`);
  if (outgoing.length)
    parts.push(`betalar ut ${formatKronor(sum(outgoing).abs())} till ${municipalities(outgoing.length)}`);
  return parts.length ? `Ni ${parts.join(' och ')}.` : '';
}

/** The view of a run that could not be planned: its errors and warnings only. */
function unplannedView(request: RunRequest, errors: IssueView[], warnings: IssueView[]): PreviewView {
  if (errors.length === 0) errors.push(generalError('Körningen kunde inte planeras.'));
  return {
    ok: false,
    month: request.month,
    invoiceDate: request.invoiceDate,
    cutOff: '',
    runId: '',
    fingerprint: '',
    invoices: [],
    grandTotal: money2(ZERO),
    grandTotalText: formatMoney(ZERO),
    grandTotalMeaning: '',
    pot: null,
    notes: [],
    warnings,
    errors,
    attendanceStamps: 0,
    trainerStamps: 0,
    nothingToBill: false,
  };
}

/** One planned invoice as the dialog lists it, with its municipality's recipient. */
function invoiceView(inv: RunPlan['invoices'][number], input: BillOutcome['input']): InvoiceView {
  const m = input?.municipalities.find((x) => x.name === inv.municipality);
  return {
    number: inv.number,
    municipality: inv.municipality,
    socialChief: m ? String(m.socialChief ?? '') : '',
    recipient: m ? String(m.email ?? '') : '',
    invoiceDate: inv.invoiceDate,
    dueDate: inv.dueDate,
    ocr: inv.ocr,
    credit: inv.credit,
    totalLabel: inv.credit ? TO_RECEIVE : TO_PAY,
    net: money2(inv.net),
    netText: formatMoney(inv.net),
    vat: money2(inv.vat),
    vatText: formatMoney(inv.vat),
    total: money2(inv.total),
    totalText: formatMoney(inv.total), // signed: the sum of the lines
    amountText: formatMoney(inv.total.abs()),
    lines: inv.lines.map((line) => lineView(line, input)),
    attendanceRows: inv.attendance.length,
    trainerRows: inv.trainerRows.length,
  };
}

/** Turns a planned (not written) run into what the dialog shows. */
export function previewView(request: RunRequest, outcome: BillOutcome): PreviewView {
  const errors = outcome.issues.filter((i) => i.severity === 'error').map(issueView);
  const warnings = outcome.issues.filter((i) => i.severity !== 'error').map(issueView);
  const plan = errors.length === 0 ? outcome.plan : null;
  if (!plan) return unplannedView(request, errors, warnings);
  const grandTotal = sum(plan.invoices.map((inv) => inv.total));
  return {
    ok: true,
    month: plan.month,
    invoiceDate: plan.invoiceDate,
    cutOff: plan.cutOff,
    runId: plan.runId,
    fingerprint: planFingerprint(plan),
    invoices: plan.invoices.map((inv) => invoiceView(inv, outcome.input)),
    grandTotal: money2(grandTotal),
    grandTotalText: formatMoney(grandTotal),
    grandTotalMeaning: grandTotalMeaning(plan.invoices.map((inv) => inv.total)),
    pot: potView(plan),
    notes: plan.notes.map(String),
    warnings,
    errors,
    attendanceStamps: plan.attendanceStamps.length,
    trainerStamps: plan.trainerStamps.length,
    nothingToBill: plan.invoices.length === 0,
  };
}

function notWritten(req: RunRequest, view: PreviewView, message: string): ConfirmView {
  return {
    written: false,
    message,
    month: req.month,
    invoiceDate: req.invoiceDate,
    runId: view.runId,
    invoices: [],
    pot: view.pot,
    grandTotalMeaning: '',
    notes: view.notes,
    warnings: view.warnings,
    errors: view.errors,
  };
}

function writtenView(
  req: RunRequest,
  outcome: BillOutcome,
  view: PreviewView,
  sheetUrl: (sheet: string) => string,
): ConfirmView {
  const plan = outcome.plan as RunPlan;
  const invoices = plan.invoices.map((inv): WrittenInvoiceView => {
    const sheet = outcome.documents.find((d) => d.invoice.number === inv.number)?.sheet ?? invoiceSheetName(inv);
    return {
      number: inv.number,
      municipality: inv.municipality,
      credit: inv.credit,
      totalLabel: inv.credit ? TO_RECEIVE : TO_PAY,
      total: money2(inv.total),
      totalText: formatMoney(inv.total),
      amountText: formatMoney(inv.total.abs()),
      sheet,
      url: sheet ? sheetUrl(sheet) : '',
    };
  });
  const count = invoices.length;
  return {
    written: true,
    message: `${count === 1 ? '1 faktura skapad' : `${count} fakturor skapade`} i körning ${plan.runId}.`,
    month: req.month,
    invoiceDate: req.invoiceDate,
    runId: plan.runId,
    invoices,
    pot: view.pot,
    grandTotalMeaning: grandTotalMeaning(plan.invoices.map((inv) => inv.total)),
    notes: view.notes,
    warnings: view.warnings,
    errors: [],
  };
}

// ---------------------------------------------------------------------------------------------
// The two steps of the dialog

export interface BillingOptions {
  /** E-mail of the person running it (checked against Administratörer). */
  user?: string;
  /** Who is named in Logg; default `user`. */
  logUser?: string;
  /** A link to a tab of the workbook, '' when the host has none. */
  sheetUrl?: (sheet: string) => string;
}

/** Plans the run and describes it; writes nothing. */
export function previewRun(port: WorkbookPort, request: RunRequest, options: BillingOptions = {}): PreviewView {
  const run: RunRequest = { month: request.month, invoiceDate: request.invoiceDate };
  return previewView(run, previewBilling(port, run, { user: options.user }));
}

/**
 * Bills the previewed run. Returns the errors when the data no longer validates; refuses
 * (throws CHANGED_MESSAGE) when the plan differs from the previewed one (request.fingerprint,
 * when given); writes nothing when there is nothing new. The port should read each tab once
 * (ReadOncePort), so that the plan checked and the plan written come from the same data, and
 * the host holds its lock around the call.
 */
export function confirmRun(port: WorkbookPort, request: BillingRequest, options: BillingOptions = {}): ConfirmView {
  const run: RunRequest = { month: request.month, invoiceDate: request.invoiceDate };
  // One run: the plan it would write is checked against the previewed one before any write.
  let changed = false;
  const confirm = (plan: RunPlan): void => {
    if (request.fingerprint && planFingerprint(plan) !== request.fingerprint) {
      changed = true;
      throw new Error(CHANGED_MESSAGE);
    }
  };
  let outcome: BillOutcome;
  try {
    outcome = runBilling(port, run, { user: options.user, logUser: options.logUser, confirm });
  } catch (e) {
    if (changed) throw e;
    throw interruptedError(e);
  }
  const done = previewView(run, outcome);
  if (!done.ok) return notWritten(run, done, FIX_ERRORS_MESSAGE);
  if (done.nothingToBill) return notWritten(run, done, NOTHING_NEW_MESSAGE);
  if (!outcome.written || !outcome.plan) return notWritten(run, done, FIX_ERRORS_MESSAGE);
  return writtenView(run, outcome, done, options.sheetUrl ?? (() => ''));
}

/**
 * A run cut short by the host (a quota, a timeout, a failed call) leaves nothing billed unless
 * its Fakturor rows were written, and the next run completes it: say so, with the cause.
 */
function interruptedError(e: unknown): Error {
  return new Error(`${INTERRUPTED_MESSAGE} (${inSwedish(e)})`);
}

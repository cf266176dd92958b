/**
 * "Kör fakturering" in the spreadsheet: the dialog, its preview and its confirmation.
 *
 * The dialog (dialogs/billing.html) calls billingPreview, which reads and plans but writes
 * nothing, and then billingConfirm, which takes the document lock, plans again from the same
 * data it writes (the sheet may have changed since the preview), refuses if that plan differs
 * from the previewed one, and writes the run in its crash-consistent order (app/bill.ts).
 * Everything returned to the dialog is plain JSON (strings for amounts) because
 * google.script.run cannot carry Decimal or Date objects.
 */
import { previewBilling, runBilling, type BillOutcome } from '../app/bill';
import { isIsoDate } from '../core/dates';
import { money2 } from '../core/money';
import type { Decimal } from '../core/money';
import type { InvoiceLine, Issue, RunInput, RunPlan, RunRequest } from '../core/types';
import { formatMoney, formatNumber } from '../workbook/format';
import { invoiceSheetName, lineDescription, TO_PAY, TO_RECEIVE } from '../workbook/invoiceSheet';
import type { CellValue, SheetDocument, TabSetup, WorkbookPort } from '../workbook/port';
import { activePort, currentUser, withDocumentLock } from './host';
import { isoOfHostDate } from './sheets';

export const DIALOG_TITLE = 'Kör fakturering';
export const BUSY_MESSAGE = 'En annan fakturering pågår just nu. Vänta tills den är klar och försök sedan igen.';
export const INTERRUPTED_MESSAGE =
  'Faktureringen avbröts innan den blev klar. En faktura räknas som skapad först när den står i fliken Fakturor. ' +
  'Förhandsgranska och bekräfta igen: det som inte blev klart faktureras då med samma nummer.';
export const CHANGED_MESSAGE =
  'Uppgifterna i kalkylarket har ändrats sedan förhandsgranskningen. Förhandsgranska igen innan du fakturerar.';

// ---------------------------------------------------------------------------------------------
// What the dialog receives

export interface IssueView {
  severity: 'error' | 'warning';
  tab: string;
  row: number | null;
  column: string;
  value: string;
  message: string;
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
}

export interface PreviewView {
  ok: boolean; // a plan exists and nothing blocks the run
  month: string;
  invoiceDate: string;
  cutOff: string;
  runId: string;
  fingerprint: string; // identifies the plan; billingConfirm refuses another one
  invoices: InvoiceView[];
  grandTotal: string;
  grandTotalText: string;
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
  sheet: string;
  url: string; // '<spreadsheet url>#gid=<sheetId>', '' when the sheet cannot be found
}

export interface ConfirmView {
  written: boolean;
  message: string;
  month: string;
  invoiceDate: string;
  runId: string;
  invoices: WrittenInvoiceView[];
  pot: PotView | null;
  notes: string[];
  warnings: IssueView[];
  errors: IssueView[];
}

// ---------------------------------------------------------------------------------------------
// Pure helpers (exported for the tests)

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
export function parseRequest(request: unknown, today: string): RunRequest & { fingerprint: string } {
  if (request === null || typeof request !== 'object') {
    throw new Error('Ange faktureringsmånad (maj eller december) och fakturadatum.');
  }
  const r = request as Record<string, unknown>;
  const given = (v: unknown): string => (typeof v === 'string' ? v.trim() : v === undefined || v === null ? '' : String(v));
  const month = given(r.month) || defaultRun(today).month;
  const invoiceDate = given(r.invoiceDate) || today;
  if (!/^\d{4}-(05|12)$/.test(month)) {
    throw new Error(`Faktureringsmånaden måste vara maj eller december, skriven ÅÅÅÅ-05 eller ÅÅÅÅ-12 (fick "${month}").`);
  }
  if (!isIsoDate(invoiceDate)) {
    throw new Error(`Fakturadatumet måste vara ett datum skrivet ÅÅÅÅ-MM-DD (fick "${invoiceDate}").`);
  }
  const fingerprint = typeof r.fingerprint === 'string' ? r.fingerprint : '';
  return { month, invoiceDate, fingerprint };
}

/** Today's date in Stockholm. */
function today(): string {
  return isoOfHostDate(new Date());
}

/** "1 550,00 kr", "-3 100,00 kr", as the invoice sheets show money. */
export function formatKr(amount: Decimal | string): string {
  return formatMoney(amount);
}

/**
 * A short, stable identification of everything a run would write: numbers, municipalities,
 * dates, lines, stamps and the run id. Two plans with the same fingerprint write the same.
 */
export function planFingerprint(plan: RunPlan): string {
  const parts: string[] = [plan.month, plan.invoiceDate, plan.cutOff, plan.runId];
  for (const inv of plan.invoices) {
    parts.push(`I|${inv.number}|${inv.municipality}|${inv.invoiceDate}|${inv.dueDate}|${inv.ocr}|${money2(inv.total)}`);
    for (const line of inv.lines) parts.push(`L|${lineKey(line)}`);
  }
  for (const s of plan.attendanceStamps) parts.push(`A|${s.ref.tab}|${s.ref.row}|${s.number}`);
  for (const s of plan.trainerStamps) parts.push(`T|${s.ref.tab}|${s.ref.row}|${s.number}`);
  parts.push(`P|${money2(plan.pot.collected)}|${money2(plan.pot.paidOut)}|${money2(plan.pot.carriedOver)}`);
  return hash(parts.join('\n'));
}

function lineKey(line: InvoiceLine): string {
  switch (line.kind) {
    case 'variable':
      return `v|${line.courseId}|${line.quantity.toString()}|${money2(line.unitPrice)}|${money2(line.amount)}`;
    case 'fixed':
      return `f|${line.year}|${line.months}|${money2(line.amount)}`;
    case 'trainerPot':
      return `t|${line.year}|${line.trainerDays.toString()}|${money2(line.amount)}`;
  }
}

// cyrb53-style 53-bit string hash, written out twice with different seeds: 26 hex digits.
function hash(text: string): string {
  const run = (seed: number): string => {
    let h1 = 0xdeadbeef ^ seed;
    let h2 = 0x41c6ce57 ^ seed;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
  };
  return run(1) + run(7);
}

function issueView(issue: Issue): IssueView {
  return {
    severity: issue.severity,
    tab: String(issue.tab ?? ''),
    row: typeof issue.row === 'number' ? issue.row : null,
    column: String(issue.column ?? ''),
    value: issue.value === undefined || issue.value === null ? '' : String(issue.value),
    message: String(issue.message ?? ''),
  };
}

function lineView(line: InvoiceLine, input: RunInput | undefined): LineView {
  const description = lineDescription(line, input?.courses ?? []);
  const amount = { amount: money2(line.amount), amountText: formatKr(line.amount) };
  switch (line.kind) {
    case 'variable':
      return {
        kind: 'variable',
        description,
        quantity: line.quantity.toString(),
        quantityText: formatNumber(line.quantity),
        unitPrice: money2(line.unitPrice),
        unitPriceText: formatKr(line.unitPrice),
        ...amount,
      };
    case 'fixed':
      return { kind: 'fixed', description, quantity: '', quantityText: '', unitPrice: '', unitPriceText: '', ...amount };
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
  return {
    balanceBefore: money2(p.balanceBefore),
    balanceBeforeText: formatKr(p.balanceBefore),
    collected: money2(p.collected),
    collectedText: formatKr(p.collected),
    paidOut: money2(p.paidOut),
    paidOutText: formatKr(p.paidOut),
    carriedOver: money2(p.carriedOver),
    carriedOverText: formatKr(p.carriedOver),
  };
}

function outcomeInput(outcome: BillOutcome): RunInput | undefined {
  return (outcome as BillOutcome & { input?: RunInput }).input ?? undefined;
}

/** Turns a planned (not written) run into what the dialog shows. */
export function previewView(request: RunRequest, outcome: BillOutcome): PreviewView {
  const errors = outcome.issues.filter((i) => i.severity === 'error').map(issueView);
  const warnings = outcome.issues.filter((i) => i.severity !== 'error').map(issueView);
  const plan = errors.length === 0 ? outcome.plan : null;
  const input = outcomeInput(outcome);
  if (!plan) {
    if (errors.length === 0) {
      errors.push({ severity: 'error', tab: '', row: null, column: '', value: '', message: 'Körningen kunde inte planeras.' });
    }
    return {
      ok: false,
      month: request.month,
      invoiceDate: request.invoiceDate,
      cutOff: '',
      runId: '',
      fingerprint: '',
      invoices: [],
      grandTotal: '0.00',
      grandTotalText: formatKr('0.00'),
      pot: null,
      notes: [],
      warnings,
      errors,
      attendanceStamps: 0,
      trainerStamps: 0,
      nothingToBill: false,
    };
  }
  let grand = plan.invoices.length ? plan.invoices[0].total.minus(plan.invoices[0].total) : null;
  const invoices = plan.invoices.map((inv): InvoiceView => {
    grand = grand ? grand.plus(inv.total) : inv.total;
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
      netText: formatKr(inv.net),
      vat: money2(inv.vat),
      vatText: formatKr(inv.vat),
      total: money2(inv.total),
      totalText: formatKr(inv.total), // signed, as on the invoice sheet
      lines: inv.lines.map((line) => lineView(line, input)),
      attendanceRows: inv.attendance.length,
      trainerRows: inv.trainerRows.length,
    };
  });
  const grandTotal = grand ? money2(grand) : '0.00';
  return {
    ok: true,
    month: plan.month,
    invoiceDate: plan.invoiceDate,
    cutOff: plan.cutOff,
    runId: plan.runId,
    fingerprint: planFingerprint(plan),
    invoices,
    grandTotal,
    grandTotalText: formatKr(grandTotal),
    pot: potView(plan),
    notes: plan.notes.map(String),
    warnings,
    errors,
    attendanceStamps: plan.attendanceStamps.length,
    trainerStamps: plan.trainerStamps.length,
    nothingToBill: plan.invoices.length === 0,
  };
}

// ---------------------------------------------------------------------------------------------
// The port seen by one confirmation: each tab read once, writes pass through

/**
 * Serves repeated reads of a tab from the first one, so that the plan checked against the
 * preview's fingerprint and the plan written come from the same data and each tab is read
 * only once. Any write to a tab forgets what was read from it.
 */
class ReadOnceInLock implements WorkbookPort {
  private readonly cache = new Map<string, CellValue[][]>();
  private names: string[] | null = null;
  constructor(private readonly inner: WorkbookPort) {}
  tabNames(): string[] {
    if (!this.names) this.names = this.inner.tabNames();
    return this.names.slice();
  }
  read(tab: string): CellValue[][] {
    let rows = this.cache.get(tab);
    if (!rows) {
      rows = this.inner.read(tab);
      this.cache.set(tab, rows);
    }
    return rows.map((r) => r.slice());
  }
  write(tab: string, row: number, col: number, values: CellValue[][], formats?: (string | null)[][]): void {
    this.cache.delete(tab);
    this.inner.write(tab, row, col, values, formats);
  }
  createTab(tab: string, setup: TabSetup): void {
    this.cache.delete(tab);
    this.names = null;
    this.inner.createTab(tab, setup);
  }
  drawTab(tab: string, doc: SheetDocument): void {
    this.cache.delete(tab);
    this.names = null;
    this.inner.drawTab(tab, doc);
  }
  deleteTab(tab: string): void {
    this.cache.delete(tab);
    this.names = null;
    this.inner.deleteTab(tab);
  }
}

// ---------------------------------------------------------------------------------------------
// Apps Script entry points

export function openBillingDialog(): void {
  const html = HtmlService.createHtmlOutputFromFile('billing').setWidth(960).setHeight(720);
  SpreadsheetApp.getUi().showModalDialog(html, DIALOG_TITLE);
}

/** Plans the run and describes it; writes nothing. */
export function billingPreview(request: unknown): PreviewView {
  const run = parseRequest(request, today());
  const req: RunRequest = { month: run.month, invoiceDate: run.invoiceDate };
  const outcome = previewBilling(activePort(), req, { user: currentUser() });
  return toJson(previewView(req, outcome));
}

/**
 * Bills the previewed run under the document lock. Refuses (throws a Swedish message) when
 * another run holds the lock; returns the errors when the data no longer validates; refuses
 * when the plan differs from the previewed one (request.fingerprint, when given).
 */
export function billingConfirm(request: unknown): ConfirmView {
  const run = parseRequest(request, today());
  const req: RunRequest = { month: run.month, invoiceDate: run.invoiceDate };
  const user = currentUser();
  return toJson(
    lockedOrBusy(() => {
      const port = new ReadOnceInLock(activePort());
      const planned = previewView(req, previewBilling(port, req, { user }));
      if (!planned.ok) return notWritten(req, planned, 'Inget har skrivits: rätta felen och förhandsgranska igen.');
      if (run.fingerprint && planned.fingerprint !== run.fingerprint) throw new Error(CHANGED_MESSAGE);
      if (planned.nothingToBill) {
        return notWritten(req, planned, 'Det finns inget nytt att fakturera för perioden. Inga fakturor skapades.');
      }
      const outcome = interrupted(() => runBilling(port, req, { user }));
      const done = previewView(req, outcome);
      if (!outcome.written || !outcome.plan) {
        return notWritten(req, done, 'Inget har skrivits: rätta felen och förhandsgranska igen.');
      }
      return writtenView(req, outcome, done);
    }),
  );
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
    notes: view.notes,
    warnings: view.warnings,
    errors: view.errors,
  };
}

function writtenView(req: RunRequest, outcome: BillOutcome, view: PreviewView): ConfirmView {
  const plan = outcome.plan as RunPlan;
  const links = sheetLinks();
  const invoices = plan.invoices.map((inv): WrittenInvoiceView => {
    const sheet = outcome.sheets.find((s) => s.startsWith(`${inv.number} `)) ?? invoiceSheetName(inv);
    return {
      number: inv.number,
      municipality: inv.municipality,
      credit: inv.credit,
      totalLabel: inv.credit ? TO_RECEIVE : TO_PAY,
      total: money2(inv.total),
      totalText: formatKr(inv.total),
      sheet,
      url: sheet ? links(sheet) : '',
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
    notes: view.notes,
    warnings: view.warnings,
    errors: [],
  };
}

/** A link to a tab of the active spreadsheet ('…#gid=<sheetId>'); '' when the host cannot tell. */
function sheetLinks(): (name: string) => string {
  let ss: GoogleAppsScript.Spreadsheet.Spreadsheet | null = null;
  let base = '';
  try {
    ss = SpreadsheetApp.getActiveSpreadsheet();
    base = typeof ss.getUrl === 'function' ? String(ss.getUrl() ?? '') : '';
  } catch {
    ss = null;
  }
  return (name) => {
    try {
      const sheet = ss?.getSheetByName(name);
      if (!sheet || typeof sheet.getSheetId !== 'function') return '';
      return `${base.replace(/#.*$/, '')}#gid=${sheet.getSheetId()}`;
    } catch {
      return '';
    }
  };
}

/**
 * A run cut short by the host (a quota, a timeout, a failed call) leaves nothing billed unless
 * its Fakturor rows were written, and the next run completes it: say so, with the cause.
 */
function interrupted<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const cause = e && typeof e === 'object' && 'message' in e ? String((e as Error).message) : String(e);
    throw new Error(`${INTERRUPTED_MESSAGE} (${cause})`);
  }
}

/** Runs fn under the document lock; a lock held by another execution gives BUSY_MESSAGE. */
function lockedOrBusy<T>(fn: () => T): T {
  return withDocumentLock(fn, BUSY_MESSAGE);
}

/** google.script.run drops undefined and cannot carry class instances: send plain data only. */
function toJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

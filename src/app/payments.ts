/**
 * Läs in betalningar (SPEC §10), written once for both hosts: a bank file's payments matched to
 * the register, appended to the ledger Inbetalningar, allocations typed into its Faktura column
 * applied, and each invoice's Betalt, Betaldatum and Status derived from the ledger.
 *
 * Validate first, then write. Write order: the new Inbetalningar rows (one write), the Status of
 * allocated rows (one write), then Fakturor's derived columns (one write per block of adjacent
 * columns). Everything in Fakturor is derived from Inbetalningar, so an import interrupted after
 * the first write is completed by the next one, with or without a file.
 */
import { parseBankFile, shownReference, type BankFile, type BankFileResult, type XmlParser } from '../core/bankfile';
import { money2 } from '../core/money';
import {
  PAYMENT_ALREADY_READ,
  PAYMENT_MATCHED,
  PAYMENT_UNMATCHED,
  PaymentMatcher,
  expectsPayment,
  receivedByInvoice,
  receivedFor,
  statusAfterPayments,
  type PayableDocument,
  type PaymentRecord,
} from '../core/payments';
import type { Issue, RegisteredInvoice } from '../core/types';
import type { WorkbookPort } from '../workbook/port';
import { readWorkbook, type WorkbookSnapshot } from '../workbook/read';
import { readPayments, type PaymentLedger } from '../workbook/read/payments';
import { STATUS_CREATED, STATUS_SENT, TAB } from '../workbook/schema';
import { writePaymentImport, type InvoicePaymentState } from '../workbook/writePayments';

import { mayAdminister, orderIssues } from './bill';
import { appendLog, errorsDetails, LOG_ACTION, LOG_RESULT } from './log';
import { sentTime } from './send';

/** Where the administrator allocates a payment by hand, as the matcher's notes say it. */
const ALLOCATE_IN = `kolumnen Faktura i fliken ${TAB.payments}`;

export interface BankFileUpload {
  /** The file's name as the user chose it (shown in Fil). */
  name: string;
  bytes: Uint8Array;
}

export interface PaymentOptions {
  /** The host's XML parser (camt.054). */
  xml: XmlParser;
  /** Who runs it, checked against Administratörer; undefined = the holder of the file (command line). */
  user?: string;
  now?: () => Date;
  /** Användare of the Logg row that importPayments appends (the import and a refusal); no row when absent. */
  logUser?: string;
}

/** One payment of the file as the preview and payments.json show it. */
export interface PaymentLine {
  bankReference: string;
  date: string;
  amount: string; // '1550.00'
  reference: string;
  payer: string;
  invoice: string | null;
  status: string; // Matchad | Omatchad | Redan inläst
  /** Why it is not matched, for the administrator ('' when nothing to say). */
  note: string;
}

/** An unmatched payment of an earlier import that an administrator allocated in Faktura. */
export interface Allocation {
  row: number;
  bankReference: string;
  amount: string;
  invoice: string;
}

export interface InvoicePaymentLine {
  number: string;
  municipality: string;
  total: string;
  paid: string;
  paidDate: string;
  status: string;
}

export interface PaymentOutcome {
  /** False when nothing could be done (errors lists why). */
  ok: boolean;
  errors: Issue[];
  warnings: Issue[];
  file: string; // the file's name ('' without a file)
  format: string; // 'camt.054.001.08', 'BgMax 01', or ''
  payments: PaymentLine[];
  allocations: Allocation[];
  /** The invoices this import concerns, with what they have received after it. */
  invoices: InvoicePaymentLine[];
  written: boolean;
  /** A Swedish summary. */
  message: string;
}

function document(inv: RegisteredInvoice): PayableDocument {
  return {
    number: inv.number,
    ocr: inv.ocr,
    total: inv.total,
    status: inv.status,
    credits: inv.credits ?? '',
    creditedBy: inv.creditedBy ?? '',
    sent: inv.sent,
    dueDate: inv.dueDate,
  };
}

function fileIssue(message: string): Issue {
  return { severity: 'error', tab: '', message };
}

interface Plan {
  snapshot: WorkbookSnapshot;
  ledger: PaymentLedger;
  outcome: PaymentOutcome;
  newRecords: PaymentRecord[];
  statusUpdates: { row: number; status: string }[];
  invoiceStates: InvoicePaymentState[];
}

function refusedOutcome(file: string, errors: Issue[]): PaymentOutcome {
  return {
    ok: false,
    errors,
    warnings: [],
    file,
    format: '',
    payments: [],
    allocations: [],
    invoices: [],
    written: false,
    message: 'Inga betalningar lästes in; ingenting har ändrats.',
  };
}

/** What stops any import: a broken register or settings, a broken payment ledger, a user not allowed. */
function readProblems(snapshot: WorkbookSnapshot, ledger: PaymentLedger, user: string | undefined): Issue[] {
  // The register must be sound (its rows are updated in place); other tabs' problems do not matter here.
  const registerTab = snapshot.layout.invoices.tab;
  const errors = snapshot.issues.filter(
    (i) => i.severity === 'error' && (i.tab === registerTab || i.tab === TAB.settings),
  );
  errors.push(...ledger.issues.filter((i) => i.severity === 'error'));
  if (user !== undefined && !mayAdminister(snapshot.input.settings.administrators, user)) {
    const me = user.trim();
    errors.push({
      severity: 'error',
      tab: TAB.settings,
      column: 'Värde',
      value: me,
      message: `Endast administratörer (inställningen Administratörer) får läsa in betalningar. ${me || 'Du'} finns inte i listan.`,
    });
  }
  return errors;
}

interface Typed {
  /** The ledger as it will stand: each row with its allocation applied. */
  records: PaymentRecord[];
  allocations: Allocation[];
  statusUpdates: { row: number; status: string }[];
  errors: Issue[];
}

/** Why the invoice number typed into a row's Faktura cannot take the payment ('' when it can). */
function allocationProblem(typed: string, doc: PayableDocument | undefined, r: PaymentRecord): string {
  if (!doc)
    return `Fakturan ${typed} finns inte i fliken ${TAB.invoices}. Skriv numret på den faktura betalningen gäller, eller töm cellen.`;
  if (expectsPayment(doc) || r.status === PAYMENT_MATCHED) return '';
  return doc.creditedBy
    ? `Fakturan ${doc.number} är krediterad av ${doc.creditedBy} och ska inte betalas. Skriv numret på den nya fakturan, eller töm cellen.`
    : `${doc.number} ska inte betalas (belopp ${money2(doc.total)} kr). Skriv numret på den faktura betalningen gäller, eller töm cellen.`;
}

/** The allocations typed into Faktura, and the rows whose Faktura was emptied again. */
function typedAllocations(ledger: PaymentLedger, matcher: PaymentMatcher): Typed {
  const out: Typed = { records: [], allocations: [], statusUpdates: [], errors: [] };
  for (const r of ledger.records) {
    const typed = r.invoice.trim();
    if (typed === '') {
      if (r.status !== PAYMENT_UNMATCHED && r.ref)
        out.statusUpdates.push({ row: r.ref.row, status: PAYMENT_UNMATCHED });
      out.records.push(r);
      continue;
    }
    const doc = matcher.document(typed);
    const problem = allocationProblem(typed, doc, r);
    if (problem || !doc) {
      out.errors.push({
        severity: 'error',
        tab: ledger.layout.tab,
        row: r.ref?.row,
        column: 'Faktura',
        value: typed,
        message: problem,
      });
      continue;
    }
    if (r.status !== PAYMENT_MATCHED && r.ref) {
      out.statusUpdates.push({ row: r.ref.row, status: PAYMENT_MATCHED });
      out.allocations.push({
        row: r.ref.row,
        bankReference: r.bankReference,
        amount: money2(r.amount),
        invoice: doc.number,
      });
    }
    // Object.assign, not spread (the same record; spread costs microseconds per object in V8, and a ledger grows by thousands a file).
    out.records.push(Object.assign({}, r, { invoice: doc.number, status: PAYMENT_MATCHED }));
  }
  return out;
}

/** The file's payments, each bank reference once, ever: the preview's lines and the new ledger rows. */
function filePayments(
  file: BankFile | null,
  fileName: string,
  ledger: PaymentLedger,
  matcher: PaymentMatcher,
  readAt: string,
): { lines: PaymentLine[]; newRecords: PaymentRecord[] } {
  const known = new Map(ledger.records.map((r) => [r.bankReference, r]));
  const lines: PaymentLine[] = [];
  const newRecords: PaymentRecord[] = [];
  for (const p of file?.payments ?? []) {
    const earlier = known.get(p.bankReference);
    const { bankReference, date, payer } = p;
    const amount = money2(p.amount);
    const reference = shownReference(p);
    // Field by field, not spread from a shared base object: object spread copies through V8's
    // generic path, microseconds per payment, and a bank file holds tens of thousands.
    if (earlier) {
      const invoice = earlier.invoice.trim()
        ? (matcher.document(earlier.invoice)?.number ?? earlier.invoice.trim())
        : null;
      const note = earlier.file ? `Inläst ${earlier.readAt} från ${earlier.file}.` : '';
      lines.push({ bankReference, date, amount, reference, payer, invoice, status: PAYMENT_ALREADY_READ, note });
      continue;
    }
    const m = matcher.match(p);
    const status = m.invoice ? PAYMENT_MATCHED : PAYMENT_UNMATCHED;
    const record: PaymentRecord = {
      bankReference,
      date,
      amount: p.amount,
      reference,
      payer,
      file: fileName,
      invoice: m.invoice,
      status,
      readAt,
    };
    known.set(p.bankReference, record);
    newRecords.push(record);
    lines.push({ bankReference, date, amount, reference, payer, invoice: m.invoice || null, status, note: m.note });
  }
  return { lines, newRecords };
}

/**
 * Every invoice's Betalt, Betaldatum and Status from the whole ledger, old rows and new; the
 * preview lists those that change or that this import concerns.
 */
function invoiceFigures(
  invoices: readonly RegisteredInvoice[],
  records: readonly PaymentRecord[],
  concerned: ReadonlySet<string>,
): { states: InvoicePaymentState[]; lines: InvoicePaymentLine[] } {
  const received = receivedByInvoice(records);
  const states: InvoicePaymentState[] = [];
  const lines: InvoicePaymentLine[] = [];
  for (const inv of invoices) {
    const got = receivedFor(received, inv.number);
    const state: InvoicePaymentState = {
      number: inv.number,
      status: statusAfterPayments(document(inv), got, inv.sent.trim() !== '' ? STATUS_SENT : STATUS_CREATED),
      paid: got.paid,
      paidDate: got.lastDate,
    };
    const changed =
      state.status !== inv.status || !state.paid.equals(inv.paid ?? 0) || state.paidDate !== (inv.paidDate ?? '');
    states.push(state);
    if (changed || concerned.has(inv.number)) {
      lines.push({
        number: inv.number,
        municipality: inv.municipality,
        total: money2(inv.total),
        paid: money2(state.paid),
        paidDate: state.paidDate,
        status: state.status,
      });
    }
  }
  return { states, lines };
}

const formatOf = (file: BankFile | null): string =>
  !file ? '' : file.format === 'BgMax' ? `BgMax ${file.version}` : file.version;

/** The Swedish summary: the file's counts and the allocations applied. */
function summary(
  fileName: string,
  file: BankFile | null,
  lines: readonly PaymentLine[],
  allocations: readonly Allocation[],
): string {
  const count = (status: string) => lines.filter((l) => l.status === status).length;
  const [matched, unmatched, already] = [count(PAYMENT_MATCHED), count(PAYMENT_UNMATCHED), count(PAYMENT_ALREADY_READ)];
  const parts: string[] = [];
  if (file) {
    parts.push(
      `${fileName || 'Filen'} (${formatOf(file)}): ${lines.length} ${lines.length === 1 ? 'betalning' : 'betalningar'}, ${matched} ${matched === 1 ? 'matchad' : 'matchade'}, ${unmatched} ${unmatched === 1 ? 'omatchad' : 'omatchade'}, ${already} redan ${already === 1 ? 'inläst' : 'inlästa'}.`,
    );
  }
  if (allocations.length)
    parts.push(
      `${allocations.length} ${allocations.length === 1 ? 'fördelning' : 'fördelningar'} i kolumnen Faktura tillämpas.`,
    );
  if (parts.length === 0) parts.push('Inga nya betalningar eller fördelningar.');
  return parts.join(' ');
}

/** The import planned from one read of the workbook: what will be written, or why nothing can be. */
function plan(port: WorkbookPort, upload: BankFileUpload | null, options: PaymentOptions): Plan | PaymentOutcome {
  const fileName = upload?.name ?? '';
  const snapshot = readWorkbook(port);
  const ledger = readPayments(port, snapshot.layout.tabNames);
  const errors = readProblems(snapshot, ledger, options.user);
  const parsed: BankFileResult | null = upload ? parseBankFile(upload.bytes, options.xml) : null;
  if (parsed && !parsed.ok)
    errors.push(...parsed.errors.map((e) => fileIssue(`${fileName ? `${fileName}: ` : ''}${e}`)));
  const invoices = snapshot.input.ledger.invoices;
  const matcher = new PaymentMatcher(invoices.map(document), ALLOCATE_IN);
  const typed = typedAllocations(ledger, matcher);
  errors.push(...typed.errors);
  if (errors.length) return refusedOutcome(fileName, orderIssues(errors));

  const file = parsed && parsed.ok ? parsed.file : null;
  const readAt = sentTime((options.now ?? (() => new Date()))());
  const { lines, newRecords } = filePayments(file, fileName, ledger, matcher, readAt);
  const concerned = new Set([
    ...lines.flatMap((l) => (l.invoice ? [l.invoice] : [])),
    ...typed.allocations.map((a) => a.invoice),
  ]);
  const figures = invoiceFigures(invoices, [...typed.records, ...newRecords], concerned);
  return {
    snapshot,
    ledger,
    newRecords,
    statusUpdates: typed.statusUpdates,
    invoiceStates: figures.states,
    outcome: {
      ok: true,
      errors: [],
      warnings: [],
      file: fileName,
      format: formatOf(file),
      payments: lines,
      allocations: typed.allocations,
      invoices: figures.lines,
      written: false,
      message: summary(fileName, file, lines, typed.allocations),
    },
  };
}

/** Reads and matches; writes nothing (the preview, and --dry-run). */
export function previewPayments(
  port: WorkbookPort,
  upload: BankFileUpload | null,
  options: PaymentOptions,
): PaymentOutcome {
  const p = plan(port, upload, options);
  return 'outcome' in p ? p.outcome : p;
}

/** Logg's Detaljer of an import: the file, the counts, the allocations and the invoices' new statuses. */
export function paymentsDetails(outcome: PaymentOutcome): string {
  const parts = [outcome.message];
  if (outcome.allocations.length)
    parts.push(`Fördelat: ${outcome.allocations.map((a) => `${a.bankReference} till ${a.invoice}`).join(', ')}.`);
  if (outcome.invoices.length)
    parts.push(`Fakturor: ${outcome.invoices.map((i) => `${i.number} ${i.status} (betalt ${i.paid})`).join(', ')}.`);
  return parts.join(' ');
}

/**
 * Reads, matches and, when there is no error, writes the import in its safe order. With
 * `logUser`, one Logg row records the import or its refusal.
 */
export function importPayments(
  port: WorkbookPort,
  upload: BankFileUpload | null,
  options: PaymentOptions,
): PaymentOutcome {
  const p = plan(port, upload, options);
  const log = (details: string, result: string) => {
    if (options.logUser !== undefined)
      appendLog(port, { action: LOG_ACTION.payments, user: options.logUser, details, result });
  };
  if (!('outcome' in p)) {
    log(errorsDetails(upload ? `Fil ${upload.name}` : 'Utan fil', p.errors), LOG_RESULT.refused);
    return p;
  }
  const written = writePaymentImport(port, p.snapshot, p.ledger, {
    newRecords: p.newRecords,
    statusUpdates: p.statusUpdates,
    invoices: p.invoiceStates,
  });
  const outcome = {
    ...p.outcome,
    written,
    message: written ? p.outcome.message : `${p.outcome.message} Ingenting behövde ändras.`,
  };
  log(paymentsDetails(outcome), LOG_RESULT.done);
  return outcome;
}

/** payments.json (SPEC §10). */
export function paymentsJson(outcome: PaymentOutcome): {
  file: string;
  payments: {
    bankReference: string;
    date: string;
    amount: string;
    reference: string;
    invoice: string | null;
    status: string;
  }[];
  invoices: { number: string; paid: string; status: string }[];
} {
  return {
    file: outcome.file,
    payments: outcome.payments.map((p) => ({
      bankReference: p.bankReference,
      date: p.date,
      amount: p.amount,
      reference: p.reference,
      invoice: p.invoice,
      status: p.status,
    })),
    invoices: outcome.invoices.map((i) => ({ number: i.number, paid: i.paid, status: i.status })),
  };
}

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
import { parseBankFile, shownReference, type BankFileResult, type XmlParser } from '../core/bankfile';
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
import { TAB } from '../workbook/schema';
import { writePaymentImport, type InvoicePaymentState } from '../workbook/writePayments';
import { mayAdminister, orderIssues } from './bill';
import { appendLog, errorsDetails, LOG_ACTION, LOG_RESULT } from './log';
import { sentTime } from './send';

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

/** The import planned from one read of the workbook: what will be written, or why nothing can be. */
function plan(port: WorkbookPort, upload: BankFileUpload | null, options: PaymentOptions): Plan | PaymentOutcome {
  const fileName = upload?.name ?? '';
  const snapshot = readWorkbook(port);
  const ledger = readPayments(port, snapshot.layout.tabNames);
  const errors: Issue[] = [];
  // The register must be sound (its rows are updated in place); other tabs' problems do not matter here.
  const registerTab = snapshot.layout.invoices.tab;
  errors.push(
    ...snapshot.issues.filter((i) => i.severity === 'error' && (i.tab === registerTab || i.tab === TAB.settings)),
  );
  errors.push(...ledger.issues.filter((i) => i.severity === 'error'));
  if (options.user !== undefined && !mayAdminister(snapshot.input.settings.administrators, options.user)) {
    const me = options.user.trim();
    errors.push({
      severity: 'error',
      tab: TAB.settings,
      column: 'Värde',
      value: me,
      message: `Endast administratörer (inställningen Administratörer) får läsa in betalningar. ${me || 'Du'} finns inte i listan.`,
    });
  }

  let parsed: BankFileResult | null = null;
  if (upload) {
    parsed = parseBankFile(upload.bytes, options.xml);
    if (!parsed.ok) errors.push(...parsed.errors.map((e) => fileIssue(`${fileName ? `${fileName}: ` : ''}${e}`)));
  }

  const invoices = snapshot.input.ledger.invoices;
  const matcher = new PaymentMatcher(invoices.map(document));

  // Allocations typed into Faktura, and rows whose Faktura was emptied again.
  const allocations: Allocation[] = [];
  const statusUpdates: { row: number; status: string }[] = [];
  const records: PaymentRecord[] = [];
  for (const r of ledger.records) {
    const typed = r.invoice.trim();
    if (typed === '') {
      if (r.status !== PAYMENT_UNMATCHED && r.ref) statusUpdates.push({ row: r.ref.row, status: PAYMENT_UNMATCHED });
      records.push(r);
      continue;
    }
    const doc = matcher.document(typed);
    if (!doc) {
      errors.push({
        severity: 'error',
        tab: ledger.layout.tab,
        row: r.ref?.row,
        column: 'Faktura',
        value: typed,
        message: `Fakturan ${typed} finns inte i fliken ${TAB.invoices}. Skriv numret på den faktura betalningen gäller, eller töm cellen.`,
      });
      continue;
    }
    if (!expectsPayment(doc) && r.status !== PAYMENT_MATCHED) {
      errors.push({
        severity: 'error',
        tab: ledger.layout.tab,
        row: r.ref?.row,
        column: 'Faktura',
        value: typed,
        message: doc.creditedBy
          ? `Fakturan ${doc.number} är krediterad av ${doc.creditedBy} och ska inte betalas. Skriv numret på den nya fakturan, eller töm cellen.`
          : `${doc.number} ska inte betalas (belopp ${money2(doc.total)} kr). Skriv numret på den faktura betalningen gäller, eller töm cellen.`,
      });
      continue;
    }
    if (r.status !== PAYMENT_MATCHED && r.ref) {
      statusUpdates.push({ row: r.ref.row, status: PAYMENT_MATCHED });
      allocations.push({
        row: r.ref.row,
        bankReference: r.bankReference,
        amount: money2(r.amount),
        invoice: doc.number,
      });
    }
    records.push({ ...r, invoice: doc.number, status: PAYMENT_MATCHED });
  }

  if (errors.length) return refusedOutcome(fileName, orderIssues(errors));

  // The file's payments: each bank reference once, ever.
  const known = new Map(ledger.records.map((r) => [r.bankReference, r]));
  const readAt = sentTime((options.now ?? (() => new Date()))());
  const lines: PaymentLine[] = [];
  const newRecords: PaymentRecord[] = [];
  const file = parsed && parsed.ok ? parsed.file : null;
  for (const p of file?.payments ?? []) {
    const earlier = known.get(p.bankReference);
    const shown = shownReference(p);
    const base = {
      bankReference: p.bankReference,
      date: p.date,
      amount: money2(p.amount),
      reference: shown,
      payer: p.payer,
    };
    if (earlier) {
      const invoice = earlier.invoice.trim()
        ? (matcher.document(earlier.invoice)?.number ?? earlier.invoice.trim())
        : null;
      lines.push({
        ...base,
        invoice,
        status: PAYMENT_ALREADY_READ,
        note: earlier.file ? `Inläst ${earlier.readAt} från ${earlier.file}.` : '',
      });
      continue;
    }
    const m = matcher.match(p);
    const status = m.invoice ? PAYMENT_MATCHED : PAYMENT_UNMATCHED;
    const record: PaymentRecord = {
      bankReference: p.bankReference,
      date: p.date,
      amount: p.amount,
      reference: shown,
      payer: p.payer,
      file: fileName,
      invoice: m.invoice,
      status,
      readAt,
    };
    known.set(p.bankReference, record);
    newRecords.push(record);
    lines.push({ ...base, invoice: m.invoice || null, status, note: m.note });
  }

  // Every invoice's figures from the whole ledger, old rows and new.
  const received = receivedByInvoice([...records, ...newRecords]);
  const concerned = new Set<string>([
    ...lines.filter((l) => l.invoice).map((l) => l.invoice as string),
    ...allocations.map((a) => a.invoice),
  ]);
  const invoiceStates: InvoicePaymentState[] = [];
  const invoiceLines: InvoicePaymentLine[] = [];
  for (const inv of invoices) {
    const got = receivedFor(received, inv.number);
    const state: InvoicePaymentState = {
      number: inv.number,
      status: statusAfterPayments(document(inv), got),
      paid: got.paid,
      paidDate: got.lastDate,
    };
    const changed =
      state.status !== inv.status || !state.paid.equals(inv.paid ?? 0) || state.paidDate !== (inv.paidDate ?? '');
    invoiceStates.push(state);
    if (changed || concerned.has(inv.number)) {
      invoiceLines.push({
        number: inv.number,
        municipality: inv.municipality,
        total: money2(inv.total),
        paid: money2(state.paid),
        paidDate: state.paidDate,
        status: state.status,
      });
    }
  }

  const matched = lines.filter((l) => l.status === PAYMENT_MATCHED).length;
  const unmatched = lines.filter((l) => l.status === PAYMENT_UNMATCHED).length;
  const already = lines.filter((l) => l.status === PAYMENT_ALREADY_READ).length;
  const parts: string[] = [];
  if (file) {
    parts.push(
      `${fileName || 'Filen'} (${file.format === 'BgMax' ? `BgMax ${file.version}` : file.version}): ${lines.length} ${lines.length === 1 ? 'betalning' : 'betalningar'}, ${matched} ${matched === 1 ? 'matchad' : 'matchade'}, ${unmatched} ${unmatched === 1 ? 'omatchad' : 'omatchade'}, ${already} redan ${already === 1 ? 'inläst' : 'inlästa'}.`,
    );
  }
  if (allocations.length)
    parts.push(
      `${allocations.length} ${allocations.length === 1 ? 'fördelning' : 'fördelningar'} i kolumnen Faktura ${allocations.length === 1 ? 'tillämpas' : 'tillämpas'}.`,
    );
  if (parts.length === 0) parts.push('Inga nya betalningar eller fördelningar.');

  return {
    snapshot,
    ledger,
    newRecords,
    statusUpdates,
    invoiceStates,
    outcome: {
      ok: true,
      errors: [],
      warnings: [],
      file: fileName,
      format: file ? (file.format === 'BgMax' ? `BgMax ${file.version}` : file.version) : '',
      payments: lines,
      allocations,
      invoices: invoiceLines,
      written: false,
      message: parts.join(' '),
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

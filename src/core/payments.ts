/**
 * Payments against the register (SPEC §10), pure: which document a bank payment pays, what each
 * invoice has received according to the payment ledger, the invoice's payment
 * status, and which invoices are overdue and may be reminded on a date.
 *
 * Every figure is derived from the ledger of payments, never accumulated: reading a file twice,
 * or again after an interrupted import, gives the same Betalt, Betaldatum and Status.
 */
import type { BankPayment } from './bankfile';
import { addDays, daysBetween } from './dates';
import { ZERO, type Decimal } from './money';
import { formatKronor } from './format';
import type { IsoDate, SourceRef } from './types';

export const PAYMENT_MATCHED = 'Matchad';
export const PAYMENT_UNMATCHED = 'Omatchad';
export const PAYMENT_ALREADY_READ = 'Redan inläst';

export const INVOICE_PAID = 'Betald';
export const INVOICE_PART_PAID = 'Delbetald';
export const INVOICE_OVERPAID = 'Överbetald';
export const INVOICE_CREDITED = 'Krediterad';

const PAYMENT_STATUSES = [INVOICE_PAID, INVOICE_PART_PAID, INVOICE_OVERPAID].map((s) => s.toLowerCase());

/** True for Betald, Delbetald and Överbetald. */
export function isPaymentStatus(status: string): boolean {
  return PAYMENT_STATUSES.includes(status.trim().toLowerCase());
}

/** Days after the reminder's date that its new due date falls. */
export const REMINDER_DUE_DAYS = 10;
/** An invoice is reminded at most once in this many days. */
export const REMINDER_INTERVAL_DAYS = 14;

/** A row of the payment ledger: one payment as read from a bank file, and where it was allocated. */
export interface PaymentRecord {
  ref?: SourceRef;
  bankReference: string; // Bankreferens
  date: IsoDate; // Bokföringsdag
  amount: Decimal; // Belopp
  reference: string; // Referens: the OCR, or the payer's message
  payer: string; // Betalare
  file: string; // Fil: the bank file it came from
  invoice: string; // Faktura: the document it pays; '' = unmatched
  status: string; // Status: Matchad | Omatchad
  readAt: string; // Inläst: 'YYYY-MM-DD HH:MM'
}

/** What matching needs of a register row. */
export interface PayableDocument {
  number: string;
  ocr: string;
  total: Decimal;
  status: string;
  credits: string; // a credit note names the invoice it credits
  creditedBy: string;
  sent: string; // Skickad: when it went out ('' = not yet)
  dueDate: IsoDate;
}

/**
 * A credited invoice as a payable document shows it: Krediterad av is filled, or its Status says
 * Krediterad (the ledger's own rule, from the credit notes, is ledgerState.creditedInvoices).
 */
export function isCredited(doc: Pick<PayableDocument, 'creditedBy' | 'status'>): boolean {
  return doc.creditedBy.trim() !== '' || doc.status.trim().toLowerCase() === INVOICE_CREDITED.toLowerCase();
}

/** Documents that expect a payment: an invoice (not a credit note) above 0 that is not credited. */
export function expectsPayment(doc: PayableDocument): boolean {
  return doc.credits.trim() === '' && doc.total.greaterThan(0) && !isCredited(doc);
}

/** Why a payment referring to this document is not matched to it, in Swedish; `allocateIn` says where a payment is allocated by hand. */
function refusal(doc: PayableDocument, named: string, allocateIn: string): string {
  if (isCredited(doc)) {
    const by = doc.creditedBy.trim();
    return `${named} faktura ${doc.number}, som är krediterad${by ? ` av kreditfaktura ${by}` : ''}. Fördela betalningen till den nya fakturan (skriv dess nummer i ${allocateIn}) eller betala tillbaka den.`;
  }
  const kind = doc.credits.trim() !== '' ? 'kreditfaktura' : 'dokument';
  return `${named} ${kind} ${doc.number}, som inte ska betalas (belopp ${formatKronor(doc.total)}). Fördela betalningen till rätt faktura eller betala tillbaka den.`;
}

export interface Match {
  invoice: string; // '' = unmatched
  note: string; // for the administrator ('' when there is nothing to say)
}

const normalizeOcr = (text: string) => text.replace(/\s+/g, '');
const TOKEN = /[0-9A-Za-zÅÄÖåäö]+(?:-[0-9A-Za-zÅÄÖåäö]+)*/g;

/** Matches payments to documents by OCR, else by an invoice number or OCR in the free text (SPEC §10). */
export class PaymentMatcher {
  private readonly byOcr = new Map<string, PayableDocument>();
  private readonly byNumber = new Map<string, PayableDocument>();
  /** OCRs that stand on more than one document (ledger check "OCR-nummer unika"): never matched. */
  private readonly sharedOcrs = new Map<string, string[]>();

  /**
   * `allocateIn` names, in the administrator's words, where a payment is allocated by hand (the
   * workbook floor knows the tab and column: 'kolumnen Faktura i fliken Inbetalningar').
   */
  constructor(
    documents: readonly PayableDocument[],
    private readonly allocateIn: string,
  ) {
    for (const d of documents) {
      const ocr = normalizeOcr(d.ocr);
      if (ocr) {
        const earlier = this.byOcr.get(ocr);
        if (earlier) this.sharedOcrs.set(ocr, [...(this.sharedOcrs.get(ocr) ?? [earlier.number]), d.number]);
        else this.byOcr.set(ocr, d);
      }
      this.byNumber.set(d.number.trim().toUpperCase(), d);
    }
    for (const ocr of this.sharedOcrs.keys()) this.byOcr.delete(ocr);
  }

  /** The document of an invoice number as typed (case and spaces forgiven), or undefined. */
  document(number: string): PayableDocument | undefined {
    return this.byNumber.get(number.trim().toUpperCase());
  }

  match(payment: Pick<BankPayment, 'reference' | 'message'>): Match {
    const ref = normalizeOcr(payment.reference);
    const shared = this.sharedOcrs.get(ref);
    if (shared) {
      return {
        invoice: '',
        note: `OCR-numret ${ref} står på flera fakturor (${shared.join(', ')}). Skriv den faktura betalningen gäller i ${this.allocateIn}.`,
      };
    }
    const byRef = ref ? this.byOcr.get(ref) : undefined;
    if (byRef) {
      return expectsPayment(byRef)
        ? { invoice: byRef.number, note: '' }
        : { invoice: '', note: refusal(byRef, `Referensen ${ref} är OCR-numret för`, this.allocateIn) };
    }
    // The free text, and a structured reference that is no OCR of ours (it may be an invoice number).
    const found = new Map<string, PayableDocument>();
    for (const text of [payment.message, payment.reference]) {
      for (const token of text.match(TOKEN) ?? []) {
        const doc = this.byNumber.get(token.toUpperCase()) ?? (/^\d+$/.test(token) ? this.byOcr.get(token) : undefined);
        if (doc) found.set(doc.number, doc);
      }
    }
    const docs = [...found.values()];
    const payable = docs.filter(expectsPayment);
    if (payable.length === 1) return { invoice: payable[0].number, note: '' };
    if (payable.length > 1) {
      return {
        invoice: '',
        note: `Meddelandet nämner flera fakturor (${payable.map((d) => d.number).join(', ')}). Skriv den faktura betalningen gäller i ${this.allocateIn}.`,
      };
    }
    if (docs.length > 0) return { invoice: '', note: refusal(docs[0], 'Meddelandet nämner', this.allocateIn) };
    return { invoice: '', note: '' };
  }
}

/** What an invoice has received according to the payment ledger. */
export interface Received {
  paid: Decimal;
  lastDate: IsoDate | '';
  payments: number;
}

/** Sum and latest booking day of the payments allocated to each document. */
export function receivedByInvoice(
  records: readonly Pick<PaymentRecord, 'invoice' | 'amount' | 'date'>[],
): Map<string, Received> {
  const out = new Map<string, Received>();
  for (const r of records) {
    const number = r.invoice.trim();
    if (!number) continue;
    const key = number.toUpperCase();
    const got = out.get(key) ?? { paid: ZERO, lastDate: '', payments: 0 };
    out.set(key, {
      paid: got.paid.plus(r.amount),
      lastDate: got.lastDate === '' || r.date > got.lastDate ? r.date : got.lastDate,
      payments: got.payments + 1,
    });
  }
  return out;
}

export function receivedFor(received: Map<string, Received>, number: string): Received {
  return received.get(number.trim().toUpperCase()) ?? { paid: ZERO, lastDate: '', payments: 0 };
}

/**
 * The Status an invoice should have given what it received: Betald, Delbetald or Överbetald once
 * something was received; `unpaid` (the status of a document that was never paid: Skickad or
 * Skapad, as the caller's register calls them) when a payment was moved away from it; a credited
 * invoice, a credit note and any other status without payments stay as they are.
 */
export function statusAfterPayments(doc: PayableDocument, received: Received, unpaid: string): string {
  if (isCredited(doc) || doc.credits.trim() !== '' || !doc.total.greaterThan(0)) return doc.status;
  if (received.payments === 0 || received.paid.isZero()) return isPaymentStatus(doc.status) ? unpaid : doc.status;
  if (received.paid.equals(doc.total)) return INVOICE_PAID;
  return received.paid.lessThan(doc.total) ? INVOICE_PART_PAID : INVOICE_OVERPAID;
}

/** Overdue on `date`: due date passed, total above 0, not credited, not a credit note, not fully paid. */
export function isOverdue(doc: PayableDocument, paid: Decimal, date: IsoDate): boolean {
  return doc.dueDate !== '' && doc.dueDate < date && expectsPayment(doc) && paid.lessThan(doc.total);
}

/** The date before which the invoice may not be reminded again ('' = may be reminded). */
export function remindBlockedUntil(reminded: IsoDate | '', date: IsoDate): IsoDate | '' {
  if (reminded === '') return '';
  return daysBetween(reminded, date) < REMINDER_INTERVAL_DAYS ? addDays(reminded, REMINDER_INTERVAL_DAYS) : '';
}

export function reminderDueDate(date: IsoDate): IsoDate {
  return addDays(date, REMINDER_DUE_DAYS);
}

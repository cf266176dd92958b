/**
 * Crediting an invoice (SPEC §8) as pure data: the credit note that cancels one registered
 * invoice in full, and what it releases (the invoice's attendance and trainer rows, its fixed
 * years, its trainer-pot figures) for the next run to bill again.
 *
 * A credit note is numbered in the invoices' one series (the year of its date), has its own OCR
 * reference, and carries the credited invoice's lines with quantity and amount negated (same
 * kind, course, year, unit price and trainer days), so that its total is exactly minus the
 * credited total.
 */
import { isIsoDate } from './dates';
import { creditedInvoices, isCreditNote } from './ledgerState';
import { sum, ZERO, type Decimal } from './money';
import { dueDate, formatInvoiceNumber, nextSequence, uniqueOcrReference } from './numbering';
import { linePotPart, potBalance } from './pot';
import type {
  AttendanceRow,
  InvoiceLine,
  IsoDate,
  Ledger,
  PlannedInvoice,
  RegisteredInvoice,
  Settings,
  TrainerRow,
} from './types';

/** The Körning of a credit note: it belongs to no billing run. */
export const CREDIT_RUN_ID = 'Kreditering';

export interface CreditRequest {
  invoice: string; // the number to credit
  date: IsoDate; // the credit note's date
  reason: string; // '' when none was given
}

/** Why a credit is refused; nothing is written. `message` is Swedish. */
export type CreditRefusal =
  | { kind: 'unknown'; number: string; message: string }
  | { kind: 'creditNote'; number: string; credits: string; message: string }
  | { kind: 'credited'; number: string; creditedBy: string; message: string }
  | { kind: 'date'; date: string; message: string }
  | { kind: 'settings'; message: string };

/** What a credit releases for the next run (SPEC §8). */
export interface Released {
  attendance: AttendanceRow[]; // rows stamped with the credited number: unbilled again
  trainers: TrainerRow[]; // trainer rows paid on it: unpaid again
  fixedYears: number[]; // years whose fixed line it cancels: billed again by the next run
}

export interface CreditPlan {
  /**
   * 'new': write the credit note. 'complete': the credit note is already committed (a crash
   * stopped the credit after its Fakturor row); only the credited invoice's Status and
   * Krediterad av remain to be written.
   */
  kind: 'new' | 'complete';
  credited: RegisteredInvoice;
  note: PlannedInvoice;
  runId: string;
  pot: {
    balanceBefore: Decimal; // the pot before the credit note
    collected: Decimal; // the trainer-pot component of its variable lines (0 or negative)
    paidOut: Decimal; // minus the payouts it reverses (0 or negative)
    carriedOver: Decimal; // always 0: a credit note pays nothing out
    balanceAfter: Decimal;
  };
  released: Released;
}

export interface CreditInput {
  settings: Settings;
  ledger: Ledger;
  attendance: readonly AttendanceRow[];
  trainers: readonly TrainerRow[];
}

/** A line of the credited invoice as it stands on the credit note: quantity and amount negated. */
export function negateLine(line: InvoiceLine): InvoiceLine {
  switch (line.kind) {
    case 'variable':
      return { ...line, quantity: line.quantity.negated(), amount: line.amount.negated() };
    case 'fixed':
      return { ...line, amount: line.amount.negated() };
    case 'trainerPot':
      return { ...line, amount: line.amount.negated() };
  }
}

function linesOf(ledger: Ledger, number: string): InvoiceLine[] {
  return ledger.lines.filter((l) => l.invoiceNumber === number).map((l) => l.line);
}

/** The refusal for a request, or null when the invoice may be credited (or its credit completed). */
export function creditRefusal(input: CreditInput, request: CreditRequest): CreditRefusal | null {
  const number = request.invoice.trim();
  const credited = input.ledger.invoices.find((i) => i.number === number);
  if (!credited) {
    return {
      kind: 'unknown',
      number,
      message: `Fakturan "${number}" finns inte i fakturaregistret. Ange numret på en registrerad faktura.`,
    };
  }
  if (isCreditNote(credited)) {
    return {
      kind: 'creditNote',
      number,
      credits: credited.credits ?? '',
      message: `${number} är en kreditfaktura (den krediterar ${(credited.credits ?? '').trim()}). En kreditfaktura kan inte krediteras.`,
    };
  }
  const by = creditedInvoices(input.ledger).get(number);
  // A committed credit note whose mirror on the invoice is written: nothing left to do.
  if (by !== undefined && (credited.creditedBy ?? '').trim() === by) {
    return {
      kind: 'credited',
      number,
      creditedBy: by,
      message: `Fakturan ${number} är redan krediterad av ${by}. En faktura krediteras bara en gång; fakturera om med Kör fakturering.`,
    };
  }
  if (!isIsoDate(request.date)) {
    return {
      kind: 'date',
      date: request.date,
      message: `Datumet "${request.date}" är inget giltigt datum (ÅÅÅÅ-MM-DD).`,
    };
  }
  if (by === undefined && request.date < credited.invoiceDate) {
    return {
      kind: 'date',
      date: request.date,
      message: `Kreditfakturans datum ${request.date} ligger före datumet ${credited.invoiceDate} för fakturan ${number} som den krediterar.`,
    };
  }
  if (by === undefined && input.settings.invoicePrefix.trim() === '') {
    return {
      kind: 'settings',
      message: 'Inställningen Fakturaprefix saknas: kreditfakturans nummer byggs av prefix, år och löpnummer.',
    };
  }
  return null;
}

/** The credit note of a registered document, with its lines from the register. */
function documentOf(
  doc: Pick<RegisteredInvoice, 'number' | 'municipality' | 'invoiceDate' | 'dueDate' | 'period' | 'ocr' | 'total'>,
  lines: InvoiceLine[],
  creditOf: PlannedInvoice['creditOf'],
): PlannedInvoice {
  const net = sum(lines.map((l) => l.amount));
  return {
    number: doc.number,
    municipality: doc.municipality,
    invoiceDate: doc.invoiceDate,
    dueDate: doc.dueDate,
    period: doc.period,
    ocr: doc.ocr,
    lines,
    net,
    vat: doc.total.minus(net),
    total: doc.total,
    credit: doc.total.lt(0),
    attendance: [],
    trainerRows: [],
    creditOf,
  };
}

/** Plans the credit of `request.invoice`. The request must pass creditRefusal. */
export function planCredit(input: CreditInput, request: CreditRequest): CreditPlan {
  const { settings, ledger } = input;
  const number = request.invoice.trim();
  const credited = ledger.invoices.find((i) => i.number === number);
  if (!credited) throw new Error(`Fakturan "${number}" finns inte i fakturaregistret.`);
  const existing = creditedInvoices(ledger).get(number);
  const creditOf = { number, invoiceDate: credited.invoiceDate, reason: request.reason.trim() };

  let note: PlannedInvoice;
  if (existing !== undefined) {
    // Completing an interrupted credit: the committed credit note as registered.
    const registered = ledger.invoices.find((i) => i.number === existing)!;
    note = documentOf(registered, linesOf(ledger, existing), creditOf);
  } else {
    const year = Number(request.date.slice(0, 4));
    const noteNumber = formatInvoiceNumber(
      settings.invoicePrefix,
      year,
      nextSequence(ledger, settings.invoicePrefix, year),
    );
    note = documentOf(
      {
        number: noteNumber,
        municipality: credited.municipality,
        invoiceDate: request.date,
        dueDate: dueDate(request.date, settings.paymentDays),
        period: credited.period,
        ocr: uniqueOcrReference(noteNumber, settings.ocrLengthDigit, new Set(ledger.invoices.map((i) => i.ocr))),
        total: credited.total.negated(),
      },
      linesOf(ledger, number).map(negateLine),
      creditOf,
    );
  }

  const collected = sum(note.lines.flatMap((l) => (l.kind === 'variable' ? [linePotPart(l)] : [])));
  const paidOut = sum(note.lines.flatMap((l) => (l.kind === 'trainerPot' ? [l.amount.negated()] : [])));
  const change = collected.minus(paidOut);
  // A committed credit note is already in the register's pot balance.
  const balanceBefore = existing === undefined ? potBalance(ledger) : potBalance(ledger).minus(change);
  const fixedYears = [...new Set(note.lines.flatMap((l) => (l.kind === 'fixed' ? [l.year] : [])))].sort(
    (a, b) => a - b,
  );
  return {
    kind: existing === undefined ? 'new' : 'complete',
    credited,
    note,
    runId: CREDIT_RUN_ID,
    pot: { balanceBefore, collected, paidOut, carriedOver: ZERO, balanceAfter: balanceBefore.plus(change) },
    released: {
      attendance: input.attendance.filter((a) => a.invoiceNumber.trim() === number),
      trainers: input.trainers.filter((t) => t.payoutInvoice.trim() === number),
      fixedYears,
    },
  };
}

/** The sending dialog's list: every invoice of the register with what sending would do with it. */
import { formatKronor } from '../../core/format';
import { money2 } from '../../core/money';
import type { RegisteredInvoice } from '../../core/types';
import type { WorkbookPort } from '../../workbook/port';
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
} from './eligibility';

/** One register row as the sending dialog shows it. */
export interface SendableInvoice {
  number: string;
  municipality: string;
  period: string;
  invoiceDate: string;
  dueDate: string;
  ocr: string;
  total: string; // '40300.00'
  totalText: string; // '40 300,00 kr'
  /** The amount as the document states it, never negative: '16 089,00 kr' after "Att erhålla" (SPEC §3.6). */
  amountText: string;
  credit: boolean;
  status: string; // Skapad | Skickad | Fel: …
  sentAt: string; // Skickad
  sentTo: string; // Mottagare
  /** Where it goes: the municipality's E-post ('' if missing). */
  recipient: string;
  /** Can be sent now (Skapad or Fel, valid address, the invoice sheet exists). */
  sendable: boolean;
  /** Already Skickad: can only be sent again on purpose. */
  resendable: boolean;
  /** Why it cannot be sent, in Swedish; '' when it can. */
  problem: string;
}

export interface SendList {
  invoices: SendableInvoice[];
  /** Blocking problems (the workbook cannot be read, the user may not send), in Swedish. */
  errors: string[];
  user: string;
}

function describe(snapshot: WorkbookSnapshot, invoice: RegisteredInvoice): SendableInvoice {
  const interrupted = isSendingStatus(invoice.status);
  const sent = isSentStatus(invoice.status) || interrupted;
  const m = findMunicipality(snapshot.input, invoice.municipality);
  const credited = creditedProblem(snapshot.input, invoice);
  const problem = credited || (interrupted ? interruptedProblem(invoice) : sent ? '' : sendProblem(snapshot, invoice));
  return {
    number: invoice.number,
    municipality: invoice.municipality,
    period: invoice.period,
    invoiceDate: invoice.invoiceDate,
    dueDate: invoice.dueDate,
    ocr: invoice.ocr,
    total: money2(invoice.total),
    totalText: formatKronor(invoice.total),
    amountText: formatKronor(invoice.total.abs()),
    credit: invoice.total.isNegative() && !invoice.total.isZero(),
    status: invoice.status,
    sentAt: invoice.sent,
    sentTo: invoice.recipient,
    recipient: m?.email.trim() ?? '',
    sendable: !sent && problem === '',
    resendable: sent && credited === '',
    problem,
  };
}

/** Every invoice of the register with what sending would do with it. */
export function listSendable(port: WorkbookPort, options: { user?: string } = {}): SendList {
  const snapshot = readWorkbook(port);
  const errors = blockingErrors(snapshot);
  const notAllowed = userProblem(snapshot.input.settings, options.user);
  if (notAllowed) errors.push(notAllowed);
  const invoices = snapshot.input.ledger.invoices.map((inv) => describe(snapshot, inv));
  return { invoices, errors, user: (options.user ?? '').trim() };
}

/** Every invoice that a plain Skicka would send now (Skapad or Fel, with a valid address). */
export function unsentNumbers(list: SendList): string[] {
  return list.invoices.filter((i) => i.sendable).map((i) => i.number);
}

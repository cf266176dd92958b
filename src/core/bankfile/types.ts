/** What a bank file says, whatever its format: the incoming payments it reports. */
import type { Decimal } from '../money';
import type { IsoDate } from '../types';

export type BankFileFormat = 'camt.054' | 'BgMax';

/** One incoming payment as the bank reports it. */
export interface BankPayment {
  /** The bank's unique reference of the payment: reading it again is recognised by it. */
  bankReference: string;
  /** Booking date (camt.054 BookgDt, BgMax the deposit's payment day). */
  date: IsoDate;
  /** Amount received; negative only for a BgMax deduction (TK21). */
  amount: Decimal;
  /** The structured reference (an OCR number), '' when the payer gave none. */
  reference: string;
  /** Free text the payer wrote (camt.054 Ustrd, BgMax a non-OCR reference and TK25 information). */
  message: string;
  /** The payer's name as the bank gives it ('' when not given). */
  payer: string;
  /** Where the payment is in the file, in Swedish, for messages ("post 3, transaktion 2"). */
  where: string;
}

export interface BankFile {
  format: BankFileFormat;
  /** camt.054.001.08, or BgMax 01. */
  version: string;
  /** Credit payments in file order. */
  payments: BankPayment[];
}

export type BankFileResult = { ok: true; file: BankFile } | { ok: false; errors: string[] };

/** How many problems of a broken file are listed before the rest are summarised. */
export const MAX_FILE_ERRORS = 20;

export function fileErrors(errors: string[]): BankFileResult {
  if (errors.length <= MAX_FILE_ERRORS) return { ok: false, errors };
  return {
    ok: false,
    errors: [...errors.slice(0, MAX_FILE_ERRORS), `… och ${errors.length - MAX_FILE_ERRORS} fel till.`],
  };
}

/** The text shown as a payment's reference: the OCR when given, else the payer's message. */
export function shownReference(p: Pick<BankPayment, 'reference' | 'message'>): string {
  return p.reference || p.message;
}

/** Invoice numbers, OCR references and due dates (SPEC §3.7). */
import type { IsoDate, Ledger } from './types';

/** 'YR-2024-0015'. */
export function formatInvoiceNumber(prefix: string, year: number, sequence: number): string {
  throw new Error('not implemented');
}
export function parseInvoiceNumber(text: string): { prefix: string; year: number; sequence: number } | null {
  throw new Error('not implemented');
}
/** The next free sequence number of (prefix, year) in the register: gap-free, starting at 1. */
export function nextSequence(ledger: Ledger, prefix: string, year: number): number {
  throw new Error('not implemented');
}
/** OCR reference of an invoice number: its digits, optionally Bankgirot's length digit, then a Luhn check digit. */
export function ocrReference(invoiceNumber: string, withLengthDigit: boolean): string {
  throw new Error('not implemented');
}
export function dueDate(invoiceDate: IsoDate, paymentDays: number): IsoDate {
  throw new Error('not implemented');
}

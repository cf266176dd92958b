/** Invoice numbers, OCR references and due dates (SPEC §3.7). */
import { addDays } from './dates';
import { luhnCheckDigit } from './luhn';
import type { IsoDate, Ledger } from './types';

/** 'YR-2024-0015'. */
export function formatInvoiceNumber(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${String(year).padStart(4, '0')}-${String(sequence).padStart(4, '0')}`;
}

const NUMBER = /^(.+)-(\d{4})-(\d{4,})$/;

export function parseInvoiceNumber(text: string): { prefix: string; year: number; sequence: number } | null {
  if (typeof text !== 'string') return null;
  const m = NUMBER.exec(text.trim());
  if (!m) return null;
  return { prefix: m[1], year: Number(m[2]), sequence: Number(m[3]) };
}

/** The next free sequence number of (prefix, year) in the register: gap-free, starting at 1. */
export function nextSequence(ledger: Ledger, prefix: string, year: number): number {
  let max = 0;
  for (const inv of ledger.invoices) {
    const p = parseInvoiceNumber(inv.number);
    if (p && p.prefix === prefix && p.year === year && p.sequence > max) max = p.sequence;
  }
  return max + 1;
}

/** OCR reference of an invoice number: its digits, optionally Bankgirot's length digit, then a Luhn check digit. */
export function ocrReference(invoiceNumber: string, withLengthDigit: boolean): string {
  return ocrOfDigits(numberDigits(invoiceNumber), withLengthDigit);
}

/** Year + sequence: digits in a prefix would only lengthen the reference. */
function numberDigits(invoiceNumber: string): string {
  const p = parseInvoiceNumber(invoiceNumber);
  const digits = p
    ? String(p.year).padStart(4, '0') + String(p.sequence).padStart(4, '0')
    : invoiceNumber.replace(/\D/g, '');
  if (digits === '') throw new Error(`Fakturanumret saknar siffror: ${invoiceNumber}`);
  return digits;
}

function ocrOfDigits(base: string, withLengthDigit: boolean): string {
  const digits = withLengthDigit ? base + String((base.length + 2) % 10) : base;
  return digits + String(luhnCheckDigit(digits));
}

/**
 * The OCR reference of a new document, unique among `taken` (every OCR of the register and of the
 * run so far). Year + sequence repeat when the Fakturaprefix changes within a year (YR-2025-0001
 * and NK-2025-0001): the later one then gets a disambiguating digit (or digits) after the sequence,
 * the smallest that is free, so that a payment's reference always names one document.
 */
export function uniqueOcrReference(
  invoiceNumber: string,
  withLengthDigit: boolean,
  taken: ReadonlySet<string>,
): string {
  const base = numberDigits(invoiceNumber);
  let ocr = ocrOfDigits(base, withLengthDigit);
  for (let k = 1; taken.has(ocr); k++) ocr = ocrOfDigits(base + String(k), withLengthDigit);
  return ocr;
}

export function dueDate(invoiceDate: IsoDate, paymentDays: number): IsoDate {
  return addDays(invoiceDate, paymentDays);
}

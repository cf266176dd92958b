import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, daysBetween, isIsoDate, lastDayOfMonth } from '../../src/core/dates';
import { isLuhnValid, isValidOrgNumber, luhnCheckDigit, vatNumber } from '../../src/core/luhn';
import { dueDate, formatInvoiceNumber, nextSequence, ocrReference, parseInvoiceNumber } from '../../src/core/numbering';
import type { Ledger, RegisteredInvoice } from '../../src/core/types';
import { Dec } from '../../src/core/money';

describe('dates', () => {
  it('validates real calendar dates strictly', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2024-04-31')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-00-10')).toBe(false);
    expect(isIsoDate('2024-1-01')).toBe(false);
    expect(isIsoDate(' 2024-01-01')).toBe(false);
    expect(isIsoDate('2024-01-01T00:00')).toBe(false);
  });
  it('adds days across months and years', () => {
    expect(addDays('2024-12-20', 30)).toBe('2025-01-19');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('0050-01-01', 0)).toBe('0050-01-01');
  });
  it('gives the last day of a month', () => {
    expect(lastDayOfMonth('2024-05')).toBe('2024-05-31');
    expect(lastDayOfMonth('2024-12')).toBe('2024-12-31');
    expect(lastDayOfMonth('2024-02')).toBe('2024-02-29');
    expect(lastDayOfMonth('2025-02')).toBe('2025-02-28');
    expect(() => lastDayOfMonth('2025-13')).toThrow();
  });
  it('agrees with UTC Date arithmetic', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 * 366 }), fc.integer({ min: -1000, max: 1000 }), (offset, delta) => {
        const base = new Date(Date.UTC(1950, 0, 1) + offset * 86400000).toISOString().slice(0, 10);
        const expected = new Date(Date.UTC(1950, 0, 1) + (offset + delta) * 86400000).toISOString().slice(0, 10);
        expect(isIsoDate(base)).toBe(true);
        expect(addDays(base, delta)).toBe(expected);
        expect(daysBetween(base, expected)).toBe(delta);
      }),
    );
  });
});

describe('luhn and org numbers', () => {
  it('checks the agreement org numbers', () => {
    for (const n of [
      '212000-2668',
      '212000-2650',
      '212000-2767',
      '212000-2726',
      '212000-2775',
      '212000-2676',
      '212000-2692',
      '212000-2783',
      '212000-2742',
      '212000-2718',
      '212000-2759',
      '212000-2734',
      '212000-2684',
      '212000-2700',
    ]) {
      expect(isValidOrgNumber(n)).toBe(true);
      expect(isValidOrgNumber(n.replace('-', ''))).toBe(true);
    }
    expect(isValidOrgNumber('212000-2669')).toBe(false);
    expect(isValidOrgNumber('212000 2668')).toBe(false);
    expect(isValidOrgNumber('21200-02668')).toBe(false);
    expect(isValidOrgNumber('')).toBe(false);
  });
  it('computes check digits', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
    expect(isLuhnValid('79927398713')).toBe(true);
    expect(isLuhnValid('79927398710')).toBe(false);
    expect(vatNumber('212000-2668')).toBe('SE212000266801');
  });
});

function ledgerOf(numbers: string[]): Ledger {
  const invoices: RegisteredInvoice[] = numbers.map((number) => ({
    number,
    invoiceDate: '2024-05-20',
    dueDate: '2024-06-19',
    period: '2024-05',
    municipality: 'Boden',
    total: new Dec(0),
    ocr: '',
    status: 'Skapad',
    sent: '',
    recipient: '',
    run: '2024-05/1',
    credits: '',
    creditedBy: '',
  }));
  return { invoices, lines: [] };
}

describe('numbering', () => {
  it('formats and parses invoice numbers', () => {
    expect(formatInvoiceNumber('YR', 2024, 15)).toBe('YR-2024-0015');
    expect(formatInvoiceNumber('YR', 2024, 12345)).toBe('YR-2024-12345');
    expect(parseInvoiceNumber('YR-2024-0015')).toEqual({ prefix: 'YR', year: 2024, sequence: 15 });
    expect(parseInvoiceNumber('NK-YR-2025-0001')).toEqual({ prefix: 'NK-YR', year: 2025, sequence: 1 });
    expect(parseInvoiceNumber('YR-24-0015')).toBeNull();
    expect(parseInvoiceNumber('')).toBeNull();
  });
  it('continues the sequence of the prefix and year', () => {
    const ledger = ledgerOf(['YR-2024-0001', 'YR-2024-0002', 'YR-2023-0009', 'XX-2024-0040']);
    expect(nextSequence(ledger, 'YR', 2024)).toBe(3);
    expect(nextSequence(ledger, 'YR', 2023)).toBe(10);
    expect(nextSequence(ledger, 'YR', 2025)).toBe(1);
    expect(nextSequence({ invoices: [], lines: [] }, 'YR', 2024)).toBe(1);
  });
  it('builds OCR references with length and check digit', () => {
    const ocr = ocrReference('YR-2024-0015', true);
    expect(ocr.slice(0, 9)).toBe('202400150');
    expect(ocr).toHaveLength(10);
    expect(isLuhnValid(ocr)).toBe(true);
    expect(ocr).toBe('2024001501');
    const short = ocrReference('YR-2024-0015', false);
    expect(short).toBe('20240015' + luhnCheckDigit('20240015'));
    expect(ocrReference('YR-2024-12345', true)).toMatch(/^202412345\d\d$/);
    expect(ocrReference('YR-2024-12345', true)[9]).toBe('1');
  });
  it('OCR always passes Luhn and the length digit matches', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 2099 }),
        fc.integer({ min: 1, max: 99999 }),
        fc.boolean(),
        (y, s, len) => {
          const ocr = ocrReference(formatInvoiceNumber('YR', y, s), len);
          expect(isLuhnValid(ocr)).toBe(true);
          if (len) expect(Number(ocr[ocr.length - 2])).toBe(ocr.length % 10);
        },
      ),
    );
  });
  it('due date = invoice date + payment days', () => {
    expect(dueDate('2024-12-20', 30)).toBe('2025-01-19');
    expect(dueDate('2024-05-31', 0)).toBe('2024-05-31');
  });
});

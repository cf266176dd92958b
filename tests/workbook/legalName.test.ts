/** The buyer's legal name (SPEC §2.2 Juridiskt namn) on the invoice sheet, the e-mail and the e-invoice. */
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/core/money';
import type { PlannedInvoice } from '../../src/core/types';
import { plannedEInvoice } from '../../src/workbook/einvoice/documents';
import { documentToLines, invoiceDocument } from '../../src/workbook/invoiceSheet';
import { buyerLegalName } from '../../src/workbook/legalName';
import { invoiceMail } from '../../src/workbook/mail';
import { defaultSettings, municipality } from '../core/builders';

const haparanda = {
  ...municipality('Haparanda', { orgNumber: '212000-2775', invoiceReference: 'R1', email: 'a@b.se' }),
  legalName: 'Haparanda stad',
};
const invoice: PlannedInvoice = {
  number: 'YR-2025-0001',
  municipality: 'Haparanda',
  invoiceDate: '2025-05-31',
  dueDate: '2025-06-30',
  period: '2025-05',
  ocr: '2025000163',
  lines: [{ kind: 'fixed', year: 2025, months: 12, amount: new Dec(36590) }],
  net: new Dec(36590),
  vat: new Dec(0),
  total: new Dec(36590),
  credit: false,
  attendance: [],
  trainerRows: [],
};

describe('Juridiskt namn', () => {
  it('the column wins; without it the Kommun name', () => {
    expect(buyerLegalName(haparanda)).toBe('Haparanda stad');
    expect(buyerLegalName({ name: 'Testby', orgNumber: '', legalName: '' })).toBe('Testby');
  });
  it('is the buyer on the invoice sheet, in the e-mail and in the e-invoice', () => {
    const ctx = { settings: defaultSettings(), municipalities: [haparanda], courses: [] };
    expect(documentToLines(invoiceDocument(invoice, ctx)).join('\n')).toContain('Haparanda stad');
    expect(invoiceMail(invoice, defaultSettings(), haparanda, { test: false }).text).toContain('till Haparanda stad.');
    expect(plannedEInvoice(invoice, ctx).xml).toContain('<cbc:RegistrationName>Haparanda stad</cbc:RegistrationName>');
  });
});

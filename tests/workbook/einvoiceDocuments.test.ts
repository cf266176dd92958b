/** E-invoices of planned and registered documents: the same text, and a credit note from the register. */
import { describe, expect, it } from 'vitest';
import { ledgerEntries } from '../core/builders';
import type { RegisteredInvoice } from '../../src/core/types';
import { plannedEInvoice, registeredEInvoice } from '../../src/workbook/einvoice/documents';
import { eSettings, plannedRuns } from '../einvoice/documents';

describe('registeredEInvoice', () => {
  const { input, december } = plannedRuns(eSettings());
  const entries = ledgerEntries(december);
  const ledger = {
    invoices: [...input.ledger.invoices, ...entries.invoices],
    lines: [...input.ledger.lines, ...entries.lines],
  };
  const ctx = { settings: input.settings, municipalities: input.municipalities, courses: input.courses };

  it('rebuilds exactly the e-invoice the billing run wrote', () => {
    for (const inv of december.invoices) {
      expect(registeredEInvoice(inv.number, { ...ctx, ledger })).toEqual(plannedEInvoice(inv, ctx));
    }
  });

  it('a register row that credits another is a CreditNote with BillingReference', () => {
    const credited = december.invoices[0];
    const note: RegisteredInvoice & { credits: string } = {
      ...entries.invoices[0],
      number: 'YR-2025-0001',
      invoiceDate: '2025-01-15',
      dueDate: '2025-02-14',
      ocr: '2025000163',
      total: credited.total.neg(),
      credits: credited.number,
    };
    const lines = entries.lines
      .filter((l) => l.invoiceNumber === credited.number)
      .map((l) => ({
        invoiceNumber: note.number,
        line: {
          ...l.line,
          amount: l.line.amount.neg(),
          ...(l.line.kind === 'variable' ? { quantity: l.line.quantity.neg() } : {}),
        },
      }));
    const e = registeredEInvoice(note.number, {
      ...ctx,
      ledger: { invoices: [...ledger.invoices, note], lines: [...ledger.lines, ...lines] },
    });
    expect(e.fileName).toBe(`YR-2025-0001 ${credited.municipality}.xml`);
    expect(e.xml).toMatch(/^<\?xml[^>]*>\n<CreditNote /);
    expect(e.xml.replace(/\s+</g, '<')).toContain(
      `<cac:InvoiceDocumentReference><cbc:ID>${credited.number}</cbc:ID><cbc:IssueDate>${credited.invoiceDate}</cbc:IssueDate>`,
    );
    expect(e.xml).toContain(`<cbc:PayableAmount currencyID="SEK">${credited.total.toFixed(2)}</cbc:PayableAmount>`);
  });

  it('a planned credit note (creditOf) is a CreditNote too', () => {
    const inv = {
      ...december.invoices[0],
      creditOf: { number: 'YR-2024-0001', invoiceDate: '2024-05-31', reason: 'Fel kurs' },
    };
    const xml = plannedEInvoice(inv, ctx).xml;
    expect(xml).toContain('<CreditNote ');
    expect(xml).toContain('<cbc:Note>Krediterar faktura YR-2024-0001 av 2024-05-31. Fel kurs</cbc:Note>');
  });

  it('an unknown number is refused', () => {
    expect(() => registeredEInvoice('YR-1999-0001', { ...ctx, ledger })).toThrow(/finns inte i registret/);
  });
});

/** What the e-invoice says (SPEC §9), read back with an XML parser. */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { invoicePeriod, eInvoiceXml, eInvoiceFileName } from '../../src/workbook/einvoice/ubl';
import { parsePostalAddress } from '../../src/workbook/einvoice/address';
import { suiteDocuments } from '../einvoice/documents';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => ['InvoiceLine', 'CreditNoteLine', 'PartyTaxScheme'].includes(name),
});
const docs = new Map(suiteDocuments().map((d) => [d.name, d.input]));
const parse = (name: string) => {
  const xml = eInvoiceXml(docs.get(name)!);
  const tree = parser.parse(xml);
  return tree.Invoice ?? tree.CreditNote;
};

describe('the e-invoice of an invoice', () => {
  const inv = parse('maj Luleå (E)');
  it('is an Invoice 380 in SEK with the buyer reference and the half-year as period', () => {
    expect(inv.InvoiceTypeCode).toBe('380');
    expect(inv.DocumentCurrencyCode).toBe('SEK');
    expect(inv.BuyerReference).toBe('ANS-2742');
    expect(inv.InvoicePeriod).toEqual({ StartDate: '2024-01-01', EndDate: '2024-05-31' });
    expect(inv.DueDate).toBe('2024-06-30');
  });
  it('names the seller by org. number (0007) and VAT number, the buyer by its legal name and Peppol-ID', () => {
    const seller = inv.AccountingSupplierParty.Party;
    expect(seller.EndpointID).toEqual({ '#text': '2220001875', '@schemeID': '0007' });
    expect(seller.PartyTaxScheme.map((p: { CompanyID: string }) => p.CompanyID)).toEqual(['SE222000187501']);
    const buyer = inv.AccountingCustomerParty.Party;
    expect(buyer.EndpointID).toEqual({ '#text': '2120002742', '@schemeID': '0007' });
    expect(buyer.PartyLegalEntity.RegistrationName).toBe('Luleå kommun');
    expect(buyer.PostalAddress).toMatchObject({ StreetName: 'Box 12', CityName: 'Luleå', PostalZone: '971 85' });
  });
  it('pays to the bankgiro with the OCR as payment id', () => {
    expect(inv.PaymentMeans.PaymentMeansCode).toBe('30');
    expect(inv.PaymentMeans.PaymentID).toMatch(/^\d+$/);
    expect(inv.PaymentMeans.PayeeFinancialAccount).toEqual({
      ID: '50501055',
      FinancialInstitutionBranch: { ID: 'SE:BANKGIRO' },
    });
  });
  it('has one line per invoice line with the exemption reason on the VAT breakdown', () => {
    expect(inv.InvoiceLine.map((l: { InvoicedQuantity: { '#text': string } }) => l.InvoicedQuantity['#text'])).toEqual([
      '28',
      '2.5',
      '1',
    ]);
    expect(inv.InvoiceLine[0].Item.Name).toBe('Kursavgift BOU-B1 Barn och unga – bas & <fördjupning>');
    expect(inv.TaxTotal.TaxSubtotal.TaxCategory).toMatchObject({
      ID: 'E',
      Percent: '0',
      TaxExemptionReason: 'Momsfri',
    });
  });
});

describe('negative lines and credit notes', () => {
  it('a payout is a negative quantity at a positive price', () => {
    const dec = parse('december Boden med utbetalning (E)');
    const pot = dec.InvoiceLine.find((l: { Item: { Name: string } }) => l.Item.Name.startsWith('Utbildarpott'));
    expect(pot.InvoicedQuantity['#text']).toBe('-1');
    expect(Number(pot.Price.PriceAmount['#text'])).toBeGreaterThan(0);
    expect(Number(pot.LineExtensionAmount['#text'])).toBeLessThan(0);
  });
  it('a credit note is a CreditNote 381 naming the credited invoice and its date; its payout line is negative', () => {
    const cn = parse('kredit december Boden (E)');
    expect(cn.CreditNoteTypeCode).toBe('381');
    expect(cn.BillingReference.InvoiceDocumentReference).toEqual({
      ID: expect.stringMatching(/^YR-2024-\d{4}$/),
      IssueDate: '2024-12-20',
    });
    expect(cn.InvoicePeriod).toEqual({ StartDate: '2024-07-01', EndDate: '2024-12-31' });
    const quantities = cn.CreditNoteLine.map(
      (l: { CreditedQuantity: { '#text': string } }) => l.CreditedQuantity['#text'],
    );
    expect(quantities).toEqual(['10', '-1']);
  });
  it('category S carries the rate and F-skatt; O carries neither rate nor VAT number', () => {
    const s = parse('maj Luleå moms 25 % (S) med F-skatt');
    expect(s.AccountingSupplierParty.Party.PartyTaxScheme.map((p: { CompanyID: string }) => p.CompanyID)).toEqual([
      'SE222000187501',
      'Godkänd för F-skatt',
    ]);
    expect(s.TaxTotal.TaxSubtotal.TaxCategory).toMatchObject({ ID: 'S', Percent: '25' });
    const o = parse('december Boden utanför momsen (O)');
    expect(o.AccountingSupplierParty.Party.PartyTaxScheme).toBeUndefined();
    expect(o.TaxTotal.TaxSubtotal.TaxCategory.Percent).toBeUndefined();
    expect(o.TaxTotal.TaxSubtotal.TaxCategory.TaxExemptionReason).toBe('Utanför momsens tillämpningsområde');
  });
  it('a GLN buyer is addressed with scheme 0088', () => {
    expect(parse('maj Pajala med GLN').AccountingCustomerParty.Party.EndpointID).toEqual({
      '#text': '7350000000016',
      '@schemeID': '0088',
    });
  });
});

describe('helpers', () => {
  it('invoice period of May and December runs', () => {
    expect(invoicePeriod('2025-05')).toEqual({ start: '2025-01-01', end: '2025-05-31' });
    expect(invoicePeriod('2025-12')).toEqual({ start: '2025-07-01', end: '2025-12-31' });
  });
  it('file name', () =>
    expect(eInvoiceFileName({ number: 'YR-2025-0001', municipality: 'Övertorneå' })).toBe(
      'YR-2025-0001 Övertorneå.xml',
    ));
  it.each([
    ['Box 947, 971 28 Luleå', { street: 'Box 947', additional: '', postalZone: '971 28', city: 'Luleå' }],
    [
      'Luleå kommun\nFakturaservice\nBox 50070\n97324 Luleå',
      { street: 'Box 50070', additional: 'Luleå kommun, Fakturaservice', postalZone: '973 24', city: 'Luleå' },
    ],
    ['Kommunhuset, Kiruna', { street: 'Kiruna', additional: 'Kommunhuset', postalZone: '', city: '' }],
    ['', { street: '', additional: '', postalZone: '', city: '' }],
  ])('address %j', (text, parts) => expect(parsePostalAddress(text)).toEqual(parts));
});

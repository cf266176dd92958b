/**
 * The validation the e-invoice tests rely on can fail: a document broken in one way fails the
 * very rule a receiving access point would cite (or the schema, for a misplaced element).
 */
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/core/money';
import { eInvoiceXml } from '../../src/workbook/einvoice/ubl';
import { suiteDocuments } from './documents';
import { ruleFailures, schemaErrors } from './validators';

const suite = suiteDocuments();
const base = suite.find((d) => d.name === 'maj Luleå (E)')!.input;
const xml = eInvoiceXml(base);
const ids = (text: string) => [...new Set(ruleFailures(text).map((f) => f.id))];

describe('a broken e-invoice fails the rule that names the fault', () => {
  it('without BuyerReference: PEPPOL-EN16931-R003', () => {
    const without = xml.replace(/\s*<cbc:BuyerReference>[^<]*<\/cbc:BuyerReference>/, '');
    expect(without).not.toBe(xml);
    expect(ids(without)).toContain('PEPPOL-EN16931-R003');
  });

  it('a bankgiro of nine digits: SE-R-009', () => {
    expect(ids(xml.replace('<cbc:ID>50501055</cbc:ID>', '<cbc:ID>505010550</cbc:ID>'))).toContain('SE-R-009');
  });

  it('category S at 20 %: SE-R-006', () => {
    const s = { ...base, settings: { ...base.settings, vatCategory: 'S' as const, vatPercent: new Dec(20) } };
    expect(ids(eInvoiceXml(s))).toContain('SE-R-006');
  });

  it('category O with the seller’s VAT number: BR-O-02', () => {
    const o = eInvoiceXml({ ...base, settings: { ...base.settings, vatCategory: 'O' } });
    const withVat = o.replace(
      '<cac:PartyLegalEntity>',
      '<cac:PartyTaxScheme><cbc:CompanyID>SE222000187501</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>\n<cac:PartyLegalEntity>',
    );
    expect(ids(withVat)).toContain('BR-O-02');
  });

  it('category E without an exemption reason: BR-E-10', () => {
    expect(ids(eInvoiceXml({ ...base, settings: { ...base.settings, vatExemption: '' } }))).toContain('BR-E-10');
  });

  it('a GLN with a wrong check digit: PEPPOL-COMMON-R040', () => {
    const gln = xml.replace(
      /<cbc:EndpointID schemeID="0007">2120002742<\/cbc:EndpointID>/,
      '<cbc:EndpointID schemeID="0088">7350000000017</cbc:EndpointID>',
    );
    expect(gln).not.toBe(xml);
    expect(ids(gln)).toContain('PEPPOL-COMMON-R040');
  });

  it('a negative price: BR-27', () => {
    expect(
      ids(xml.replace(/<cbc:PriceAmount currencyID="SEK">1550.00</, '<cbc:PriceAmount currencyID="SEK">-1550.00<')),
    ).toContain('BR-27');
  });

  it('a total that is not the sum of the lines: BR-CO-10', () => {
    expect(
      ids(xml.replace(/(<cac:LegalMonetaryTotal>\s*<cbc:LineExtensionAmount currencyID="SEK">)\d+/, '$11')),
    ).toContain('BR-CO-10');
  });

  it('DueDate before IssueDate breaks the UBL 2.1 schema order', async () => {
    const swapped = xml.replace(
      /(<cbc:IssueDate>[^<]*<\/cbc:IssueDate>)(\s*)(<cbc:DueDate>[^<]*<\/cbc:DueDate>)/,
      '$3$2$1',
    );
    expect(swapped).not.toBe(xml);
    const errors = await schemaErrors([{ name: 'swapped', xml: swapped }]);
    expect(errors.get('swapped')!.join('\n')).toMatch(/DueDate.*not expected/);
  });
});

/**
 * Peppol BIS Billing 3.0 (SPEC §9): one UBL 2.1 `Invoice` (380) per invoice and one `CreditNote`
 * (381) per credit note, built from the document as planned or registered. Pure: both hosts
 * write exactly this text.
 *
 * Elements follow the UBL 2.1 schema's sequence (maindoc UBL-Invoice-2.1.xsd /
 * UBL-CreditNote-2.1.xsd and the common aggregate types); the test suite validates every
 * document against that schema and against the official CEN EN 16931 and Peppol rule sets.
 *
 * Signs: a document states its amounts as the buyer reads them. An invoice's lines are sent with
 * their register sign; a credit note's with the opposite sign (the type code says it credits),
 * so a credit note of an ordinary invoice has positive lines and a credited payout a negative
 * one. A negative line always has a negative quantity and a positive price (BR-27).
 */
import { lastDayOfMonth } from '../../core/dates';
import { bankgiroDigits, parsePeppolId, sellerVatNumber } from '../../core/identifiers';
import { isValidOrgNumber } from '../../core/luhn';
import { Dec, toOre, type Decimal } from '../../core/money';
import type { Course, InvoiceLine, IsoDate, Municipality, Settings, VatCategory } from '../../core/types';
import { F_SKATT_TEXT, lineDescription } from '../invoiceSheet';
import { parsePostalAddress } from './address';
import { el, serializeXml, type XmlElement, type XmlNode } from './xml';

export const CUSTOMIZATION_ID = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
export const PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';
export const CURRENCY = 'SEK';
export const BANKGIRO_BRANCH = 'SE:BANKGIRO';
const NS = {
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  creditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};

/** The settings an e-invoice reads (SPEC §2.1). */
export type EInvoiceSettings = Pick<
  Settings,
  | 'association'
  | 'orgNumber'
  | 'address'
  | 'bankgiro'
  | 'vatPercent'
  | 'contactPerson'
  | 'replyTo'
  | 'vatCategory'
  | 'vatExemption'
  | 'vatNumber'
  | 'fSkatt'
>;

/** The buyer's details an e-invoice reads (SPEC §2.2); `legalName` as printed (workbook/legalName.ts). */
export type EInvoiceBuyer = Pick<
  Municipality,
  'name' | 'orgNumber' | 'invoiceAddress' | 'invoiceReference' | 'legalName' | 'peppolId'
>;

/** An invoice or a credit note, with its lines as they are in the register. */
export interface EInvoiceDocument {
  type: 'invoice' | 'creditNote';
  number: string;
  invoiceDate: IsoDate;
  dueDate: IsoDate;
  period: string; // 'YYYY-MM': the run (for a credit note, the credited invoice's run)
  ocr: string;
  lines: readonly InvoiceLine[];
  net: Decimal; // sum of the lines
  vat: Decimal;
  total: Decimal;
  /** A credit note: the invoice it credits. */
  credits?: { number: string; invoiceDate: IsoDate };
  /** A credit note's reason, if one was given. */
  reason?: string;
}

export interface EInvoiceInput {
  document: EInvoiceDocument;
  settings: EInvoiceSettings;
  buyer: EInvoiceBuyer;
  courses: readonly Course[];
}

/** The e-invoice's file name: '<number> <municipality>.xml'. */
export function eInvoiceFileName(document: { number: string; municipality: string }): string {
  return `${document.number} ${document.municipality}.xml`;
}

/** The run's half-year up to its cut-off: 'YYYY-05' → Jan 1 – May 31, 'YYYY-12' → Jul 1 – Dec 31. */
export function invoicePeriod(period: string): { start: IsoDate; end: IsoDate } {
  const year = period.slice(0, 4);
  const month = Number(period.slice(5, 7));
  return { start: `${year}-${month <= 6 ? '01' : '07'}-01`, end: lastDayOfMonth(period) };
}

/** Categories S (standard rate) and E (exempt) need the seller's VAT number; O (outside the scope) must not carry one. */
export function categoryNeedsVatNumber(category: VatCategory): boolean {
  return category !== 'O';
}

const amount = (d: Decimal): string => toOre(d).toFixed(2);
const quantity = (d: Decimal): string => d.toFixed();
const digits = (text: string): string => text.replace(/\D/g, '');
const money = (name: string, d: Decimal): XmlElement => el(name, amount(d), { currencyID: CURRENCY });

function address(text: string): XmlElement {
  const a = parsePostalAddress(text);
  return el('cac:PostalAddress', [
    el('cbc:StreetName', a.street),
    el('cbc:AdditionalStreetName', a.additional),
    el('cbc:CityName', a.city),
    el('cbc:PostalZone', a.postalZone),
    el('cac:Country', [el('cbc:IdentificationCode', 'SE')]),
  ]);
}

function taxCategory(
  name: 'cac:TaxCategory' | 'cac:ClassifiedTaxCategory',
  settings: EInvoiceSettings,
  withReason: boolean,
): XmlElement {
  const category = settings.vatCategory;
  const percent = category === 'S' ? settings.vatPercent.toFixed() : category === 'E' ? '0' : undefined;
  return el(name, [
    el('cbc:ID', category),
    percent !== undefined && el('cbc:Percent', percent),
    withReason && category !== 'S' && el('cbc:TaxExemptionReason', settings.vatExemption),
    el('cac:TaxScheme', [el('cbc:ID', 'VAT')]),
  ]);
}

function supplier(settings: EInvoiceSettings): XmlElement {
  const org = digits(settings.orgNumber);
  return el('cac:AccountingSupplierParty', [
    el('cac:Party', [
      el('cbc:EndpointID', org, { schemeID: '0007' }),
      el('cac:PartyName', [el('cbc:Name', settings.association)]),
      address(settings.address),
      categoryNeedsVatNumber(settings.vatCategory) &&
        el('cac:PartyTaxScheme', [
          el('cbc:CompanyID', sellerVatNumber(settings)),
          el('cac:TaxScheme', [el('cbc:ID', 'VAT')]),
        ]),
      settings.fSkatt &&
        el('cac:PartyTaxScheme', [el('cbc:CompanyID', F_SKATT_TEXT), el('cac:TaxScheme', [el('cbc:ID', 'TAX')])]),
      el('cac:PartyLegalEntity', [
        el('cbc:RegistrationName', settings.association),
        el('cbc:CompanyID', org, { schemeID: '0007' }),
      ]),
      el('cac:Contact', [el('cbc:Name', settings.contactPerson), el('cbc:ElectronicMail', settings.replyTo)]),
    ]),
  ]);
}

function customer(buyer: EInvoiceBuyer): XmlElement {
  const endpoint = parsePeppolId(buyer.peppolId, buyer.orgNumber);
  const name = buyer.legalName.trim() || buyer.name;
  const org = isValidOrgNumber(buyer.orgNumber) ? digits(buyer.orgNumber) : '';
  return el('cac:AccountingCustomerParty', [
    el('cac:Party', [
      endpoint && el('cbc:EndpointID', endpoint.id, { schemeID: endpoint.scheme }),
      el('cac:PartyName', [el('cbc:Name', name)]),
      address(buyer.invoiceAddress),
      el('cac:PartyLegalEntity', [
        el('cbc:RegistrationName', name),
        org !== '' && el('cbc:CompanyID', org, { schemeID: '0007' }),
      ]),
    ]),
  ]);
}

/** One line as sent: quantity (negative for a negative line), unit, price (never negative), amount. */
function lineFigures(
  line: InvoiceLine,
  sign: number,
): { quantity: Decimal; unit: string; price: Decimal; amount: Decimal } {
  const lineAmount = line.amount.times(sign);
  if (line.kind === 'variable') {
    return { quantity: line.quantity.times(sign), unit: 'DAY', price: line.unitPrice, amount: lineAmount };
  }
  return {
    quantity: new Dec(lineAmount.isNegative() ? -1 : 1),
    unit: 'C62',
    price: lineAmount.abs(),
    amount: lineAmount,
  };
}

function documentLine(
  doc: EInvoiceDocument,
  line: InvoiceLine,
  index: number,
  input: EInvoiceInput,
  sign: number,
): XmlElement {
  const credit = doc.type === 'creditNote';
  const f = lineFigures(line, sign);
  return el(credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine', [
    el('cbc:ID', String(index + 1)),
    el(credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity', quantity(f.quantity), { unitCode: f.unit }),
    money('cbc:LineExtensionAmount', f.amount),
    el('cac:Item', [
      el('cbc:Name', lineDescription(line, input.courses)),
      line.kind === 'variable' && el('cac:SellersItemIdentification', [el('cbc:ID', line.courseId)]),
      taxCategory('cac:ClassifiedTaxCategory', input.settings, false),
    ]),
    el('cac:Price', [money('cbc:PriceAmount', f.price)]),
  ]);
}

/** The UBL document as data (see eInvoiceXml for the text). */
export function eInvoiceElement(input: EInvoiceInput): XmlElement {
  const { document: doc, settings, buyer } = input;
  const credit = doc.type === 'creditNote';
  const sign = credit ? -1 : 1;
  const period = invoicePeriod(doc.period);
  const note =
    credit && doc.credits
      ? `Krediterar faktura ${doc.credits.number} av ${doc.credits.invoiceDate}.${doc.reason?.trim() ? ` ${doc.reason.trim()}` : ''}`
      : '';
  const children: XmlNode[] = [
    el('cbc:CustomizationID', CUSTOMIZATION_ID),
    el('cbc:ProfileID', PROFILE_ID),
    el('cbc:ID', doc.number),
    el('cbc:IssueDate', doc.invoiceDate),
    !credit && el('cbc:DueDate', doc.dueDate),
    el(credit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode', credit ? '381' : '380'),
    el('cbc:Note', note),
    el('cbc:DocumentCurrencyCode', CURRENCY),
    // A workbook without the Fakturareferens column is warned about; the reference falls back to the name.
    el('cbc:BuyerReference', buyer.invoiceReference.trim() || buyer.name),
    el('cac:InvoicePeriod', [el('cbc:StartDate', period.start), el('cbc:EndDate', period.end)]),
    credit &&
      doc.credits &&
      el('cac:BillingReference', [
        el('cac:InvoiceDocumentReference', [
          el('cbc:ID', doc.credits.number),
          el('cbc:IssueDate', doc.credits.invoiceDate),
        ]),
      ]),
    supplier(settings),
    customer(buyer),
    paymentMeans(input, credit),
    ...totals(input, sign),
    ...doc.lines.map((line, i) => documentLine(doc, line, i, input, sign)),
  ];
  return el(credit ? 'CreditNote' : 'Invoice', children, {
    xmlns: credit ? NS.creditNote : NS.invoice,
    'xmlns:cac': NS.cac,
    'xmlns:cbc': NS.cbc,
  });
}

/** Payment by bankgiro with the OCR reference (a credit note's date is when it is settled). */
function paymentMeans({ document: doc, settings }: EInvoiceInput, credit: boolean): XmlElement {
  return el('cac:PaymentMeans', [
    el('cbc:PaymentMeansCode', '30'),
    credit && el('cbc:PaymentDueDate', doc.dueDate),
    el('cbc:PaymentID', doc.ocr),
    el('cac:PayeeFinancialAccount', [
      el('cbc:ID', bankgiroDigits(settings.bankgiro)),
      el('cac:FinancialInstitutionBranch', [el('cbc:ID', BANKGIRO_BRANCH)]),
    ]),
  ]);
}

/** The document's VAT and monetary totals, signed as the document type wants them. */
function totals({ document: doc, settings }: EInvoiceInput, sign: number): XmlElement[] {
  return [
    el('cac:TaxTotal', [
      money('cbc:TaxAmount', doc.vat.times(sign)),
      el('cac:TaxSubtotal', [
        money('cbc:TaxableAmount', doc.net.times(sign)),
        money('cbc:TaxAmount', doc.vat.times(sign)),
        taxCategory('cac:TaxCategory', settings, true),
      ]),
    ]),
    el('cac:LegalMonetaryTotal', [
      money('cbc:LineExtensionAmount', doc.net.times(sign)),
      money('cbc:TaxExclusiveAmount', doc.net.times(sign)),
      money('cbc:TaxInclusiveAmount', doc.total.times(sign)),
      money('cbc:PayableAmount', doc.total.times(sign)),
    ]),
  ];
}

/** The e-invoice as UTF-8 XML text. */
export function eInvoiceXml(input: EInvoiceInput): string {
  return serializeXml(eInvoiceElement(input));
}

/**
 * Identifiers an e-invoice carries, and their checks: Bankgiro numbers, GLNs and Peppol
 * participant ids (`scheme:id`). Pure; every check here mirrors a rule that a receiving access
 * point applies (Peppol BIS Billing 3.0, its Swedish rules SE-R-… and PEPPOL-COMMON-R…).
 */
import { isLuhnValid, isValidOrgNumber, vatNumber as derivedVatNumber } from './luhn';

const BANKGIRO = /^(\d{3,4})-?(\d{4})$/;

/**
 * A Bankgiro number as printed, `NNN-NNNN` or `NNNN-NNNN` (the hyphen may be left out), whose
 * last digit is the mod-10 (Luhn) check digit of the others. Spaces are ignored.
 */
export function isValidBankgiro(text: string): boolean {
  const m = BANKGIRO.exec(String(text).replace(/\s+/g, ''));
  return !!m && isLuhnValid(m[1] + m[2]);
}

/** The 7 or 8 digits of a valid Bankgiro number ('' when it is not valid). */
export function bankgiroDigits(text: string): string {
  return isValidBankgiro(text) ? String(text).replace(/\D/g, '') : '';
}

/** A GS1 Global Location Number: 13 digits, the last the GS1 check digit (weights 3, 1 from the right). */
export function isValidGln(text: string): boolean {
  if (!/^\d{13}$/.test(text)) return false;
  let total = 0;
  for (let i = 11, weight = 3; i >= 0; i--, weight = 4 - weight) total += (text.charCodeAt(i) - 48) * weight;
  return (10 - (total % 10)) % 10 === text.charCodeAt(12) - 48;
}

/** A Peppol participant id as sent in an EndpointID: the scheme (ISO 6523 ICD) and the id. */
export interface PeppolId {
  scheme: string;
  id: string;
}

/** Swedish organisation number (10 digits). */
export const SCHEME_ORG_NUMBER = '0007';
/** GS1 GLN (13 digits). */
export const SCHEME_GLN = '0088';
/** Swedish VAT number (SE + 10 digits + 01). */
export const SCHEME_SE_VAT = '9955';

/**
 * The municipality's e-invoice address from the Peppol-ID column: `0007:` + an org. number
 * (hyphen allowed), `0088:` + a GLN or `9955:` + a Swedish VAT number; blank = `0007:` + the
 * org. number. Null when it is not one of these (or blank without a valid org. number).
 */
export function parsePeppolId(text: string, orgNumber: string): PeppolId | null {
  const typed = String(text).trim();
  if (typed === '') {
    return isValidOrgNumber(orgNumber) ? { scheme: SCHEME_ORG_NUMBER, id: orgNumber.replace(/\D/g, '') } : null;
  }
  const m = /^(\d{4})\s*:\s*(.+)$/.exec(typed);
  if (!m) return null;
  const [, scheme, raw] = m;
  const id = raw.replace(/[\s-]/g, '');
  switch (scheme) {
    case SCHEME_ORG_NUMBER:
      return /^\d{10}$/.test(id) && isValidOrgNumber(id) ? { scheme, id } : null;
    case SCHEME_GLN:
      return isValidGln(id) ? { scheme, id } : null;
    case SCHEME_SE_VAT:
      return /^SE\d{12}$/i.test(id) ? { scheme, id: id.toUpperCase() } : null;
    default:
      return null;
  }
}

/** A Swedish VAT number as Peppol's SE-R-001/002 want it: SE followed by 12 digits (spaces and hyphens ignored). */
export function normalizeVatNumber(text: string): string | null {
  const compact = String(text)
    .replace(/[\s-]+/g, '')
    .toUpperCase();
  return /^SE\d{12}$/.test(compact) ? compact : null;
}

/** The seller's VAT number as printed and sent: the setting as typed, or SE + the org. number's 10 digits + 01. */
export function sellerVatNumber(settings: { vatNumber: string; orgNumber: string }): string {
  const typed = settings.vatNumber.replace(/[\s-]+/g, '').toUpperCase();
  return typed !== '' ? typed : derivedVatNumber(settings.orgNumber);
}

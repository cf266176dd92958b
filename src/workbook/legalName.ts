/** The buyer's full name as invoices and e-invoices print it (SPEC §2.2, `Juridiskt namn`). */
import type { Municipality } from '../core/types';
import { MEMBERS } from './schema';

const digits = (orgNumber: string) => orgNumber.replace(/\D/g, '');

/** The member's legal name known by org. number, or null for a municipality outside the 14. */
export function memberLegalName(orgNumber: string): string | null {
  const org = digits(orgNumber);
  return MEMBERS.find((x) => digits(x.orgNumber) === org)?.legalName ?? null;
}

/** The Juridiskt namn column, else the member's legal name known by org. number, else the Kommun name. */
export function buyerLegalName(m: Pick<Municipality, 'name' | 'orgNumber' | 'legalName'>): string {
  return m.legalName.trim() || memberLegalName(m.orgNumber) || m.name;
}

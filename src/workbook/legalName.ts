/** The buyer's full name as invoices and e-invoices print it (SPEC §2.2, `Juridiskt namn`). */
import type { Municipality } from '../core/types';
import { MEMBERS } from './schema';

/** The Juridiskt namn column, else the member's legal name known by org. number, else the Kommun name. */
export function buyerLegalName(
  m: Pick<Municipality, 'name' | 'orgNumber'> & Partial<Pick<Municipality, 'legalName'>>,
): string {
  const typed = m.legalName?.trim();
  if (typed) return typed;
  const org = m.orgNumber.replace(/\D/g, '');
  const member = MEMBERS.find((x) => x.orgNumber.replace(/\D/g, '') === org) as { legalName?: string } | undefined;
  return member?.legalName?.trim() || m.name;
}

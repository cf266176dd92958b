/**
 * What the register says once credit notes are counted (SPEC §3.2, §3.4, §3.5, §8). Everything
 * here is derived from the committed documents alone (rows of Fakturor, see pot.ts
 * committedNumbers): a document exists when, and only when, its number is in Fakturor.
 *
 * - An invoice is *credited* when a committed credit note names it in Krediterar. The credit
 *   note's own Fakturor row is the commit point of a credit; the Status and Krediterad av cells
 *   written on the credited invoice afterwards only mirror it (a crash between the two leaves
 *   the invoice credited, and the next attempt writes the mirror).
 * - A stamp (Fakturanummer, Utbetalning) counts as billed only when it names a committed
 *   invoice that is not a credit note and has not been credited; a stamp of a credited invoice
 *   marks a *released* row, unbilled again.
 * - A fixed year counts as billed to a municipality while the sum of its fixed lines for that
 *   year over every committed document (credit notes included) is above 0.
 */
import { ZERO, type Decimal } from './money';
import { normalizeName } from './names';
import type { Ledger, RegisteredInvoice } from './types';

/** True for a credit note: its Krediterar names the invoice it credits. */
export function isCreditNote(document: Pick<RegisteredInvoice, 'credits'>): boolean {
  return (document.credits ?? '').trim() !== '';
}

/**
 * The credited invoices of the register: credited number → number of the committed credit note
 * that credits it. The one definition of "credited" that every reader uses.
 */
export function creditedInvoices(ledger: Ledger): Map<string, string> {
  const credited = new Map<string, string>();
  for (const doc of ledger.invoices) {
    const target = (doc.credits ?? '').trim();
    if (target !== '' && !credited.has(target)) credited.set(target, doc.number);
  }
  return credited;
}

/**
 * Numbers whose stamps count as billed (SPEC §3.2): committed invoices that are neither credit
 * notes nor credited. A stamp naming anything else (blank, an interrupted run's number, a
 * credited invoice) leaves its row unbilled.
 */
export function liveInvoiceNumbers(ledger: Ledger): Set<string> {
  const credited = creditedInvoices(ledger);
  const live = new Set<string>();
  for (const doc of ledger.invoices) if (!isCreditNote(doc) && !credited.has(doc.number)) live.add(doc.number);
  return live;
}

/** True when a stamp (Fakturanummer or Utbetalning) names a live invoice. */
export function isBilledStamp(stamp: string, live: ReadonlySet<string>): boolean {
  const text = stamp.trim();
  return text !== '' && live.has(text);
}

/**
 * Numbers whose stamps mark released rows (SPEC §8): credited invoices. Their rows may be edited
 * freely and the stamp/line reconciliation does not apply to them.
 */
export function releasedNumbers(ledger: Ledger): Set<string> {
  return new Set(creditedInvoices(ledger).keys());
}

/**
 * Net fixed amount per municipality and year over every committed document, credit notes
 * included. Keys are normalised municipality names (names.ts normalizeName), so that the
 * register's text and the Kommuner tab's text meet however they are spelled.
 */
export function fixedNetByYear(ledger: Ledger): Map<string, Map<number, Decimal>> {
  const municipalityOf = new Map(ledger.invoices.map((i) => [i.number, i.municipality]));
  const net = new Map<string, Map<number, Decimal>>();
  for (const { invoiceNumber, line } of ledger.lines) {
    const municipality = municipalityOf.get(invoiceNumber);
    if (municipality === undefined || line.kind !== 'fixed') continue;
    const key = normalizeName(municipality);
    let years = net.get(key);
    if (!years) net.set(key, (years = new Map()));
    years.set(line.year, (years.get(line.year) ?? ZERO).plus(line.amount));
  }
  return net;
}

export interface FixedYears {
  /** Years whose net fixed amount is above 0: billed, never billed again. */
  billed: Map<string, Set<number>>;
  /** Years that had fixed lines whose net is now 0 or less: released by a credit note, billed by the next run. */
  released: Map<string, Set<number>>;
}

/** Billed and released fixed years per normalised municipality name (SPEC §3.4). */
export function fixedYears(ledger: Ledger): FixedYears {
  const billed = new Map<string, Set<number>>();
  const released = new Map<string, Set<number>>();
  for (const [municipality, years] of fixedNetByYear(ledger)) {
    for (const [year, amount] of years) {
      const target = amount.gt(0) ? billed : released;
      let set = target.get(municipality);
      if (!set) target.set(municipality, (set = new Set()));
      set.add(year);
    }
  }
  return { billed, released };
}

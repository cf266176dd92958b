/** The trainer pot (SPEC §3.5): derived from the register alone. */
import { largestRemainder } from './allocation';
import { Dec, toOre, ZERO, type Decimal } from './money';
import { swedishCompare } from './names';
import type { Ledger, RegisteredLine, VariableLine } from './types';

/** Invoice numbers of the register's Fakturor tab: only these are committed. */
export function committedNumbers(ledger: Ledger): Set<string> {
  return new Set(ledger.invoices.map((i) => i.number));
}

/** Register lines whose invoice is committed (orphans of interrupted runs are ignored). */
export function committedLines(ledger: Ledger): RegisteredLine[] {
  const numbers = committedNumbers(ledger);
  return ledger.lines.filter((l) => numbers.has(l.invoiceNumber));
}

/** What a variable line puts into the pot: pot component × quantity, to öre. */
export function linePotPart(line: VariableLine): Decimal {
  return toOre(line.components.pot.times(line.quantity));
}

/** Everything collected (pot component × quantity of every registered variable line). */
export function potCollectedTotal(ledger: Ledger): Decimal {
  let total = ZERO;
  for (const { line } of committedLines(ledger)) if (line.kind === 'variable') total = total.plus(linePotPart(line));
  return total;
}

/** Everything paid out (the registered trainer-pot lines, as a positive number). */
export function potPaidTotal(ledger: Ledger): Decimal {
  let total = ZERO;
  for (const { line } of committedLines(ledger)) if (line.kind === 'trainerPot') total = total.minus(line.amount);
  return total;
}

export function potBalance(ledger: Ledger): Decimal {
  return potCollectedTotal(ledger).minus(potPaidTotal(ledger));
}

/** What each municipality was paid out of the pot on committed trainer-pot lines of `year` (positive amounts). */
export function potPaidByMunicipality(ledger: Ledger, year: number): Map<string, Decimal> {
  const byNumber = new Map(ledger.invoices.map((i) => [i.number, i.municipality]));
  const paid = new Map<string, Decimal>();
  for (const { invoiceNumber, line } of ledger.lines) {
    const municipality = byNumber.get(invoiceNumber);
    if (municipality === undefined || line.kind !== 'trainerPot' || line.year !== year) continue;
    paid.set(municipality, (paid.get(municipality) ?? ZERO).minus(line.amount));
  }
  return paid;
}

/**
 * Splits the pot over municipalities in proportion to trainer days, to öre by largest remainder;
 * ties: more trainer days first, then Swedish alphabetical order.
 */
export function allocatePot(pot: Decimal, trainerDays: ReadonlyMap<string, Decimal>): Map<string, Decimal> {
  const claims = [...trainerDays].map(([key, weight]) => ({ key, weight }));
  return largestRemainder(
    toOre(pot),
    claims,
    new Dec('0.01'),
    (a, b) => b.weight.comparedTo(a.weight) || swedishCompare(a.key, b.key),
  );
}

/** The trainer pot (SPEC §3.5): derived from the register alone. */
import { largestRemainder } from './allocation';
import { Dec, sum, toOre, ZERO, type Decimal } from './money';
import { swedishCompare } from './names';
import type { Ledger, PotPayout, RegisteredLine, VariableLine } from './types';

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
 * The register's trainer-pot lines with the payout each is a share of (what its December run paid
 * out in all, over how many trainer days), as the run planned them: summed over the run's invoices
 * (`Körning`); a credit note's line belongs to the run of the invoice it credits. Lines of a
 * document without a run are left as they are.
 */
export function withPotPayouts(ledger: Ledger): Ledger {
  const byNumber = new Map(ledger.invoices.map((i) => [i.number, i]));
  const runOf = (number: string): string => {
    const doc = byNumber.get(number);
    const credited = doc?.credits?.trim() ? byNumber.get(doc.credits.trim()) : doc;
    return credited?.run.trim() ?? '';
  };
  const shares = new Map<string, { total: Decimal[]; days: Decimal[] }>();
  for (const { invoiceNumber, line } of ledger.lines) {
    const doc = byNumber.get(invoiceNumber);
    if (line.kind !== 'trainerPot' || !doc || doc.credits?.trim() || doc.run.trim() === '') continue;
    const key = `${doc.run.trim()}|${line.year}`;
    const s = shares.get(key) ?? { total: [], days: [] };
    s.total.push(line.amount.negated());
    s.days.push(line.trainerDays);
    shares.set(key, s);
  }
  if (shares.size === 0) return ledger;
  const payouts = new Map<string, PotPayout>();
  for (const [key, s] of shares) payouts.set(key, { total: sum(s.total), trainerDays: sum(s.days) });
  const lines = ledger.lines.map((l) => {
    if (l.line.kind !== 'trainerPot') return l;
    const payout = payouts.get(`${runOf(l.invoiceNumber)}|${l.line.year}`);
    return payout ? { ...l, line: { ...l.line, payout } } : l;
  });
  return { ...ledger, lines };
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

/** The trainer pot (SPEC §3.5): derived from the register alone. */
import type { Decimal } from './money';
import type { Ledger } from './types';

/** Everything collected (pot component × quantity of every registered variable line). */
export function potCollectedTotal(ledger: Ledger): Decimal {
  throw new Error('not implemented');
}
/** Everything paid out (the registered trainer-pot lines, as a positive number). */
export function potPaidTotal(ledger: Ledger): Decimal {
  throw new Error('not implemented');
}
export function potBalance(ledger: Ledger): Decimal {
  throw new Error('not implemented');
}
/**
 * Splits the pot over municipalities in proportion to trainer days, to öre by largest remainder;
 * ties: more trainer days first, then Swedish alphabetical order.
 */
export function allocatePot(pot: Decimal, trainerDays: ReadonlyMap<string, Decimal>): Map<string, Decimal> {
  throw new Error('not implemented');
}

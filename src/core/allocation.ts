/** Largest-remainder allocation: shares that sum exactly to a total in whole units. */
import type { Decimal } from './money';

export interface Claim {
  key: string;
  weight: Decimal; // non-negative
}

/**
 * Splits `total` (a whole number of `unit`s, e.g. 0.01 for öre, 1 for kronor) in proportion to
 * the weights. Each share is floored to the unit, and the units left over go one each to the
 * largest remainders; `tieBreak` orders equal remainders (negative = a first).
 */
export function largestRemainder(
  total: Decimal,
  claims: readonly Claim[],
  unit: Decimal,
  tieBreak: (a: Claim, b: Claim) => number,
): Map<string, Decimal> {
  throw new Error('not implemented');
}

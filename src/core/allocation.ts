/** Largest-remainder allocation: shares that sum exactly to a total in whole units. */
import { Dec, ZERO, type Decimal } from './money';

export interface Claim {
  key: string;
  weight: Decimal; // non-negative
}

/**
 * Splits `total` (a whole number of `unit`s, e.g. 0.01 for öre, 1 for kronor) in proportion to
 * the weights. Each share is floored to the unit, and the units left over go one each to the
 * largest remainders; `tieBreak` orders equal remainders (negative = a first).
 *
 * A total that is not a whole number of units is first rounded (half up) to one. A negative
 * total is split like its absolute value, then negated. When every weight is zero there is
 * nothing to be proportional to and every share is zero. Negative weights count as zero.
 * Claims with the same key are merged. All arithmetic is exact integer arithmetic on Decimals.
 */
export function largestRemainder(
  total: Decimal,
  claims: readonly Claim[],
  unit: Decimal,
  tieBreak: (a: Claim, b: Claim) => number,
): Map<string, Decimal> {
  if (!unit.isFinite() || unit.lte(0)) throw new Error(`Ogiltig enhet: ${unit.toString()}`);
  const merged = new Map<string, Claim>();
  for (const c of claims) {
    const w = c.weight.gt(0) ? c.weight : ZERO;
    const prev = merged.get(c.key);
    merged.set(c.key, { key: c.key, weight: prev ? prev.weight.plus(w) : w });
  }
  const list = [...merged.values()];
  const result = new Map<string, Decimal>();
  for (const c of list) result.set(c.key, ZERO);

  const units = total.div(unit).toDecimalPlaces(0, Dec.ROUND_HALF_UP);
  const negative = units.lt(0);
  const T = units.abs();
  // Scale the weights to integers so that floors and remainders are exact.
  const places = list.reduce((max, c) => Math.max(max, c.weight.decimalPlaces()), 0);
  const scale = new Dec(10).pow(places);
  const ints = list.map((c) => c.weight.times(scale));
  const W = ints.reduce((a, b) => a.plus(b), ZERO);
  if (W.isZero() || T.isZero()) return result;

  const floors: Decimal[] = [];
  const rems: Decimal[] = [];
  let given = ZERO;
  for (const wi of ints) {
    const num = T.times(wi);
    const q = num.divToInt(W);
    floors.push(q);
    rems.push(num.minus(q.times(W)));
    given = given.plus(q);
  }
  let left = T.minus(given); // fewer units than claims
  const order = list
    .map((_, i) => i)
    .sort((i, j) => {
      const byRem = rems[j].comparedTo(rems[i]);
      return byRem !== 0 ? byRem : tieBreak(list[i], list[j]);
    });
  for (const i of order) {
    if (!left.gt(0)) break;
    floors[i] = floors[i].plus(1);
    left = left.minus(1);
  }
  list.forEach((c, i) => {
    const share = floors[i].times(unit);
    result.set(c.key, negative ? share.negated() : share);
  });
  return result;
}

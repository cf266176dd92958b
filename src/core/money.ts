import DecimalBase from 'decimal.js';

/**
 * The one Decimal constructor of the product: 40 significant digits and half-up rounding,
 * isolated from decimal.js's global configuration.
 */
export const Dec = DecimalBase.clone({ precision: 40, rounding: DecimalBase.ROUND_HALF_UP });
export type Decimal = InstanceType<typeof Dec>;

export const ZERO = new Dec(0);

/** Rounds to öre (two decimals), half up. */
export function toOre(x: Decimal): Decimal {
  return x.toDecimalPlaces(2, Dec.ROUND_HALF_UP);
}

/** "1550.00": the two-decimal string used in JSON and registers. */
export function money2(x: Decimal): string {
  return toOre(x).toFixed(2);
}

export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/** The project leader's fixed cost (SPEC §2.2, §3.4). */
import type { Decimal } from './money';
import type { Issue, Ledger, Municipality, Settings } from './types';

/** Yearly share per municipality (canonical name): the column, or Befolkning by largest remainder in kronor. */
export function yearlyShares(settings: Settings, municipalities: readonly Municipality[]): Map<string, Decimal> {
  throw new Error('not implemented');
}
/** Months of `year` inside the agreement (0–12). */
export function agreementMonths(settings: Settings, year: number): number {
  throw new Error('not implemented');
}
/** The amounts billed for `year`: shares × months / 12 to öre, summing exactly to the rounded total × months / 12. */
export function fixedAmounts(settings: Settings, municipalities: readonly Municipality[], year: number): Map<string, Decimal> {
  throw new Error('not implemented');
}
/** Years already billed per municipality, from the register. */
export function billedFixedYears(ledger: Ledger): Map<string, Set<number>> {
  throw new Error('not implemented');
}
/** Errors when the column is partly filled or does not sum to the setting. */
export function fixedCostIssues(settings: Settings, municipalities: readonly Municipality[]): Issue[] {
  throw new Error('not implemented');
}

/** The project leader's fixed cost (SPEC §2.2, §3.4). */
import { largestRemainder } from './allocation';
import { daysInMonth, formatIsoDate, isIsoDate } from './dates';
import { formatKronor } from './format';
import { Dec, toOre, ZERO, type Decimal } from './money';
import { swedishCompare } from './names';
import type { Finding, Municipality, Names, Settings } from './types';

const fixedCostColumn = (n: Names): string => n.field('municipality', 'fixedCost');

/** True when the Fast kostnad column is blank on every row: shares then come from Befolkning. */
export function sharesFromPopulation(municipalities: readonly Municipality[]): boolean {
  return municipalities.every((m) => m.fixedCost === null);
}

/** Yearly share per municipality (canonical name): the column, or Befolkning by largest remainder in kronor. */
export function yearlyShares(settings: Settings, municipalities: readonly Municipality[]): Map<string, Decimal> {
  if (!sharesFromPopulation(municipalities)) {
    const shares = new Map<string, Decimal>();
    for (const m of municipalities) shares.set(m.name, (shares.get(m.name) ?? ZERO).plus(m.fixedCost ?? ZERO));
    return shares;
  }
  const population = new Map(municipalities.map((m) => [m.name, m.population ?? ZERO]));
  return largestRemainder(
    settings.fixedCostPerYear,
    municipalities.map((m) => ({ key: m.name, weight: m.population ?? ZERO })),
    new Dec(1),
    // Ties: the larger population first, then Swedish order of the name.
    (a, b) => (population.get(b.key) ?? ZERO).comparedTo(population.get(a.key) ?? ZERO) || swedishCompare(a.key, b.key),
  );
}

/** Months of `year` inside the agreement (0–12). */
export function agreementMonths(settings: Settings, year: number): number {
  const { agreementFrom: from, agreementTo: to } = settings;
  if (!isIsoDate(from) || !isIsoDate(to) || to < from) return 0;
  let months = 0;
  for (let m = 1; m <= 12; m++) {
    const first = formatIsoDate(year, m, 1);
    const last = formatIsoDate(year, m, daysInMonth(year, m));
    if (first <= to && last >= from) months++;
  }
  return months;
}

/** The amounts billed for `year`: shares × months / 12 to öre, summing exactly to the rounded total × months / 12. */
export function fixedAmounts(
  settings: Settings,
  municipalities: readonly Municipality[],
  year: number,
): Map<string, Decimal> {
  const shares = yearlyShares(settings, municipalities);
  const months = agreementMonths(settings, year);
  let total = ZERO;
  for (const s of shares.values()) total = total.plus(s);
  const target = toOre(total.times(months).div(12));
  // Splitting the target in proportion to the shares gives each exactly share × months / 12
  // whenever that is a whole number of öre; otherwise the öre left over go by largest remainder.
  return largestRemainder(
    target,
    [...shares].map(([key, weight]) => ({ key, weight })),
    new Dec('0.01'),
    (a, b) => b.weight.comparedTo(a.weight) || swedishCompare(a.key, b.key),
  );
}

/** Errors when the column is partly filled or does not sum to the setting. */
export function fixedCostIssues(settings: Settings, municipalities: readonly Municipality[]): Finding[] {
  if (municipalities.length === 0) return [];
  const filled = municipalities.filter((m) => m.fixedCost !== null);
  if (filled.length === 0) return populationIssues(municipalities);
  if (filled.length < municipalities.length) return partlyFilledIssues(municipalities);
  return [...negativeShareIssues(municipalities), ...shareSumIssues(settings, municipalities)];
}

/** Shares from Befolkning need a positive population everywhere. */
function populationIssues(municipalities: readonly Municipality[]): Finding[] {
  return municipalities
    .filter((m) => m.population === null || m.population.lte(0))
    .map((m) => ({
      severity: 'error',
      about: { kind: 'municipality', ref: m.ref, field: 'population' },
      value: m.population === null ? '' : m.population.toString(),
      message: (n) =>
        `${n.field('municipality', 'population')} för ${m.name} måste vara ett positivt tal när ${fixedCostColumn(n)} är tom ` +
        `för alla kommuner (den fasta kostnaden fördelas då efter befolkning).`,
    }));
}

function partlyFilledIssues(municipalities: readonly Municipality[]): Finding[] {
  return municipalities
    .filter((m) => m.fixedCost === null)
    .map((m) => ({
      severity: 'error',
      about: { kind: 'municipality', ref: m.ref, field: 'fixedCost' },
      value: '',
      message: (n) =>
        `${fixedCostColumn(n)} saknas för ${m.name}. Fyll i kolumnen för alla kommuner, ` +
        `eller töm den för alla så fördelas kostnaden efter befolkning.`,
    }));
}

function negativeShareIssues(municipalities: readonly Municipality[]): Finding[] {
  return municipalities
    .filter((m) => m.fixedCost !== null && m.fixedCost.lt(0))
    .map((m) => ({
      severity: 'error',
      about: { kind: 'municipality', ref: m.ref, field: 'fixedCost' },
      value: m.fixedCost!.toString(),
      message: (n) => `${fixedCostColumn(n)} för ${m.name} får inte vara negativ.`,
    }));
}

function shareSumIssues(settings: Settings, municipalities: readonly Municipality[]): Finding[] {
  let total = ZERO;
  for (const m of municipalities) total = total.plus(m.fixedCost ?? ZERO);
  if (total.eq(settings.fixedCostPerYear)) return [];
  return [
    {
      severity: 'error',
      about: { kind: 'municipality', field: 'fixedCost' },
      value: total.toString(),
      message: (n) =>
        `Summan av ${fixedCostColumn(n)} i fliken ${n.tab('municipality')} är ${formatKronor(total)}, ` +
        `men inställningen ${n.setting('fixedCostPerYear')} är ${formatKronor(settings.fixedCostPerYear)}. Summan måste vara lika med inställningen.`,
    },
  ];
}

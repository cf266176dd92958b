/** The follow-up's figures, computed from the records alone (pure; see report.ts for the definitions). */
import { isIsoDate } from '../../core/dates';
import { Dec, ZERO, type Decimal } from '../../core/money';
import { NameMatcher, swedishCompare } from '../../core/names';
import type { Course } from '../../core/types';
import { JOURNEYS, STEPS } from '../../workbook/schema';
import {
  UNSPECIFIED,
  type FollowUpReport,
  type JourneyFigures,
  type MunicipalityFigures,
  type ReportInput,
  type ReportPeriod,
  type SkippedCounts,
  type StepFigures,
} from './model';
import { Tallies, type Tally } from './tallies';

const THOUSAND = new Dec(1000);

/** Case- and space-insensitive identity of a person's name (diacritics are kept: Åsa ≠ Asa). */
export function personKey(name: string): string {
  return String(name).normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

function positive(d: unknown): d is Decimal {
  return Dec.isDecimal(d) && d.isFinite() && d.greaterThan(0);
}

function yearOf(date: string): number | null {
  return isIsoDate(date) ? Number(date.slice(0, 4)) : null;
}

/** The plan's order for the listed names, then the others in Swedish order, UNSPECIFIED last. */
function orderBy(preferred: readonly string[]): (a: string, b: string) => number {
  return (a, b) => {
    const ia = preferred.indexOf(a);
    const ib = preferred.indexOf(b);
    if (ia >= 0 || ib >= 0) return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib) || 0;
    if (a === UNSPECIFIED || b === UNSPECIFIED) return a === b ? 0 : a === UNSPECIFIED ? 1 : -1;
    return swedishCompare(a, b);
  };
}

const labelOf = (text: string) => (String(text).trim() === '' ? UNSPECIFIED : String(text).trim());
const journeyOf = (c: Course) => labelOf(c.journey);
const stepOf = (c: Course) => labelOf(c.step);

/**
 * `alreadySkipped`: rows the reader dropped before they reached the records (it reports them as
 * errors), added to the rows skipped here.
 */
export function buildReport(input: ReportInput, alreadySkipped: Partial<SkippedCounts> = {}): FollowUpReport {
  const matcher = new NameMatcher(input.municipalities.map((m) => m.name));
  const population = new Map<string, Decimal | null>();
  for (const m of input.municipalities) {
    if (!population.has(m.name)) population.set(m.name, m.population && m.population.greaterThan(0) ? m.population : null);
  }
  const resolve = (text: string): string | null => {
    const r = matcher.match(text);
    return r.kind === 'ok' ? r.name : null;
  };
  const courses = new Map<string, Course>();
  for (const c of input.courses) {
    const key = String(c.id).trim().toLowerCase();
    if (key && !courses.has(key)) courses.set(key, c);
  }
  const courseOf = (id: string): Course | undefined => courses.get(String(id).trim().toLowerCase());

  const years = new Set<number>();
  const names = new Set<string>(population.keys());
  const journeysSeen = new Set<string>();
  const byMunicipality = new Tallies(); // (year|null, municipality|null)
  const byJourney = new Tallies(); // (year|null, journey|null, step|null)
  const journeyTallies = (year: number, course: Course): Tally[] => {
    const journey = journeyOf(course);
    journeysSeen.add(journey);
    return byJourney.rollup(year, journey, stepOf(course));
  };
  const skipped: SkippedCounts = {
    attendance: alreadySkipped.attendance ?? 0,
    trainers: alreadySkipped.trainers ?? 0,
    lines: alreadySkipped.lines ?? 0,
  };

  for (const row of input.attendance) {
    const year = yearOf(row.date);
    const municipality = resolve(row.municipality);
    const course = courseOf(row.courseId);
    if (year === null || municipality === null || !course || !positive(row.days)) {
      skipped.attendance++;
      continue;
    }
    years.add(year);
    const person = personKey(row.participant);
    const who = person === '' ? null : JSON.stringify([person, municipality]);
    for (const t of [...byMunicipality.rollup(year, municipality), ...journeyTallies(year, course)]) {
      t.participantDays = t.participantDays.plus(row.days);
      if (who !== null) t.people.add(who);
    }
  }

  for (const row of input.trainers) {
    const year = yearOf(row.date);
    const municipality = resolve(row.municipality);
    // Trainer days count per municipality even without a course; per Yrkesresa only with a known one.
    const withCourse = String(row.courseId).trim() !== '';
    const course = withCourse ? courseOf(row.courseId) : undefined;
    if (year === null || municipality === null || !positive(row.days) || (withCourse && !course)) {
      skipped.trainers++;
      continue;
    }
    years.add(year);
    const tallies = byMunicipality.rollup(year, municipality);
    if (course) tallies.push(...journeyTallies(year, course));
    for (const t of tallies) t.trainerDays = t.trainerDays.plus(row.days);
  }

  const invoices = new Map(input.ledger.invoices.map((inv) => [inv.number, inv]));
  for (const { invoiceNumber, line } of input.ledger.lines) {
    const inv = invoices.get(invoiceNumber);
    const year = inv ? (/^\d{4}-\d{2}$/.test(inv.period) ? Number(inv.period.slice(0, 4)) : yearOf(inv.invoiceDate)) : null;
    if (!inv || year === null) {
      skipped.lines++;
      continue;
    }
    // The register names municipalities canonically; keep a name that no longer matches Kommuner
    // as it is, so that the invoiced totals still agree with the register.
    const municipality = resolve(inv.municipality) ?? inv.municipality;
    names.add(municipality);
    years.add(year);
    for (const t of byMunicipality.rollup(year, municipality)) {
      if (line.kind === 'variable') t.variable = t.variable.plus(line.amount);
      else if (line.kind === 'fixed') t.fixed = t.fixed.plus(line.amount);
      else t.pot = t.pot.plus(line.amount);
      t.net = t.net.plus(line.amount);
    }
  }

  const municipalities = [...names].sort(swedishCompare);
  const journeys = [...journeysSeen].sort(orderBy(JOURNEYS));
  const allPopulated = municipalities.length > 0 && municipalities.every((m) => population.get(m));
  const totalPopulation = allPopulated ? municipalities.reduce((s, m) => s.plus(population.get(m)!), ZERO) : null;

  const perThousand = (days: Decimal, pop: Decimal | null | undefined): Decimal | null =>
    pop ? days.times(THOUSAND).dividedBy(pop).toDecimalPlaces(2, Dec.ROUND_HALF_UP) : null;

  const municipalityFigures = (t: Tally, municipality: string, pop: Decimal | null): MunicipalityFigures => ({
    municipality,
    ...t.figures(),
    population: pop,
    perThousand: perThousand(t.participantDays, pop),
    invoicedVariable: t.variable,
    invoicedFixed: t.fixed,
    trainerPot: t.pot,
    invoicedNet: t.net,
  });

  const period = (year: number | null): ReportPeriod => {
    const journeyRows: JourneyFigures[] = [];
    for (const journey of journeys) {
      if (!byJourney.has(year, journey, null)) continue;
      const steps = new Set<string>();
      for (const c of input.courses) if (journeyOf(c) === journey) steps.add(stepOf(c));
      const stepRows: StepFigures[] = [...steps]
        .sort(orderBy(STEPS))
        .filter((s) => byJourney.has(year, journey, s))
        .map((step) => ({ step, ...byJourney.get(year, journey, step).figures() }));
      journeyRows.push({ journey, ...byJourney.get(year, journey, null).figures(), steps: stepRows });
    }
    return {
      year,
      municipalities: municipalities.map((m) => municipalityFigures(byMunicipality.get(year, m), m, population.get(m) ?? null)),
      total: municipalityFigures(byMunicipality.get(year, null), '', totalPopulation),
      journeys: journeyRows,
      journeyTotal: byJourney.get(year, null, null).figures(),
    };
  };

  const sortedYears = [...years].sort((a, b) => a - b);
  return {
    years: sortedYears,
    municipalities,
    journeys,
    periods: sortedYears.map((y) => period(y)),
    allYears: period(null),
    skipped,
  };
}

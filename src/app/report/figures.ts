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

/** The records' names resolved: municipalities by Kommuner, courses by id, and each municipality's population. */
interface Lookups {
  resolve(text: string): string | null;
  courseOf(id: string): Course | undefined;
  population: Map<string, Decimal | null>;
}

function lookups(input: ReportInput): Lookups {
  const matcher = new NameMatcher(input.municipalities.map((m) => m.name));
  const population = new Map<string, Decimal | null>();
  for (const m of input.municipalities) {
    if (!population.has(m.name))
      population.set(m.name, m.population && m.population.greaterThan(0) ? m.population : null);
  }
  const courses = new Map<string, Course>();
  for (const c of input.courses) {
    const key = String(c.id).trim().toLowerCase();
    if (key && !courses.has(key)) courses.set(key, c);
  }
  return {
    resolve: (text) => {
      const r = matcher.match(text);
      return r.kind === 'ok' ? r.name : null;
    },
    courseOf: (id) => courses.get(String(id).trim().toLowerCase()),
    population,
  };
}

/** The tallies every stage adds to, and what it has seen. */
interface Book {
  look: Lookups;
  years: Set<number>;
  names: Set<string>;
  journeysSeen: Set<string>;
  byMunicipality: Tallies; // (year|null, municipality|null)
  byJourney: Tallies; // (year|null, journey|null, step|null)
  skipped: SkippedCounts;
}

function journeyTallies(book: Book, year: number, course: Course): Tally[] {
  const journey = journeyOf(course);
  book.journeysSeen.add(journey);
  return book.byJourney.rollup(year, journey, stepOf(course));
}

/** Stage: participant days and people per municipality and per Yrkesresa and step. */
function tallyAttendance(book: Book, input: ReportInput): void {
  for (const row of input.attendance) {
    const year = yearOf(row.date);
    const municipality = book.look.resolve(row.municipality);
    const course = book.look.courseOf(row.courseId);
    if (year === null || municipality === null || !course || !positive(row.days)) {
      book.skipped.attendance++;
      continue;
    }
    book.years.add(year);
    const person = personKey(row.participant);
    const who = person === '' ? null : JSON.stringify([person, municipality]);
    for (const t of [...book.byMunicipality.rollup(year, municipality), ...journeyTallies(book, year, course)]) {
      t.participantDays = t.participantDays.plus(row.days);
      if (who !== null) t.people.add(who);
    }
  }
}

/** Stage: trainer days per municipality even without a course; per Yrkesresa only with a known one. */
function tallyTrainers(book: Book, input: ReportInput): void {
  for (const row of input.trainers) {
    const year = yearOf(row.date);
    const municipality = book.look.resolve(row.municipality);
    const withCourse = String(row.courseId).trim() !== '';
    const course = withCourse ? book.look.courseOf(row.courseId) : undefined;
    if (year === null || municipality === null || !positive(row.days) || (withCourse && !course)) {
      book.skipped.trainers++;
      continue;
    }
    book.years.add(year);
    const tallies = book.byMunicipality.rollup(year, municipality);
    if (course) tallies.push(...journeyTallies(book, year, course));
    for (const t of tallies) t.trainerDays = t.trainerDays.plus(row.days);
  }
}

/** Stage: the invoiced amounts per municipality and year of the invoice's period. */
function tallyLines(book: Book, input: ReportInput): void {
  const invoices = new Map(input.ledger.invoices.map((inv) => [inv.number, inv]));
  for (const { invoiceNumber, line } of input.ledger.lines) {
    const inv = invoices.get(invoiceNumber);
    const year = inv
      ? /^\d{4}-\d{2}$/.test(inv.period)
        ? Number(inv.period.slice(0, 4))
        : yearOf(inv.invoiceDate)
      : null;
    if (!inv || year === null) {
      book.skipped.lines++;
      continue;
    }
    // The register names municipalities canonically; keep a name that no longer matches Kommuner
    // as it is, so that the invoiced totals still agree with the register.
    const municipality = book.look.resolve(inv.municipality) ?? inv.municipality;
    book.names.add(municipality);
    book.years.add(year);
    for (const t of book.byMunicipality.rollup(year, municipality)) {
      if (line.kind === 'variable') t.variable = t.variable.plus(line.amount);
      else if (line.kind === 'fixed') t.fixed = t.fixed.plus(line.amount);
      else t.pot = t.pot.plus(line.amount);
      t.net = t.net.plus(line.amount);
    }
  }
}

const perThousand = (days: Decimal, pop: Decimal | null | undefined): Decimal | null =>
  pop ? days.times(THOUSAND).dividedBy(pop).toDecimalPlaces(2, Dec.ROUND_HALF_UP) : null;

function municipalityFigures(t: Tally, municipality: string, pop: Decimal | null): MunicipalityFigures {
  return {
    municipality,
    ...t.figures(),
    population: pop,
    perThousand: perThousand(t.participantDays, pop),
    invoicedVariable: t.variable,
    invoicedFixed: t.fixed,
    trainerPot: t.pot,
    invoicedNet: t.net,
  };
}

/** Stage: one year's figures (null: all years), from the tallies. */
function periodOf(
  book: Book,
  input: ReportInput,
  order: { municipalities: string[]; journeys: string[] },
  year: number | null,
): ReportPeriod {
  const { byJourney, byMunicipality, look } = book;
  const journeyRows: JourneyFigures[] = [];
  for (const journey of order.journeys) {
    if (!byJourney.has(year, journey, null)) continue;
    const steps = new Set<string>();
    for (const c of input.courses) if (journeyOf(c) === journey) steps.add(stepOf(c));
    const stepRows: StepFigures[] = [...steps]
      .sort(orderBy(STEPS))
      .filter((s) => byJourney.has(year, journey, s))
      .map((step) => ({ step, ...byJourney.get(year, journey, step).figures() }));
    journeyRows.push({ journey, ...byJourney.get(year, journey, null).figures(), steps: stepRows });
  }
  const { municipalities } = order;
  const allPopulated = municipalities.length > 0 && municipalities.every((m) => look.population.get(m));
  const totalPopulation = allPopulated ? municipalities.reduce((s, m) => s.plus(look.population.get(m)!), ZERO) : null;
  return {
    year,
    municipalities: municipalities.map((m) =>
      municipalityFigures(byMunicipality.get(year, m), m, look.population.get(m) ?? null),
    ),
    total: municipalityFigures(byMunicipality.get(year, null), '', totalPopulation),
    journeys: journeyRows,
    journeyTotal: byJourney.get(year, null, null).figures(),
  };
}

/**
 * The follow-up: lookups → attendance, trainer and invoiced tallies → one period per year and all years.
 * `alreadySkipped`: rows the reader dropped before they reached the records (it reports them as
 * errors), added to the rows skipped here.
 */
export function buildReport(input: ReportInput, alreadySkipped: Partial<SkippedCounts> = {}): FollowUpReport {
  const look = lookups(input);
  const book: Book = {
    look,
    years: new Set(),
    names: new Set(look.population.keys()),
    journeysSeen: new Set(),
    byMunicipality: new Tallies(),
    byJourney: new Tallies(),
    skipped: {
      attendance: alreadySkipped.attendance ?? 0,
      trainers: alreadySkipped.trainers ?? 0,
      lines: alreadySkipped.lines ?? 0,
    },
  };
  tallyAttendance(book, input);
  tallyTrainers(book, input);
  tallyLines(book, input);

  const order = {
    municipalities: [...book.names].sort(swedishCompare),
    journeys: [...book.journeysSeen].sort(orderBy(JOURNEYS)),
  };
  const sortedYears = [...book.years].sort((a, b) => a - b);
  return {
    years: sortedYears,
    municipalities: order.municipalities,
    journeys: order.journeys,
    periods: sortedYears.map((y) => periodOf(book, input, order, y)),
    allYears: periodOf(book, input, order, null),
    skipped: book.skipped,
  };
}

/** The day fee of a course (SPEC §3.1). */
import { toOre, ZERO, type Decimal } from './money';
import type { Course, FeeComponents, Settings } from './types';

/** The components as applied to a course: venue override, all zero for a recorded course. */
export function feeComponents(settings: Settings, course: Course): FeeComponents {
  if (course.recorded) return { venue: ZERO, pot: ZERO, material: ZERO, buffer: ZERO };
  const f = settings.fees;
  return { venue: course.venueOverride ?? f.venue, pot: f.pot, material: f.material, buffer: f.buffer };
}

export function componentsTotal(c: FeeComponents): Decimal {
  return c.venue.plus(c.pot).plus(c.material).plus(c.buffer);
}

export function dayFee(settings: Settings, course: Course): Decimal {
  return componentsTotal(feeComponents(settings, course));
}

/** The variable cost of `days` participant-days of a course: day fee × days, to öre (0 for a recorded course). */
export function variableCost(settings: Settings, course: Course, days: Decimal): Decimal {
  return toOre(dayFee(settings, course).times(days));
}

/** The Utbildarpott part of `days` participant-days of a course, to öre (0 for a recorded course). */
export function potComponentCost(settings: Settings, course: Course, days: Decimal): Decimal {
  return toOre(feeComponents(settings, course).pot.times(days));
}

/** Courses by Kurs-ID (exact id as written in Kurser; the first row wins on duplicates). */
export function courseIndex(courses: readonly Course[]): Map<string, Course> {
  const map = new Map<string, Course>();
  for (const c of courses) if (!map.has(c.id)) map.set(c.id, c);
  return map;
}

/**
 * Variable cost of attendance rows as the invoices compute it: days summed per course, then
 * × day fee, to öre, then added up. Rows of unknown courses count 0; recorded courses cost 0.
 */
export function variableCostOfRows(
  settings: Settings,
  courses: readonly Course[] | ReadonlyMap<string, Course>,
  rows: Iterable<{ courseId: string; days: Decimal }>,
): Decimal {
  return perCourse(courses, rows, (course, days) => variableCost(settings, course, days));
}

/** The Utbildarpott part of attendance rows, per course as on the invoices (pot component × Σ days, to öre). */
export function potComponentOfRows(
  settings: Settings,
  courses: readonly Course[] | ReadonlyMap<string, Course>,
  rows: Iterable<{ courseId: string; days: Decimal }>,
): Decimal {
  return perCourse(courses, rows, (course, days) => potComponentCost(settings, course, days));
}

function perCourse(
  courses: readonly Course[] | ReadonlyMap<string, Course>,
  rows: Iterable<{ courseId: string; days: Decimal }>,
  cost: (course: Course, days: Decimal) => Decimal,
): Decimal {
  const index: ReadonlyMap<string, Course> = Array.isArray(courses)
    ? courseIndex(courses as readonly Course[])
    : (courses as ReadonlyMap<string, Course>);
  const days = new Map<string, Decimal>();
  for (const r of rows) days.set(r.courseId, (days.get(r.courseId) ?? ZERO).plus(r.days));
  let total = ZERO;
  for (const [id, d] of days) {
    const course = index.get(id);
    if (course) total = total.plus(cost(course, d));
  }
  return total;
}

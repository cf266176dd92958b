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

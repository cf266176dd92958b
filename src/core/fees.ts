/** The day fee of a course (SPEC §3.1). */
import type { Decimal } from './money';
import type { Course, FeeComponents, Settings } from './types';

/** The components as applied to a course: venue override, all zero for a recorded course. */
export function feeComponents(settings: Settings, course: Course): FeeComponents {
  throw new Error('not implemented');
}
export function dayFee(settings: Settings, course: Course): Decimal {
  throw new Error('not implemented');
}

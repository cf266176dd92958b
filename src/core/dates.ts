/** Calendar arithmetic on 'YYYY-MM-DD' strings (no time zones involved). */
import type { IsoDate } from './types';

export function isIsoDate(text: string): boolean {
  throw new Error('not implemented');
}
export function addDays(date: IsoDate, days: number): IsoDate {
  throw new Error('not implemented');
}
/** '2024-05' → '2024-05-31'. */
export function lastDayOfMonth(month: string): IsoDate {
  throw new Error('not implemented');
}

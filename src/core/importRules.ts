/**
 * Pure rules for reading a Totara report export (SPEC §12): attendance statuses, the date forms
 * Totara writes, its protection of formula-like values, and the keys by which names and rows are
 * compared. No I/O, no host.
 */
import { isIsoDate } from './dates';
import { normalizeName } from './names';
import type { IsoDate } from './types';

/** What a Totara status means for billing: all of the course's days, half of them, or nothing. */
export type Attendance = 'full' | 'half' | 'none';

const FULL = ['fully attended', 'deltog fullt ut', 'deltog helt', 'fullt deltagande', 'närvarande', 'attended'];
const HALF = ['partially attended', 'deltog delvis', 'delvis deltagande', 'delvis närvarande'];

/**
 * 'Fully attended' / 'Deltog fullt ut' / grade 100 → full; 'Partially attended' / 'Deltog delvis' /
 * grade 50 → half; everything else (No show, Unable to attend, Not set, Booked, Cancelled, blank,
 * and their Swedish forms) → none, i.e. not imported.
 */
export function attendanceOf(status: string): Attendance {
  const text = status.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');
  if (FULL.includes(text)) return 'full';
  if (HALF.includes(text)) return 'half';
  const grade = /^(\d{1,3})(?:[.,]0+)?\s*%?$/.exec(text);
  if (grade) {
    if (Number(grade[1]) === 100) return 'full';
    if (Number(grade[1]) === 50) return 'half';
  }
  return 'none';
}

/**
 * Totara's "CSV (Excel)" export puts a TAB or an apostrophe before values that start with
 * =, +, - or @ so that a spreadsheet does not run them. The value itself is what follows.
 */
export function unwrapProtected(value: string): string {
  return /^[\t'][=+\-@]/.test(value) ? value.slice(1) : value;
}

export type DateReading = { kind: 'ok'; date: IsoDate } | { kind: 'ambiguous' } | { kind: 'invalid' };

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  januari: 1,
  feb: 2,
  february: 2,
  februari: 2,
  mar: 3,
  march: 3,
  mars: 3,
  apr: 4,
  april: 4,
  may: 5,
  maj: 5,
  jun: 6,
  june: 6,
  juni: 6,
  jul: 7,
  july: 7,
  juli: 7,
  aug: 8,
  august: 8,
  augusti: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  okt: 10,
  oktober: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

const TIME = String.raw`(?:,?\s*(?:kl\.?\s*)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*[A-Za-z/_+\-0-9]+)?)?`;
const WEEKDAY = String.raw`(?:[A-Za-zåäöÅÄÖ]+,?\s+)?`;

function iso(year: number, month: number, day: number): DateReading {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isIsoDate(text) ? { kind: 'ok', date: text } : { kind: 'invalid' };
}

/**
 * The date forms Totara writes: ISO ('2024-05-13', '2024-05-13 09:00', '2024-05-13T09:00:00+02:00'),
 * day-month-year with the month as a number ('13/05/2024', '13.05.2024', '13-05-2024') or a name in
 * English or Swedish ('13 May 2024', 'Monday, 13 May 2024, 9:00 AM', 'måndag 13 maj 2024 kl. 09.00'),
 * each optionally followed by a time, which is dropped. A two-digit year could be of any century
 * and its order is unknown ('05/06/24'): that is ambiguous, never guessed.
 */
export function readTotaraDate(raw: string): DateReading {
  const text = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
  let m = new RegExp(
    String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$`,
  ).exec(text);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = new RegExp(String.raw`^(\d{4})/(\d{1,2})/(\d{1,2})${TIME}$`).exec(text);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = new RegExp(String.raw`^${WEEKDAY}(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})${TIME}$`).exec(text);
  if (m) return iso(Number(m[4]), Number(m[3]), Number(m[1]));
  if (new RegExp(String.raw`^${WEEKDAY}\d{1,2}([/.\-])\d{1,2}\1\d{2}${TIME}$`).test(text)) return { kind: 'ambiguous' };
  m = new RegExp(String.raw`^${WEEKDAY}(\d{1,2})\.?\s+([A-Za-zåäöÅÄÖ]+)\.?,?\s+(\d{4})${TIME}$`).exec(text);
  if (m) {
    const month = MONTHS[m[2].toLowerCase()];
    return month ? iso(Number(m[3]), month, Number(m[1])) : { kind: 'invalid' };
  }
  m = new RegExp(String.raw`^${WEEKDAY}([A-Za-zåäöÅÄÖ]+)\.?\s+(\d{1,2}),?\s+(\d{4})${TIME}$`).exec(text);
  if (m) {
    const month = MONTHS[m[1].toLowerCase()];
    return month ? iso(Number(m[3]), month, Number(m[2])) : { kind: 'invalid' };
  }
  return { kind: 'invalid' };
}

/** A participant's name as compared for duplicates: case, spacing and Unicode form ignored. */
export function personKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** A course name as matched forgivingly: case, spacing, diacritics and dash forms ignored. */
export function courseNameKey(name: string): string {
  return normalizeName(name.replace(/[\u2010-\u2015\u2212]/g, '-').replace(/\s*-\s*/g, ' - '));
}

/** The domain of an e-mail address, lower-cased; '' when it is none. */
export function emailDomain(email: string): string {
  const m = /^[^\s@]+@([^\s@]+\.[^\s@]+)$/.exec(email.trim());
  return m ? m[1].toLowerCase() : '';
}

/** Calendar days from start to end, both inclusive. */
export function calendarDays(start: IsoDate, end: IsoDate): number {
  const ms = Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`);
  return Math.round(ms / 86_400_000) + 1;
}

/**
 * Swedish wall-clock time, whatever the host's own time zone: the one home of Europe/Stockholm
 * for the texts both hosts write (Logg's Tid, Skickad, Inläst) and the command line's "today".
 * Intl.DateTimeFormat with a timeZone is part of ECMAScript's Intl API (ECMA-402), which Node
 * and the Apps Script V8 runtime both provide.
 */

/** The zone of the product's calendar (SPEC: Europe/Stockholm). */
export const TIME_ZONE = 'Europe/Stockholm';

const FORMAT = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM' or 'YYYY-MM-DD HH:MM:SS' of an instant in Swedish time. */
export function swedishTime(date: Date, precision: 'day' | 'minute' | 'second'): string {
  const parts = FORMAT.formatToParts(date);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const day = `${get('year')}-${get('month')}-${get('day')}`;
  if (precision === 'day') return day;
  const minute = `${day} ${get('hour')}:${get('minute')}`;
  return precision === 'minute' ? minute : `${minute}:${get('second')}`;
}

/**
 * Reading typed values out of cells. Hosts give numbers, strings, booleans and CalendarDates;
 * administrators type Swedish text ('1,5', '1 550 kr', '2024-05-13'). Numbers become Decimals
 * from their string form, never through float arithmetic.
 */
import { isIsoDate } from '../core/dates';
import { remembered } from '../core/memo';
import { Dec, type Decimal } from '../core/money';
import type { IsoDate } from '../core/types';
import { CalendarDate, timeOf, type CellValue } from './port';

/** A CalendarDate, also when it comes from another copy of the module (hosts in other realms). */
export function isCalendarDate(v: unknown): v is CalendarDate {
  if (v instanceof CalendarDate) return true;
  return typeof v === 'object' && v !== null && typeof (v as { iso?: unknown }).iso === 'string';
}

export function isBlank(v: CellValue | undefined | null): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** The cell as trimmed text: dates as YYYY-MM-DD (date-times YYYY-MM-DD HH:MM), numbers in their shortest JS form. */
export function cellText(v: CellValue | undefined | null): string {
  if (v === undefined || v === null) return '';
  if (isCalendarDate(v)) return timeOf(v) ? `${v.iso} ${timeOf(v)}` : v.iso;
  if (typeof v === 'boolean') return v ? 'Ja' : 'Nej';
  return String(v).trim();
}

// Parsed values per distinct cell value (core/memo.ts).
const isoDates = new Map<string, IsoDate | null>();
const textDates = new Map<string, IsoDate | null>();

/** A date cell or 'YYYY-MM-DD' text (optionally followed by a time, which is ignored); else null. */
export function parseDate(v: CellValue | undefined | null): IsoDate | null {
  if (v === undefined || v === null) return null;
  if (isCalendarDate(v)) return remembered(isoDates, v.iso, (iso) => (isIsoDate(iso) ? iso : null));
  if (typeof v !== 'string') return null;
  return remembered(textDates, v, parseDateText);
}

function parseDateText(v: string): IsoDate | null {
  const text = v.trim();
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(text);
  if (!m) return null;
  return isIsoDate(m[1]) ? m[1] : null;
}

// Spaces used as thousands separators: normal, no-break, narrow no-break, thin.
const GROUP_SPACES = /[\u0020\u00a0\u202f\u2009]/g;

const numbers = new Map<number, Decimal | null>();
const textNumbers = new Map<string, Decimal | null>();

/**
 * A number cell or Swedish number text: '1,5', '1 550', '1 550,00 kr', '-3 100', '25 %'.
 * Returns null for anything else (including blank).
 */
export function parseNumber(v: CellValue | undefined | null): Decimal | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return remembered(numbers, v, (n) => (Number.isFinite(n) ? new Dec(String(n)) : null));
  if (typeof v !== 'string') return null;
  return remembered(textNumbers, v, parseNumberText);
}

function parseNumberText(v: string): Decimal | null {
  let text = v.trim();
  if (text === '') return null;
  text = text.replace(/\s*(kr|sek|:-|%)\.?$/i, '');
  text = text.replace(GROUP_SPACES, '').replace(/^[\u2212\u2013]/, '-');
  if (/^[-+]?\d+,\d+$/.test(text)) text = text.replace(',', '.');
  if (!/^[-+]?(\d+(\.\d+)?|\.\d+)$/.test(text)) return null;
  return new Dec(text.replace(/^\+/, ''));
}

/** 'Ja'/'Nej' (and TRUE/FALSE cells); blank → the fallback; anything else → null. */
export function parseYesNo(v: CellValue | undefined | null, fallback: boolean): boolean | null {
  if (typeof v === 'boolean') return v;
  if (isBlank(v)) return fallback;
  const text = cellText(v).toLowerCase();
  if (['ja', 'j', 'yes', 'sant', 'true', 'x', '1'].includes(text)) return true;
  if (['nej', 'n', 'no', 'falskt', 'false', '0'].includes(text)) return false;
  return null;
}

const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

/** A plain e-mail address (no display name). */
export function isEmail(text: string): boolean {
  return EMAIL.test(text.trim());
}

/** A Decimal as a JS number for a cell, through its two-decimal string form. */
export function moneyCell(d: Decimal): number {
  return Number(d.toFixed(2)) + 0; // + 0 turns -0 into 0
}

/** A Decimal quantity (days, may be a half) as a JS number for a cell. */
export function numberCell(d: Decimal): number {
  return Number(d.toString());
}

/** The 1-based column of A1 letters: 'A' → 1, 'AA' → 27 (upper case). */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

/** The A1 letters of a 1-based column: 1 → 'A', 27 → 'AA'. */
export function columnLetters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

// Cell values, A1 notation and time zones as the fakes need them. Everything here treats values
// from the bundle as foreign-realm objects (no instanceof).

export type Stored = string | number | boolean | Date;

// Primitives first: every cell the fakes store or hand out passes here.
export const isDate = (v: unknown): v is Date =>
  typeof v === 'object' && v !== null && Object.prototype.toString.call(v) === '[object Date]';

export function dateTime(v: Date): number {
  return Date.prototype.getTime.call(v);
}

/** Minutes east of UTC of a time zone at an instant. */
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

export function zoneOffsetMinutes(instant: number, timeZone: string): number {
  // Offsets change at most on the hour: cache per zone and hour (creating formatters is slow).
  const key = `${timeZone}|${Math.floor(instant / 3600000)}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, fmt);
  }
  const parts = fmt.formatToParts(new Date(Math.floor(instant / 3600000) * 3600000));
  const n = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  const offset = Math.round((asUtc - Math.floor(instant / 3600000) * 3600000) / 60000);
  if (offsets.size > 100000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/** The instant of a wall-clock time in a time zone. */
export function zonedInstant(
  y: number,
  m: number,
  d: number,
  h: number,
  min: number,
  s: number,
  timeZone: string,
): Date {
  const guess = Date.UTC(y, m - 1, d, h, min, s);
  let t = guess - zoneOffsetMinutes(guess, timeZone) * 60000;
  t = guess - zoneOffsetMinutes(t, timeZone) * 60000;
  return new Date(t);
}

/** Wall-clock fields of an instant in a time zone. */
export function zonedFields(instant: number, timeZone: string) {
  const local = new Date(instant + zoneOffsetMinutes(instant, timeZone) * 60000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    millisecond: local.getUTCMilliseconds(),
    weekday: local.getUTCDay(),
    offsetMinutes: zoneOffsetMinutes(instant, timeZone),
  };
}

/** 'YYYY-MM-DD' of an instant in a time zone. */
export function isoInZone(v: Date, timeZone: string): string {
  const f = zonedFields(dateTime(v), timeZone);
  return `${f.year}-${String(f.month).padStart(2, '0')}-${String(f.day).padStart(2, '0')}`;
}

const pad = (n: number, w: number) => String(Math.abs(n)).padStart(w, '0');
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Java SimpleDateFormat, the subset scripts use (y M d H h m s S E a Z X and 'quoted text'). */
export function formatDateJava(v: Date, timeZone: string, pattern: string): string {
  const f = zonedFields(dateTime(v), timeZone);
  let out = '';
  for (let i = 0; i < pattern.length;) {
    const ch = pattern[i];
    if (ch === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1) {
        out += "'";
        i += 2;
        continue;
      }
      out += pattern.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(ch)) {
      out += ch;
      i++;
      continue;
    }
    let j = i;
    while (pattern[j] === ch) j++;
    const w = j - i;
    i = j;
    const off = f.offsetMinutes;
    switch (ch) {
      case 'y':
        out += w === 2 ? pad(f.year % 100, 2) : pad(f.year, w);
        break;
      case 'M':
        out += w >= 4 ? MONTHS[f.month - 1] : w === 3 ? MONTHS[f.month - 1].slice(0, 3) : pad(f.month, w);
        break;
      case 'd':
        out += pad(f.day, w);
        break;
      case 'H':
        out += pad(f.hour, w);
        break;
      case 'h':
        out += pad(f.hour % 12 || 12, w);
        break;
      case 'm':
        out += pad(f.minute, w);
        break;
      case 's':
        out += pad(f.second, w);
        break;
      case 'S':
        out += pad(f.millisecond, w);
        break;
      case 'E':
        out += w >= 4 ? DAYS[f.weekday] : DAYS[f.weekday].slice(0, 3);
        break;
      case 'a':
        out += f.hour < 12 ? 'AM' : 'PM';
        break;
      case 'Z':
        out += (off < 0 ? '-' : '+') + pad(Math.floor(Math.abs(off) / 60), 2) + pad(Math.abs(off) % 60, 2);
        break;
      case 'X':
        out +=
          off === 0
            ? 'Z'
            : (off < 0 ? '-' : '+') +
              pad(Math.floor(Math.abs(off) / 60), 2) +
              (w >= 3 ? ':' : '') +
              pad(Math.abs(off) % 60, 2);
        break;
      default:
        throw new Error(`Illegal pattern character '${ch}'`);
    }
  }
  return out;
}

/**
 * What Sheets stores for a value written with setValue(s): strings are parsed as if typed
 * (formula, number, date, boolean), a leading apostrophe forces literal text (and is dropped).
 * A cell formatted as plain text ('@') keeps strings as they are.
 */
export type Parsed = { value: Stored; formula: string };

const NUMBER_RE = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/;
const PERCENT_RE = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)\s?%$/;
const ISO_DATE_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const ISO_DATETIME_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;

export function parseWritten(v: unknown, plainText: boolean, timeZone: string): Parsed {
  if (v === null || v === undefined) return { value: '', formula: '' };
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error('Invalid argument: value');
    return { value: v, formula: '' };
  }
  if (typeof v === 'boolean') return { value: v, formula: '' };
  if (isDate(v)) return { value: new Date(dateTime(v)), formula: '' };
  if (typeof v !== 'string') {
    // The real service turns unknown objects into strings; a product writing them is a bug the
    // tests should see, so the fake refuses.
    throw new Error(`Fake Sheets: cannot store a value of type ${Object.prototype.toString.call(v)} (${String(v)})`);
  }
  // A plain-text cell keeps the string as it is, a leading apostrophe too: Google documents the
  // apostrophe as what a person types to keep text, not as something setValues takes away there.
  if (plainText) return { value: v, formula: '' };
  if (v.startsWith("'")) return { value: v.slice(1), formula: '' };
  const t = v.trim();
  if (t.startsWith('=')) return { value: '', formula: t };
  if (NUMBER_RE.test(t)) return { value: Number(t.replace(',', '.')), formula: '' };
  if (PERCENT_RE.test(t)) return { value: Number(t.replace('%', '').replace(',', '.').trim()) / 100, formula: '' };
  if (/^(true|false)$/i.test(t)) return { value: t.toLowerCase() === 'true', formula: '' };
  let m = ISO_DATE_RE.exec(t);
  if (m && validYmd(+m[1], +m[2], +m[3]))
    return { value: zonedInstant(+m[1], +m[2], +m[3], 0, 0, 0, timeZone), formula: '' };
  m = ISO_DATETIME_RE.exec(t);
  if (m && validYmd(+m[1], +m[2], +m[3]))
    return { value: zonedInstant(+m[1], +m[2], +m[3], +m[4], +m[5], +(m[6] ?? 0), timeZone), formula: '' };
  // Typed text that starts with + or - (and is not a number) is taken as a formula by Sheets.
  if (t.startsWith('+') || t.startsWith('-')) return { value: '', formula: '=' + t };
  return { value: v, formula: '' };
}

function validYmd(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

// ---- A1 notation ----

export function columnLetters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export interface Box {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

export function a1(box: Box): string {
  const start = columnLetters(box.col) + box.row;
  if (box.rows === 1 && box.cols === 1) return start;
  return `${start}:${columnLetters(box.col + box.cols - 1)}${box.row + box.rows - 1}`;
}

/** Splits 'Tab'!A1:B2 into sheet name and range part. */
export function splitSheetRef(ref: string): { sheet: string | null; range: string } {
  const m = /^(?:'((?:[^']|'')+)'|([^!]+))!(.+)$/.exec(ref);
  if (!m) return { sheet: null, range: ref };
  return { sheet: m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2], range: m[3] };
}

/** A1, A1:C3, A2:C, A:C, 2:5 within a sheet of maxRows × maxCols. */
export function parseA1(ref: string, maxRows: number, maxCols: number): Box {
  const cell = /^\$?([A-Za-z]+)\$?(\d+)$/;
  const col = /^\$?([A-Za-z]+)$/;
  const row = /^\$?(\d+)$/;
  const [p, q = p] = ref.trim().split(':');
  let m1 = cell.exec(p);
  let m2 = cell.exec(q);
  if (m1 && m2) {
    const r1 = +m1[2],
      c1 = columnNumber(m1[1]),
      r2 = +m2[2],
      c2 = columnNumber(m2[1]);
    return { row: Math.min(r1, r2), col: Math.min(c1, c2), rows: Math.abs(r2 - r1) + 1, cols: Math.abs(c2 - c1) + 1 };
  }
  // Open-ended 'A2:C' runs to the last row.
  m1 = cell.exec(p);
  m2 = col.exec(q);
  if (m1 && m2) {
    const r1 = +m1[2],
      c1 = columnNumber(m1[1]),
      c2 = columnNumber(m2[1]);
    return { row: r1, col: Math.min(c1, c2), rows: maxRows - r1 + 1, cols: Math.abs(c2 - c1) + 1 };
  }
  m1 = col.exec(p);
  m2 = col.exec(q);
  if (m1 && m2) {
    const c1 = columnNumber(m1[1]),
      c2 = columnNumber(m2[1]);
    return { row: 1, col: Math.min(c1, c2), rows: maxRows, cols: Math.abs(c2 - c1) + 1 };
  }
  m1 = row.exec(p);
  m2 = row.exec(q);
  if (m1 && m2) {
    const r1 = +m1[1],
      r2 = +m2[1];
    return { row: Math.min(r1, r2), col: 1, rows: Math.abs(r2 - r1) + 1, cols: maxCols };
  }
  throw new Error('Range not found');
}

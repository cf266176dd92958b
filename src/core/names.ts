/** Forgiving municipality-name matching (SPEC §2.2) and Swedish alphabetical order. */
import { remembered } from './memo';

const COMBINING_MARKS = /[\u0300-\u036f]/g;

const SUFFIX = / (kommun|stad)$/;

/** Lower-cased, trimmed, single-spaced, diacritics removed. */
function plainName(text: string): string {
  return String(text).normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

// Normalised names per typed text: a ledger check compares two names on each of 100 000 rows.
const normalized = new Map<string, string>();

/** Lower-cased, trimmed, diacritics removed, suffix " kommun" / " stad" removed. */
export function normalizeName(text: string): string {
  return remembered(normalized, String(text), (key) => plainName(key).replace(SUFFIX, ''));
}

export type NameMatch =
  { kind: 'ok'; name: string } | { kind: 'unknown' } | { kind: 'ambiguous'; candidates: string[] };

const MATCH_CACHE_LIMIT = 10_000;

/** Callers get their own candidate list; 'ok' and 'unknown' answers hold nothing to change. */
function copyMatch(m: NameMatch): NameMatch {
  return m.kind === 'ambiguous' ? { kind: 'ambiguous', candidates: [...m.candidates] } : m;
}

/** Matches typed text against the canonical names of a table (e.g. the Kommuner tab). */
export class NameMatcher {
  private readonly index = new Map<string, string[]>();

  constructor(readonly names: readonly string[]) {
    for (const name of names) {
      const key = normalizeName(name);
      if (key === '') continue;
      const list = this.index.get(key);
      if (list) list.push(name);
      else this.index.set(key, [name]);
    }
  }

  /** Answers per typed text: a tab of 100 000 rows holds a few dozen spellings. */
  private readonly answers = new Map<string, NameMatch>();

  match(text: string): NameMatch {
    const cached = this.answers.get(text);
    if (cached !== undefined) return copyMatch(cached);
    const answer = this.matchText(text);
    if (this.answers.size >= MATCH_CACHE_LIMIT) this.answers.clear();
    this.answers.set(text, answer);
    return copyMatch(answer);
  }

  private matchText(text: string): NameMatch {
    const key = normalizeName(text);
    let found = key === '' ? undefined : this.index.get(key);
    // The genitive before the suffix, as Swedish writes it: "Bodens kommun" is Boden.
    if (!found && key.endsWith('s') && SUFFIX.test(plainName(text))) {
      found = this.index.get(key.slice(0, -1));
    }
    if (!found) return { kind: 'unknown' };
    // Two rows with the same normalized name (even if spelled identically) cannot be told apart.
    if (found.length > 1) return { kind: 'ambiguous', candidates: [...found] };
    return { kind: 'ok', name: found[0] };
  }
}

// Collation weights. Non-letters (digits, spaces, punctuation) keep their code point and so sort
// before letters; a–z follow, then å, ä, ö; anything else after, by code point.
const LETTERS = 'abcdefghijklmnopqrstuvwxyzåäö';
const LETTER_BASE = 0x10000;
const OTHER_BASE = 0x20000;
/** Letters Swedish dictionaries file elsewhere than under their base letter. */
const SPECIAL: Record<string, string> = {
  å: 'å',
  ä: 'ä',
  ö: 'ö',
  æ: 'ä',
  ø: 'ö',
  ü: 'y',
  ß: 's',
};

const weightCache = new Map<string, number>();

function charWeight(ch: string): number {
  const cached = weightCache.get(ch);
  if (cached !== undefined) return cached;
  let w: number;
  const lower = ch.toLowerCase();
  const special = SPECIAL[lower.normalize('NFC')];
  if (special !== undefined) {
    w = LETTER_BASE + LETTERS.indexOf(special);
  } else {
    const base = lower.normalize('NFD').replace(COMBINING_MARKS, '');
    const idx = base.length === 1 ? LETTERS.indexOf(base) : -1;
    if (idx >= 0) w = LETTER_BASE + idx;
    else if (base.length === 1 && base.charCodeAt(0) < 0x80) w = base.charCodeAt(0);
    else w = OTHER_BASE + (ch.codePointAt(0) ?? 0);
  }
  weightCache.set(ch, w);
  return w;
}

function weights(text: string): number[] {
  const out: number[] = [];
  for (const ch of String(text).normalize('NFC')) out.push(charWeight(ch));
  return out;
}

/** Swedish alphabetical order: a–z, then å, ä, ö; case-insensitive; deterministic on every host. */
export function swedishCompare(a: string, b: string): number {
  if (a === b) return 0;
  const wa = weights(a);
  const wb = weights(b);
  const n = Math.min(wa.length, wb.length);
  for (let i = 0; i < n; i++) {
    if (wa[i] !== wb[i]) return wa[i] < wb[i] ? -1 : 1;
  }
  if (wa.length !== wb.length) return wa.length < wb.length ? -1 : 1;
  // Equal when folded (case, accents): fall back to the raw text so the order is total.
  return a < b ? -1 : 1;
}

/** Forgiving municipality-name matching (SPEC §2.2) and Swedish alphabetical order. */

/** Lower-cased, trimmed, diacritics removed, suffix " kommun" / " stad" removed. */
export function normalizeName(text: string): string {
  throw new Error('not implemented');
}

export type NameMatch =
  | { kind: 'ok'; name: string }
  | { kind: 'unknown' }
  | { kind: 'ambiguous'; candidates: string[] };

/** Matches typed text against the canonical names of a table (e.g. the Kommuner tab). */
export class NameMatcher {
  constructor(readonly names: readonly string[]) {}
  match(text: string): NameMatch {
    throw new Error('not implemented');
  }
}

/** Swedish alphabetical order: a–z, then å, ä, ö; case-insensitive; deterministic on every host. */
export function swedishCompare(a: string, b: string): number {
  throw new Error('not implemented');
}

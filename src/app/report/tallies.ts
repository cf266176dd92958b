/** Running sums of the follow-up, one per key (a year or all years, then a municipality or a Yrkesresa and Steg). */
import { ZERO, type Decimal } from '../../core/money';
import type { Figures } from './model';

export class Tally {
  readonly people = new Set<string>();
  participantDays: Decimal = ZERO;
  trainerDays: Decimal = ZERO;
  variable: Decimal = ZERO;
  fixed: Decimal = ZERO;
  pot: Decimal = ZERO;
  net: Decimal = ZERO;

  figures(): Figures {
    return { participants: this.people.size, participantDays: this.participantDays, trainerDays: this.trainerDays };
  }
}

type Key = (string | number | null)[];

/** Tallies keyed by (year | null, ...path); null stands for "all": all years, all municipalities, all steps. */
export class Tallies {
  private readonly map = new Map<string, Tally>();
  get(...key: Key): Tally {
    const k = JSON.stringify(key);
    let t = this.map.get(k);
    if (!t) {
      t = new Tally();
      this.map.set(k, t);
    }
    return t;
  }
  has(...key: Key): boolean {
    return this.map.has(JSON.stringify(key));
  }
  /**
   * Every tally a record counts in: its year and all years, each at every level of its path from
   * its own up to the total — e.g. (2024, Luleå), (2024, all), (all, Luleå), (all, all).
   */
  rollup(year: number, ...path: string[]): Tally[] {
    const out: Tally[] = [];
    for (const y of [year, null]) {
      for (let n = path.length; n >= 0; n--)
        out.push(this.get(y, ...path.slice(0, n), ...path.slice(n).map(() => null)));
    }
    return out;
  }
}

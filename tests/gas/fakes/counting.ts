// The one place where the fakes count service calls. A fake class lists its Apps Script methods
// once (the list also types it: `implements Pick<GoogleAppsScript.…, Methods>`), and countCalls
// wraps each of them: the call is counted in the Tracker under "Service.method" (with its target,
// e.g. "Fakturor!A2:K5"), may fail there when a failure was injected or the execution mode forbids
// it, then runs. Helpers that are not in the list (seed, read, …) are not counted.
import type { Tracker } from './env';

export interface Counting<T> {
  /** The tracker of an instance. */
  tracker(self: T): Tracker;
  /** What the call is about, recorded with it (a range's A1, a sheet's name). */
  target?(self: T, method: string, args: unknown[]): string | undefined;
  /** Runs after the call is counted and before the method (e.g. a protected sheet's refusal). */
  before?(self: T, method: string): void;
}

export function countCalls<T extends object>(
  cls: { prototype: T },
  service: string,
  methods: readonly (keyof T & string)[],
  how: Counting<T>,
): void {
  const proto = cls.prototype as Record<string, unknown>;
  for (const method of methods) {
    const original = proto[method];
    if (typeof original !== 'function') throw new Error(`The fake of ${service} has no method ${method}`);
    const kind = `${service}.${method}`;
    proto[method] = function counted(this: T, ...args: unknown[]): unknown {
      how.tracker(this).hit(kind, how.target?.(this, method, args));
      how.before?.(this, method);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
  }
}

// The bookkeeping every fake shares: counts of service calls by kind, injected failures, and the
// execution mode (a custom function or a simple trigger may not call everything).

export type ExecutionMode = 'full' | 'customFunction' | 'simpleTrigger';

export interface CallRecord {
  kind: string; // 'Range.setValues'
  target?: string; // e.g. "Fakturor!A2:K5"
}

interface Injection {
  kind: string;
  remaining: number;
  error: Error | (() => Error);
}

/** Kinds that change the document: refused inside a custom function, as in Sheets. */
const WRITE_PREFIXES = [
  'set',
  'insert',
  'delete',
  'clear',
  'merge',
  'breakApart',
  'protect',
  'hide',
  'show',
  'append',
  'remove',
  'add',
];

export class Tracker {
  /** Calls so far by kind, e.g. calls['Range.getValues']. Live object; reset with reset(). */
  readonly calls: Record<string, number> = {};
  /** Every call in order, with its target where one makes sense. */
  readonly log: CallRecord[] = [];
  mode: ExecutionMode = 'full';
  private injections: Injection[] = [];

  /** Counts one call; throws an injected failure or a permission error when due. */
  hit(kind: string, target?: string): void {
    this.calls[kind] = (this.calls[kind] ?? 0) + 1;
    this.log.push(target === undefined ? { kind } : { kind, target });
    for (const inj of this.injections) {
      if (inj.kind === kind && inj.remaining > 0 && --inj.remaining === 0) {
        throw typeof inj.error === 'function' ? inj.error() : inj.error;
      }
    }
    if (this.mode === 'customFunction') {
      const [service, method] = kind.split('.');
      const spreadsheet = ['Spreadsheet', 'Sheet', 'Range', 'Protection'].includes(service);
      if (spreadsheet && WRITE_PREFIXES.some((p) => method.startsWith(p))) {
        throw new Error(`You do not have permission to call ${method}`);
      }
      // Google lists what custom functions may use: Cache, HTML (not shown), Lock, Properties,
      // Spreadsheet (read only), URL Fetch, Utilities, … — not Ui, MailApp or ScriptApp.
      if (
        ['Ui', 'Menu', 'MailApp', 'ScriptApp'].includes(service) ||
        kind === 'SpreadsheetApp.getUi' ||
        kind === 'SpreadsheetApp.flush'
      ) {
        throw new Error(`You do not have permission to call ${kind}`);
      }
    }
    if (this.mode === 'simpleTrigger') {
      if (['MailApp', 'UrlFetchApp'].includes(service(kind)) || kind === 'ScriptApp.newTrigger') {
        throw new Error(`You do not have permission to call ${kind}`);
      }
    }
  }

  /**
   * Makes the n-th call of `kind` from now (1-based) throw `error` (default: an Error naming the
   * call) instead of running. The failing call is counted; later calls run normally.
   */
  failAt(kind: string, n: number, error?: Error | string): void {
    if (!Number.isInteger(n) || n < 1) throw new Error(`failAt: n must be a positive integer, got ${n}`);
    const err = error instanceof Error ? error : () => new Error(error ?? `Injected failure: ${kind} #${n}`);
    this.injections.push({ kind, remaining: n, error: err });
  }

  /** Calls of a kind so far. */
  count(kind: string): number {
    return this.calls[kind] ?? 0;
  }

  /** Sum of calls whose kind matches (e.g. /^Range\.set/). */
  countMatching(pattern: RegExp): number {
    return Object.entries(this.calls)
      .filter(([k]) => pattern.test(k))
      .reduce((s, [, n]) => s + n, 0);
  }

  reset(): void {
    for (const k of Object.keys(this.calls)) delete this.calls[k];
    this.log.length = 0;
    this.injections = [];
  }

  /** Runs fn in an execution mode (custom functions may only read; simple triggers lack authorization). */
  runAs<T>(mode: ExecutionMode, fn: () => T): T {
    const before = this.mode;
    this.mode = mode;
    try {
      return fn();
    } finally {
      this.mode = before;
    }
  }
}

function service(kind: string): string {
  return kind.split('.')[0];
}

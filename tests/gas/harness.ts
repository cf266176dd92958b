// Loads the built Apps Script project (dist/gas/Code.js) into a fresh node:vm context whose
// globals are the fakes, as Apps Script would run it. Tests then call the top-level functions:
//   const env = createGasEnvironment({ tabs: standardWorkbook() });
//   const ctx = loadBundle(env);
//   ctx.onOpen();
//   env.asCustomFunction(() => ctx.FASTKOSTNAD('Luleå'));
// Values created inside the bundle belong to the vm's realm: compare them structurally
// (toEqual) or pass them through plain() first.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import type { GasEnvironment } from './fakes';

export const CODE_PATH = join(import.meta.dirname, '../../dist/gas/Code.js');

/** The global scope of the loaded project: every top-level function, plus the fakes. */
export type GasContext = vm.Context & Record<string, any>;

export interface LoadOptions {
  /** Another build to load (default dist/gas/Code.js). */
  codePath?: string;
  /** Extra globals (e.g. a replaced service). */
  globals?: Record<string, unknown>;
}

// Each build is read and compiled once per worker (the crash tests load it a few hundred times);
// a changed file (size or time) is read again. Every load still runs it in a fresh context.
const compiled = new Map<string, { stamp: string; code: string; script: vm.Script }>();

function compiledBundle(codePath: string): { code: string; script: vm.Script } {
  const { size, mtimeMs } = statSync(codePath);
  const stamp = `${size}:${mtimeMs}`;
  let entry = compiled.get(codePath);
  if (entry?.stamp !== stamp) {
    const code = readFileSync(codePath, 'utf8');
    entry = { stamp, code, script: new vm.Script(code, { filename: 'Code.js' }) };
    compiled.set(codePath, entry);
  }
  return entry;
}

export function readBundle(codePath = CODE_PATH): string {
  return compiledBundle(codePath).code;
}

export function loadBundle(env: GasEnvironment, options: LoadOptions = {}): GasContext {
  return runBundle({ ...env.globals, console, ...(options.globals ?? {}) }, options.codePath);
}

/** Runs a build in a fresh context whose globals are the builtins and `globals`; that context. */
export function runBundle(globals: Record<string, unknown>, codePath = CODE_PATH): GasContext {
  const ctx = freshContext(globals);
  compiledBundle(codePath).script.runInContext(ctx);
  return ctx;
}

/**
 * A loader for a test that runs the build over hundreds of fresh workbooks (the crash tests): it
 * runs the build once, in a fresh context, and hands that same context to every later environment
 * with the environment's services put in as its globals. V8 keeps what it learned about a
 * function (its feedback, its optimised code) with the function's closure, and a fresh context
 * makes fresh closures, so every load runs Code.js from cold: twice the time of a warm run.
 * Apps Script starts every execution with fresh globals, so this is only sound for code whose
 * module state is memoisation (parsed dates and fonts, keyed by everything they depend on); the
 * one per-execution value, customFunctions.ts's time zone, is not reached by a menu action. The
 * tests that use it compare every warm run with a reference run in a context of its own, so state
 * carried from one environment to the next would show as a difference, not hide one.
 * Each call makes its own loader: a test file's environments never share a context with another file's.
 */
export function warmLoader(options: LoadOptions = {}): (env: GasEnvironment) => GasContext {
  let ctx: GasContext | undefined;
  let names = '';
  return (env) => {
    const globals = { ...env.globals, console, ...(options.globals ?? {}) };
    const these = Object.keys(globals).sort().join();
    if (!ctx) {
      names = these;
      return (ctx = runBundle(globals, options.codePath));
    }
    // A global of an earlier environment must not outlive it.
    if (these !== names) throw new Error(`warmLoader: the globals differ (${these} after ${names})`);
    return Object.assign(ctx, globals);
  };
}

/**
 * A context whose global object is an ordinary object (vm.constants.DONT_CONTEXTIFY, Node 20.18
 * and later) holding `globals`, as Apps Script's global scope is. The bundle reaches every global
 * (Math, JSON, String, SpreadsheetApp …) from inside its functions, and in a context made from a
 * sandbox object (vm.createContext(object)) each such lookup goes through Node's interceptors,
 * uncached: a loop calling Math.imul ran 100 times slower than in Node's own realm, and the tests
 * of every action over thousands of rows spent most of their time there.
 */
function freshContext(globals: Record<string, unknown>): GasContext {
  const plainGlobal = vm.constants?.DONT_CONTEXTIFY;
  if (plainGlobal === undefined) return vm.createContext({ ...globals }) as GasContext;
  return Object.assign(vm.createContext(plainGlobal), globals) as GasContext;
}

/** Calls a top-level function of the bundle the way Sheets calls a custom function (read-only services). */
export function callCustomFunction(env: GasEnvironment, ctx: GasContext, name: string, ...args: unknown[]): unknown {
  const fn = ctx[name];
  if (typeof fn !== 'function') throw new Error(`Code.js has no top-level function ${name}`);
  return env.asCustomFunction(() => fn(...args));
}

/** Calls onOpen the way a simple trigger runs. */
export function openSpreadsheet(env: GasEnvironment, ctx: GasContext): void {
  env.asSimpleTrigger(() => ctx.onOpen({ source: env.spreadsheet, authMode: 'LIMITED' }));
}

/**
 * `value` as JSON text, or undefined when JSON.parse would not give back the same values (a Date
 * or anything else with a toJSON, undefined, NaN, ±Infinity, -0, a function, a BigInt, a cycle).
 */
export function exactJson(value: unknown): string | undefined {
  let exact = true;
  let text: string | undefined;
  try {
    text = JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
      const before = this[key]; // the value before its toJSON, if any
      if (
        v === undefined ||
        typeof v === 'function' ||
        typeof v === 'symbol' ||
        (typeof before === 'object' && before !== v) || // toJSON made it something else (a Date, a string)
        (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)))
      )
        exact = false;
      return v;
    });
  } catch {
    return undefined; // a BigInt or a cycle
  }
  return exact ? text : undefined;
}

/** Deep copy into this realm (arrays, plain objects, Dates), for strict comparisons. */
export function plain<T = unknown>(value: unknown): T {
  return copy(value) as T;
}

function copy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copy);
  if (Object.prototype.toString.call(v) === '[object Date]') return new Date(Date.prototype.getTime.call(v));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = copy(x);
    return out;
  }
  return v;
}

/**
 * A Date class whose clock stands at `instant` (ms since 1970), to pass as the bundle's `Date`
 * global (loadBundle's `globals`): "today" and "now" at a chosen moment, e.g. around midnight.
 */
export function frozenClock(instant: number): DateConstructor {
  class FrozenDate extends Date {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(instant);
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return instant;
    }
  }
  return FrozenDate as unknown as DateConstructor;
}

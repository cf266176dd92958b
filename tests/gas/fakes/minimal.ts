// A host that offers only the most common part of the Apps Script API, as another team's fakes
// might: every method of a restricted kind that is not listed reads as undefined. The product
// must still read, write values and formats, build the menu and compute the custom functions.
import type { GasEnvironment, GasGlobals } from './index';

export type ApiSubset = Record<string, readonly string[]>;

/** What the product may rely on everywhere (see BRIEF: the most common API only). */
export const COMMON_API: ApiSubset = {
  SpreadsheetApp: ['getActiveSpreadsheet', 'getUi', 'flush'],
  Spreadsheet: ['getSheets', 'getSheetByName', 'insertSheet', 'deleteSheet', 'getId', 'getUrl'],
  Sheet: ['getName', 'getDataRange', 'getRange', 'getLastRow', 'getLastColumn', 'getSheetId'],
  Range: ['getValues', 'setValues', 'setNumberFormats'],
  Ui: ['createMenu', 'alert'],
  Menu: ['addItem', 'addToUi'],
};

const targets = new WeakMap<object, object>();

function kindOf(v: object): string | null {
  const name = (v as { constructor?: { name?: string } }).constructor?.name ?? '';
  return name.startsWith('Fake') ? name.slice(4) : null;
}

function unwrap(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unwrap);
  if (v !== null && typeof v === 'object' && targets.has(v)) return targets.get(v);
  return v;
}

function wrap(v: unknown, api: ApiSubset): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.some((x) => x !== null && typeof x === 'object' && kindOf(x) !== null && !Array.isArray(x)) ? v.map((x) => wrap(x, api)) : v;
  const kind = kindOf(v);
  if (kind === null || !(kind in api)) return v;
  const allowed = new Set(api[kind]);
  const proxy = new Proxy(v, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (typeof prop !== 'string' || !allowed.has(prop)) return undefined;
      return (...args: unknown[]) => wrap((value as (...a: unknown[]) => unknown).apply(target, args.map(unwrap)), api);
    },
    has(target, prop) {
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? typeof prop === 'string' && allowed.has(prop) : prop in target;
    },
  });
  targets.set(proxy, v);
  return proxy;
}

/** The environment's globals with the restricted kinds cut down to `api`. */
export function restrictedGlobals(env: GasEnvironment, api: ApiSubset = COMMON_API): GasGlobals {
  const out: Record<string, unknown> = {};
  for (const [name, service] of Object.entries(env.globals)) out[name] = wrap(service, api);
  return out as unknown as GasGlobals;
}

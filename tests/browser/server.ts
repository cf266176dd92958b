// google.script.run's way to the server in the dialog tests that talk to the built bundle: the
// page calls window.__server(name, arg), which runs the top-level function `name` of the loaded
// dist/gas/Code.js (node:vm over the fakes) and resolves to { ok, value } or { ok: false, message }.
//
// The reply travels as JSON text when JSON carries it exactly (the dialogs' views are plain
// objects, arrays, strings, numbers and booleans). Playwright's own transfer of an object walks
// and checks every value on both sides: the 17 000 payments of a camt.054 preview took several
// seconds that way and a fraction of one as text. A reply JSON would change (a Date, undefined,
// NaN, ±Infinity, -0, a function) still goes Playwright's way, so the page gets the same values
// either way.
import type { Page } from 'playwright-core';
import { exactJson, plain, type GasContext } from '../gas/harness';

type Reply = { ok: true; value: unknown } | { ok: false; message: string };

/** Makes window.__server call the functions of `ctx` (install before the page's own script runs). */
export async function exposeServer(page: Page, ctx: GasContext): Promise<void> {
  await page.exposeFunction('__gas', (name: string, arg: unknown): Reply | string => {
    let reply: Reply;
    try {
      reply = { ok: true, value: plain(ctx[name](arg)) };
    } catch (e) {
      reply = { ok: false, message: (e as Error).message };
    }
    return exactJson(reply) ?? reply;
  });
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, any>;
    w.__server = (name: string, arg: unknown): Promise<unknown> =>
      w.__gas(name, arg).then((r: unknown) => (typeof r === 'string' ? JSON.parse(r) : r));
  });
}

// The browser tests need no Debian package: the Chromium inside @sparticuz/chromium runs headless
// here through playwright-core, whatever CHROMIUM_PATH says (it is used when no system Chromium is found).
// And the helpers the dialog tests share: a file's page handed from test to test with nothing of
// the previous test left, and the server's replies reaching the page with the same values.
import type { Browser } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import {
  chromiumExecutable,
  closePages,
  FilePage,
  launchChromium,
  npmChromium,
  sharedChromium,
  sharedChromiumChoice,
} from './chromium';
import { exactJson } from '../gas/harness';
import { exposeServer } from './server';

it('the npm package Chromium renders a Swedish page', async () => {
  const npm = await npmChromium();
  // Without a system Chromium the browser tests' shared Chromium is this one, launched with the
  // same flags and environment: no second one is launched for this test.
  const shared = await sharedChromiumChoice();
  const same =
    shared.path === npm.path && JSON.stringify([shared.args, shared.env]) === JSON.stringify([npm.args, npm.env]);
  const own = same ? undefined : await launchChromium(npm);
  const context = await (own ?? (await sharedChromium())).newContext();
  try {
    const page = await context.newPage();
    await page.setContent('<p id="t">Luleå, Älvsbyn, Övertorneå</p>');
    expect(await page.textContent('#t')).toBe('Luleå, Älvsbyn, Övertorneå');
  } finally {
    await context.close();
    await own?.close();
  }
});

it('uses CHROMIUM_PATH only when it exists', async () => {
  const saved = process.env.CHROMIUM_PATH;
  process.env.CHROMIUM_PATH = '/nowhere/chromium';
  try {
    const chosen = await chromiumExecutable();
    expect(chosen.path).not.toBe('/nowhere/chromium');
    expect(['system', 'npm']).toContain(chosen.from);
  } finally {
    if (saved === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = saved;
  }
});

// The page of the tests below, as a dialog test file has one.
let browser: Browser | undefined;
let pages: FilePage | undefined;
async function filePage(): Promise<FilePage> {
  browser ??= await sharedChromium();
  return (pages ??= new FilePage(browser));
}
afterAll(() => closePages(browser));

it("hands a file's page to the next test without the previous test's scripts, functions and listeners", async () => {
  const pages = await filePage();
  const first = await pages.next({ width: 500, height: 400 });
  expect(first.viewportSize()).toEqual({ width: 500, height: 400 });
  await first.addInitScript(() => {
    (window as unknown as Record<string, unknown>).__before = true;
  });
  await first.exposeFunction('__answer', () => 1);
  const heard: string[] = [];
  first.on('dialog', (d) => {
    heard.push(d.message());
    void d.dismiss();
  });
  await first.goto('data:text/html,<p>ett</p>');
  const globals = () =>
    first.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return [typeof w.__before, typeof w.__answer];
    });
  expect(await globals()).toEqual(['boolean', 'function']);
  await first.evaluate(() => alert('första'));
  expect(heard).toEqual(['första']);

  const second = await pages.next();
  expect(second).toBe(first);
  expect(second.url()).toBe('about:blank');
  expect(second.viewportSize()).toEqual({ width: 1280, height: 720 }); // Playwright's default
  await second.goto('data:text/html,<p>två</p>');
  expect(await globals()).toEqual(['undefined', 'undefined']);
  await second.evaluate(() => alert('andra')); // no listener: Playwright dismisses it
  expect(heard).toEqual(['första']);
  // The next test may expose a function of the same name.
  await second.exposeFunction('__answer', () => 2);
  expect(await second.evaluate(() => (window as unknown as { __answer: () => Promise<number> }).__answer())).toBe(2);
});

it("sends the server's reply as JSON text only when JSON keeps every value", () => {
  expect(exactJson({ ok: true, value: { a: [1, 'två', null, false], b: { c: -1.5 } } })).toBe(
    '{"ok":true,"value":{"a":[1,"två",null,false],"b":{"c":-1.5}}}',
  );
  for (const value of [
    new Date(0),
    { a: undefined },
    [undefined],
    [1, , 3], // eslint-disable-line no-sparse-arrays
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -0,
    () => 1,
    Symbol('s'),
    10n,
    { toJSON: () => 'annat' },
  ]) {
    expect(exactJson({ ok: true, value })).toBeUndefined();
  }
});

it("gives the page the server's reply with the same values either way", async () => {
  const page = await (await filePage()).next();
  const ctx = {
    plainReply: (arg: { n: number }) => ({ list: [arg.n, 'Luleå'], nested: { t: true } }),
    dateReply: () => ({ when: new Date(Date.UTC(2024, 4, 20)), missing: undefined }),
    failing: () => {
      throw new Error('Fel från servern');
    },
  };
  await exposeServer(page, ctx);
  await page.goto('data:text/html,<p>server</p>');
  const replies = await page.evaluate(async () => {
    const server = (window as unknown as { __server: (n: string, a?: unknown) => Promise<any> }).__server;
    const date = await server('dateReply');
    return {
      plain: await server('plainReply', { n: 7 }),
      date: [date.value.when instanceof Date, date.value.when.toISOString(), 'missing' in date.value],
      failing: await server('failing'),
    };
  });
  expect(replies).toEqual({
    plain: { ok: true, value: { list: [7, 'Luleå'], nested: { t: true } } },
    date: [true, '2024-05-20T00:00:00.000Z', true],
    failing: { ok: false, message: 'Fel från servern' },
  });
});

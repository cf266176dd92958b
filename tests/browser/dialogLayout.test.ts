// Nothing of a dialog is cut off at the bottom: every dialog (dist/gas/*.html) in headless
// Chromium at the size Apps Script opens it (setWidth/setHeight), talking to the built
// dist/gas/Code.js over the fakes, in each of its states (opened, previewed, done). In every
// state either the page fits, or it scrolls: then every button can be scrolled into view and
// no element clips its content (overflow hidden with more inside than shown).
// With DIALOG_SCREENSHOTS=<folder> each state is also saved as a PNG, to be looked at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { createGasEnvironment, type GasEnvironment } from '../gas/fakes';
import { loadBundle, plain, type GasContext } from '../gas/harness';
import { camt054 } from '../fixtures/bankFiles';
import { standardTabs, toGasTabs } from '../fixtures/workbook';
import { closePages, FilePage, screenshot, sharedChromium } from './chromium';
import { exposeServer } from './server';

const dist = (name: string) => join(process.cwd(), 'dist/gas', `${name}.html`);

/** The sizes the dialogs are opened with (src/gas/*.ts: setWidth, setHeight). */
const SIZE: Record<string, { width: number; height: number }> = {
  billing: { width: 960, height: 720 },
  credit: { width: 960, height: 720 },
  sending: { width: 960, height: 680 },
  payments: { width: 1000, height: 760 },
  import: { width: 960, height: 720 },
  export: { width: 640, height: 560 },
};

interface Fit {
  scrollHeight: number;
  innerHeight: number;
  /** Buttons that cannot be brought into view, by their text. */
  unreachable: string[];
  /** Elements whose hidden overflow hides content, by tag, id and class. */
  clipped: string[];
  /** Text that a fixed or sticky bar still covers when the page is scrolled to its end. */
  covered: string[];
}

/** Measures the page as it is now; scrolls to each button to see that it can be seen. */
async function fit(page: Page): Promise<Fit> {
  return page.evaluate(() => {
    const doc = document.scrollingElement ?? document.documentElement;
    const unreachable: string[] = [];
    for (const b of Array.from(document.querySelectorAll('button'))) {
      const style = getComputedStyle(b);
      if (b.offsetParent === null || style.visibility === 'hidden') continue; // not shown in this state
      b.scrollIntoView({ block: 'nearest' });
      const r = b.getBoundingClientRect();
      if (r.bottom > window.innerHeight + 0.5 || r.top < -0.5 || r.right > window.innerWidth + 0.5)
        unreachable.push((b.textContent ?? '').trim());
    }
    doc.scrollTop = 0;
    const clipped: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const style = getComputedStyle(el);
      const hides = (v: string) => v === 'hidden' || v === 'clip';
      if (!(el instanceof HTMLElement) || el.offsetParent === null) continue;
      if (hides(style.overflowY) && el.scrollHeight > el.clientHeight + 1 && el.clientHeight > 0)
        clipped.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className}`);
    }
    // Scrolled to the end, no text lies under a bar that stays on screen (the buttons' bar).
    doc.scrollTop = doc.scrollHeight;
    const bars = Array.from(document.body.querySelectorAll('*')).filter((el) => {
      const p = getComputedStyle(el).position;
      return (
        (p === 'sticky' || p === 'fixed') &&
        (el as HTMLElement).offsetParent !== null &&
        el.querySelector('button') !== null
      );
    });
    /** False when a scrolling ancestor shows none of the rectangle (its own scrolling reaches it). */
    const shownByAncestors = (node: Element, r: DOMRect): boolean => {
      for (let a = node.parentElement; a && a !== document.body; a = a.parentElement) {
        const o = getComputedStyle(a).overflowY;
        if (o === 'visible') continue;
        const ar = a.getBoundingClientRect();
        if (r.bottom <= ar.top || r.top >= ar.bottom) return false;
      }
      return true;
    };
    const covered: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim();
      const parent = n.parentElement;
      if (!text || !parent || parent.offsetParent === null || bars.some((b) => b.contains(n))) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const r = range.getBoundingClientRect();
      if (r.height === 0 || r.bottom <= 0 || r.top >= window.innerHeight || !shownByAncestors(parent, r)) continue;
      for (const b of bars) {
        const br = b.getBoundingClientRect();
        if (r.bottom > br.top + 1 && r.top < br.bottom - 1 && r.right > br.left && r.left < br.right)
          covered.push(text.slice(0, 60));
      }
    }
    return { scrollHeight: doc.scrollHeight, innerHeight: window.innerHeight, unreachable, clipped, covered };
  });
}

async function check(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  const f = await fit(page);
  if (f.scrollHeight > f.innerHeight) {
    // fit() left the page scrolled to its end: what the administrator sees there.
    await screenshot(page, `${name}-end`);
    await screenshot(page, `${name}-full`, { fullPage: true });
  }
  expect(f.unreachable, `${name}: buttons out of reach`).toEqual([]);
  expect(f.clipped, `${name}: content clipped`).toEqual([]);
  expect(f.covered, `${name}: text under the buttons' bar at the end`).toEqual([]);
}

describe('every dialog, in every state, shows all it has', () => {
  let browser: Browser;
  let pages: FilePage;
  beforeAll(async () => {
    browser = await sharedChromium();
    // As the administrators' browsers show it: Swedish dates and file pickers.
    pages = new FilePage(browser, { locale: 'sv-SE' });
  });
  afterAll(() => closePages(browser));

  function world(): { env: GasEnvironment; ctx: GasContext } {
    const env = createGasEnvironment({ tabs: toGasTabs(standardTabs()) });
    return { env, ctx: loadBundle(env) };
  }

  /** The dialog over the bundle: any google.script.run call goes to the server function of that name. */
  async function open(ctx: GasContext, dialog: string): Promise<{ page: Page; errors: string[] }> {
    const page = await pages.next(SIZE[dialog]);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The sending dialog asks window.confirm before it sends: yes.
    page.on(
      'dialog',
      (d) =>
        void (d.type() === 'confirm' ? d.accept() : d.dismiss().then(() => errors.push(`${d.type()} ${d.message()}`))),
    );
    await exposeServer(page, ctx);
    await page.addInitScript(() => {
      const w = window as unknown as Record<string, any>;
      const runner = (success?: (v: unknown) => void, failure?: (e: unknown) => void): unknown =>
        new Proxy(
          {},
          {
            get: (_t, name: string) => {
              if (name === 'withSuccessHandler') return (f: (v: unknown) => void) => runner(f, failure);
              if (name === 'withFailureHandler') return (f: (e: unknown) => void) => runner(success, f);
              return (arg: unknown) =>
                w
                  .__server(name, arg)
                  .then((r: { ok: boolean; value?: unknown; message?: string }) =>
                    r.ok ? success?.(r.value) : failure?.(new Error(r.message)),
                  );
            },
          },
        );
      w.google = { script: { run: runner(), host: { close() {} } } };
    });
    await page.goto(pathToFileURL(dist(dialog)).href);
    return { page, errors };
  }

  it('Kör fakturering: opened, previewed, billed', async () => {
    const { ctx } = world();
    const { page, errors } = await open(ctx, 'billing');
    await page.locator('#previewButton').waitFor();
    await check(page, 'billing-1-opened');
    await page.fill('#year', '2024');
    await page.selectOption('#period', '05');
    await page.fill('#invoiceDate', '2024-05-20');
    await page.click('#previewButton');
    await page.locator('#preview article.invoice').first().waitFor();
    await check(page, 'billing-2-preview');
    await page.click('#confirmButton');
    await page.locator('#result .box').first().waitFor();
    await check(page, 'billing-3-billed');
    // December: the trainer pot is paid out, some documents are to be received.
    await page.selectOption('#period', '12');
    await page.fill('#invoiceDate', '2024-12-20');
    await page.click('#previewButton');
    await page.locator('#preview article.invoice').first().waitFor();
    await check(page, 'billing-4-december');
    // Luleå's document is paid out by the association: no OCR, and the positive amount to receive.
    const lulea = page.locator('#preview article.invoice', { hasText: 'Faktura – att erhålla' });
    expect(await lulea.count()).toBe(1);
    const card = await lulea.innerText();
    expect(card).not.toContain('OCR');
    expect(card).toContain('betalas ut senast 2025-01-19');
    expect(card).toMatch(/Att erhålla\s+1 516,67 kr/);
    expect(errors).toEqual([]);
  }, 120_000);

  it('Kör fakturering with errors and warnings in the data', async () => {
    const tabs = standardTabs();
    const attendance = tabs['Närvaro 2024'];
    const header = attendance[0].map(String);
    const row = [...attendance[1]];
    row[header.indexOf('Kommun')] = 'Stokholm';
    attendance.push(row, [...attendance[1]]); // an unknown municipality, and a probable duplicate
    const env = createGasEnvironment({ tabs: toGasTabs(tabs) });
    const ctx = loadBundle(env);
    const { page, errors } = await open(ctx, 'billing');
    await page.selectOption('#period', '05');
    await page.fill('#year', '2024');
    await page.fill('#invoiceDate', '2024-05-20');
    await page.click('#previewButton');
    await page.locator('#preview .box.error').first().waitFor();
    // Each error links to its cell.
    expect(await page.locator('#preview .box.error a').count()).toBeGreaterThan(0);
    await check(page, 'billing-5-errors');
    expect(errors).toEqual([]);
  }, 120_000);

  it('Kreditera faktura, Skicka fakturor and Betalningar och påminnelser after a billing run', async () => {
    const { ctx } = world();
    expect(plain<any>(ctx.billingConfirm({ month: '2024-05', invoiceDate: '2024-05-20' })).written).toBe(true);

    const credit = await open(ctx, 'credit');
    await credit.page.locator('#invoiceRows tr').first().waitFor();
    await check(credit.page, 'credit-1-list');
    await credit.page.locator('input[name=invoice]:not([disabled])').first().check();
    await credit.page.fill('#reason', 'Fel antal deltagardagar för en kurs i mars; rättas och faktureras på nytt');
    await credit.page.click('#previewButton');
    await credit.page.locator('#preview .document').waitFor();
    await check(credit.page, 'credit-2-preview');
    await credit.page.click('#confirmButton');
    await credit.page.locator('#result .box').first().waitFor();
    await check(credit.page, 'credit-3-credited');
    expect(credit.errors).toEqual([]);

    const sending = await open(ctx, 'sending');
    await sending.page.locator('#rows tr').first().waitFor();
    await check(sending.page, 'sending-1-list');
    // Filtered by a period: only that period's rows are shown and checked.
    await sending.page.selectOption('#period', '2024-05');
    expect(await sending.page.locator('#rows tr:visible').count()).toBeGreaterThan(0);
    await check(sending.page, 'sending-1-period');
    await sending.page.selectOption('#period', '');
    await sending.page.click('#send');
    await sending.page.waitForFunction(() => document.querySelectorAll('#results li').length > 0);
    await check(sending.page, 'sending-2-sent');
    // The credit note reads "Att erhålla" and the positive amount, as on the document (SPEC §3.6).
    const rowsText = await sending.page.locator('#rows').innerText();
    expect(rowsText).toMatch(/Att erhålla \d[\d ]*,\d\d kr/);
    expect(rowsText).not.toMatch(/Att erhålla\s*[-−]/);
    expect(sending.errors).toEqual([]);

    const payments = await open(ctx, 'payments');
    await payments.page.locator('#reminderRows').waitFor();
    await check(payments.page, 'payments-1-opened');
    const file = join(mkdtempSync(join(tmpdir(), 'yr-layout-')), 'camt054.xml');
    writeFileSync(
      file,
      camt054([
        {
          bookingDate: '2024-06-18',
          txs: [
            { amount: '1550.00', ustrd: 'Kursavgift maj', acctSvcrRef: 'T1', payer: 'Luleå kommun' },
            { amount: '42.00', ustrd: 'Okänd inbetalning', acctSvcrRef: 'T2' },
          ],
        },
      ]),
    );
    await payments.page.setInputFiles('#file', file);
    await payments.page.click('#preview');
    await payments.page.locator('#paymentRows').waitFor();
    await check(payments.page, 'payments-2-preview');
    await payments.page.click('#confirm');
    await payments.page.waitForFunction(() => {
      const text = (document.getElementById('paymentsMessage')?.textContent ?? '').trim();
      return !(document.getElementById('preview') as HTMLButtonElement).disabled && !text.endsWith('…');
    });
    await payments.page.locator('#reminderRows').waitFor();
    await check(payments.page, 'payments-3-read');
    expect(payments.errors).toEqual([]);
  }, 180_000);

  it('Importera närvaro and Exportera e-fakturor och bokföring', async () => {
    const { ctx } = world();
    expect(plain<any>(ctx.billingConfirm({ month: '2024-05', invoiceDate: '2024-05-20' })).written).toBe(true);
    const imp = await open(ctx, 'import');
    await imp.page.locator('#preview').waitFor();
    await check(imp.page, 'import-1-opened');
    const csv = join(mkdtempSync(join(tmpdir(), 'yr-layout-')), 'seminar-signups.csv');
    writeFileSync(
      csv,
      '\ufeff' +
        [
          `"User's Fullname";"User's Email";"User's Organisation Name";"Course Name";"Session Start Date";"Status"`,
          `"Anna Lind";anna@lulea.se;"Luleå kommun";BOU-B1;2024-09-13;"Fully attended"`,
          `Bo;bo@boden.se;Boden;ALD-F1;13/09/2024;"Partially attended"`,
          `Cilla;c@pitea.se;Piteå;MOB-S1;2024-09-20;"No show"`,
          `Dan;d@x.se;Stockholm;MOB-S1;2024-09-20;"Fully attended"`,
        ].join('\r\n'),
    );
    await imp.page.setInputFiles('#file', csv);
    await imp.page.click('#preview');
    await imp.page.locator('#rows tr').first().waitFor();
    // A warning about a cell of the workbook (Kurser's Kursdagar) links to that cell.
    const warned = imp.page.locator('#errors p.warning', { hasText: 'Flik Kurser' });
    expect(await warned.count()).toBeGreaterThan(0);
    expect(await warned.first().locator('a').getAttribute('href')).toMatch(/#gid=\d+&range=[A-Z]+\d+$/);
    await check(imp.page, 'import-2-preview');
    await imp.page.click('#confirm');
    await imp.page.waitForFunction(() => {
      const text = (document.getElementById('message')?.textContent ?? '').trim();
      return text !== '' && !text.endsWith('…');
    });
    await check(imp.page, 'import-3-imported');
    expect(imp.errors).toEqual([]);

    const exp = await open(ctx, 'export');
    await exp.page.locator('#preview').waitFor();
    await check(exp.page, 'export-1-opened');
    await exp.page.fill('#from', '2024-01-01');
    await exp.page.fill('#to', '2024-12-31');
    await exp.page.click('#preview');
    // The preview is shown when its list of files is (show() fills the summary, then the files).
    await exp.page.locator('#files summary').waitFor();
    await check(exp.page, 'export-2-preview');
    // The ZIP's files: counted, and listed one per line when asked for.
    expect(await exp.page.locator('#files summary').innerText()).toBe(
      'I ZIP-filen: sie/yrkesresan.se och 14 e-fakturor i mappen peppol',
    );
    await exp.page.click('#files summary');
    expect(await exp.page.locator('#files li').count()).toBe(15);
    await check(exp.page, 'export-3-files');
    expect(exp.errors).toEqual([]);
  }, 180_000);
});

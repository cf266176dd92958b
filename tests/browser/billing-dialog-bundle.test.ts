// The billing dialog in Chromium talking to the real server side: google.script.run is a
// stand-in that calls the built dist/gas/Code.js (in node:vm, over the Apps Script fakes).
// So the dialog and the server agree on the shape of what they exchange, and a value typed
// into the sheet reaches the dialog as text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { createGasEnvironment, type GasEnvironment } from '../gas/fakes';
import { loadBundle, type GasContext } from '../gas/harness';
import { date, standardTabs, toGasTabs } from '../fixtures/workbook';
import { closePages, FilePage, screenshot, sharedChromium } from './chromium';
import { exposeServer } from './server';

const DIALOG = join(process.cwd(), 'dist/gas/billing.html');
const EVIL = '<img src=x onerror=alert(1)>';

function hostileWorkbook() {
  const tabs = standardTabs();
  // A course name and a socialchef shown in the preview, a participant in a warning.
  const kurser = tabs['Kurser'];
  kurser[1][3] = `Barn och unga ${EVIL}`;
  const kommuner = tabs['Kommuner'];
  const lulea = kommuner.findIndex((r) => r[0] === 'Luleå');
  kommuner[lulea][4] = EVIL;
  tabs['Närvaro 2024'].push([date('2024-11-30'), 'BOU-B1', EVIL, 'Boden', 1, '']);
  tabs['Närvaro 2024'].push([date('2024-11-30'), 'BOU-B1', EVIL, 'Boden', 1, '']);
  return tabs;
}

describe('billing dialog against the built bundle', () => {
  let browser: Browser;
  let pages: FilePage;
  beforeAll(async () => {
    browser = await sharedChromium();
    pages = new FilePage(browser);
  });
  afterAll(() => closePages(browser));

  async function open(env: GasEnvironment, ctx: GasContext): Promise<{ page: Page; events: string[] }> {
    const page = await pages.next({ width: 960, height: 720 });
    await page.clock.setFixedTime(new Date('2024-12-20T09:00:00Z'));
    const events: string[] = [];
    page.on('dialog', (d) => {
      events.push(`dialog ${d.message()}`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => events.push(`pageerror ${e.message}`));
    await exposeServer(page, ctx);
    await page.addInitScript(() => {
      const w = window as unknown as Record<string, any>;
      w.alert = () => {
        w.__alerted = true;
      };
      const runner = (success?: (v: unknown) => void, failure?: (e: unknown) => void): unknown => {
        const call = (name: string) => (arg: unknown) => {
          w.__server(name, arg).then((r: { ok: boolean; value?: unknown; message?: string }) =>
            r.ok ? success?.(r.value) : failure?.(new Error(r.message)),
          );
        };
        return {
          withSuccessHandler: (f: (v: unknown) => void) => runner(f, failure),
          withFailureHandler: (f: (e: unknown) => void) => runner(success, f),
          billingPreview: call('billingPreview'),
          billingConfirm: call('billingConfirm'),
        };
      };
      w.google = { script: { run: runner(), host: { close() {} } } };
    });
    // The dialog as Apps Script would serve it: the file the menu handler shows.
    ctx.menuBilling();
    expect(env.ui.lastDialog().content).toContain('Bekräfta och fakturera');
    await page.goto(pathToFileURL(DIALOG).href);
    return { page, events };
  }

  it('previews and bills the December run, showing sheet values as text', async () => {
    const env = createGasEnvironment({ tabs: toGasTabs(hostileWorkbook()) });
    const ctx = loadBundle(env);
    const { page, events } = await open(env, ctx);

    expect(await page.locator('#period').inputValue()).toBe('12');
    expect(await page.locator('#year').inputValue()).toBe('2024');
    await page.click('#previewButton');
    await page.locator('#preview article.invoice').first().waitFor();
    expect(await page.locator('#preview article.invoice').count()).toBe(14);
    expect(env.spreadsheet.read('Fakturor')).toHaveLength(1); // the preview wrote nothing

    const preview = await page.locator('#preview').innerText();
    expect(preview).toContain(`Kursavgift BOU-B1 Barn och unga ${EVIL}`);
    expect(preview).toContain(`${EVIL} <socialchef@lulea.example>`);
    expect(preview).toContain('Trolig dubblett');
    expect(preview).toContain('Att betala');
    expect(preview).toContain('298 992,00 kr'); // Luleå's fixed cost
    expect(preview).toContain('1,5'); // Luleå's ALD-F1 participant-days, Swedish decimal comma
    await screenshot(page, 'billing-dialog-bundle-preview');
    await screenshot(page, 'billing-dialog-bundle-preview-full', { fullPage: true });

    await page.click('#confirmButton');
    await page.locator('#result table.overview').waitFor();
    const result = await page.locator('#result').innerText();
    expect(result).toContain('14 fakturor skapade i körning 2024-12/1.');
    const links = page.locator('#result table.overview a');
    expect(await links.count()).toBe(14);
    const first = env.spreadsheet.sheet('YR-2024-0001 Arjeplog')!;
    expect(await links.first().getAttribute('href')).toBe(
      `https://docs.google.com/spreadsheets/d/1FakeSpreadsheetIdForYrkesresan/edit#gid=${first.sheetId}`,
    );
    expect(env.spreadsheet.read('Fakturor')).toHaveLength(15);
    await screenshot(page, 'billing-dialog-bundle-summary', { fullPage: true });

    // Preview again: nothing new to bill, and the button stays off.
    await page.click('#previewButton');
    await page.locator('#preview h2').waitFor();
    expect(await page.locator('#preview').innerText()).toContain('Det finns inget nytt att fakturera');
    expect(await page.locator('#confirmButton').isDisabled()).toBe(true);

    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __alerted?: boolean }).__alerted ?? false)).toBe(false);
    expect(events).toEqual([]);
  });

  it('shows the refusal when another run holds the lock', async () => {
    const env = createGasEnvironment({ tabs: toGasTabs(standardTabs()) });
    const ctx = loadBundle(env);
    const { page, events } = await open(env, ctx);
    await page.click('#previewButton');
    await page.locator('#preview article.invoice').first().waitFor();
    env.locks.document.heldElsewhere = true;
    await page.click('#confirmButton');
    await page.locator('#result .box').waitFor();
    expect(await page.locator('#result').innerText()).toContain('En annan fakturering pågår');
    expect(env.spreadsheet.read('Fakturor')).toHaveLength(1);
    expect(events).toEqual([]);
  });
});

// The billing dialog (dist/gas/billing.html) in headless Chromium, with a stand-in for
// google.script.run that answers with canned data. Checks the walk month → preview → confirm →
// summary, that server values are shown as text (never markup), and that nothing is sent to
// the server but what the user asked for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { ConfirmView, PreviewView } from '../../src/gas/billing';
import { closePages, FilePage, screenshot, sharedChromium } from './chromium';

const DIALOG = join(process.cwd(), 'dist/gas/billing.html');
const EVIL = '<img src=x onerror=alert(1)>';

const okPreview: PreviewView = {
  ok: true,
  month: '2026-12',
  invoiceDate: '2026-11-23',
  cutOff: '2026-12-31',
  runId: '2026-12/1',
  fingerprint: 'f00dcafe',
  invoices: [
    {
      number: 'YR-2026-0007',
      municipality: EVIL,
      socialChief: EVIL,
      recipient: 'socialchef@evil.example',
      invoiceDate: '2026-11-23',
      dueDate: '2026-12-23',
      ocr: '2026000708',
      credit: false,
      totalLabel: 'Att betala',
      net: '43400.00',
      netText: '43 400,00 kr',
      vat: '0.00',
      vatText: '0,00 kr',
      total: '43400.00',
      totalText: '43 400,00 kr',
      amountText: '43 400,00 kr',
      lines: [
        {
          kind: 'variable',
          description: `BOU-B2 ${EVIL}, deltagardagar`,
          quantity: '28',
          quantityText: '28',
          unitPrice: '1550.00',
          unitPriceText: '1 550,00 kr',
          amount: '43400.00',
          amountText: '43 400,00 kr',
        },
      ],
      attendanceRows: 3,
      trainerRows: 0,
    },
    {
      number: 'YR-2026-0008',
      municipality: 'Luleå',
      socialChief: 'Åsa Öberg',
      recipient: 'socialchef@lulea.se',
      invoiceDate: '2026-11-23',
      dueDate: '2026-12-23',
      ocr: '2026000806',
      credit: true,
      totalLabel: 'Att erhålla',
      net: '-3100.00',
      netText: '-3 100,00 kr',
      vat: '0.00',
      vatText: '0,00 kr',
      total: '-3100.00',
      totalText: '-3 100,00 kr',
      amountText: '3 100,00 kr',
      lines: [
        {
          kind: 'trainerPot',
          description: 'Utbetalning ur utbildarpotten 2026, utbildardagar',
          quantity: '4',
          quantityText: '4',
          unitPrice: '',
          unitPriceText: '',
          amount: '-3100.00',
          amountText: '-3 100,00 kr',
        },
      ],
      attendanceRows: 0,
      trainerRows: 2,
    },
  ],
  grandTotal: '40300.00',
  grandTotalText: '40 300,00 kr',
  grandTotalMeaning: 'Ni får in 43 400,00 kr från 1 kommun och betalar ut 3 100,00 kr till 1 kommun.',
  pot: {
    balanceBefore: '0.00',
    balanceBeforeText: '0,00 kr',
    collected: '11200.00',
    collectedText: '11 200,00 kr',
    paidOut: '3100.00',
    paidOutText: '3 100,00 kr',
    carriedOver: '8100.00',
    carriedOverText: '8 100,00 kr',
    after: '8100.00',
    afterText: '8 100,00 kr',
    summary: 'I potten efter körningen: 8 100,00 kr, sparas till nästa december.',
  },
  notes: [`Anteckning om ${EVIL}`],
  warnings: [
    {
      severity: 'warning',
      tab: 'Närvaro 2026',
      row: 5,
      column: 'Deltagare',
      value: EVIL,
      message: 'Troligen dubbel rad (samma datum, kurs, person och kommun).',
      url: 'https://docs.google.com/spreadsheets/d/abc/edit#gid=7&range=C5',
    },
  ],
  errors: [],
  attendanceStamps: 3,
  trainerStamps: 2,
  nothingToBill: false,
};

const confirmResult: ConfirmView = {
  written: true,
  message: '2 fakturor skapade i körning 2026-12/1.',
  month: '2026-12',
  invoiceDate: '2026-11-23',
  runId: '2026-12/1',
  invoices: [
    {
      number: 'YR-2026-0007',
      municipality: EVIL,
      credit: false,
      totalLabel: 'Att betala',
      total: '43400.00',
      totalText: '43 400,00 kr',
      amountText: '43 400,00 kr',
      sheet: `YR-2026-0007 ${EVIL}`.slice(0, 31),
      url: 'https://docs.google.com/spreadsheets/d/abc/edit#gid=101',
    },
    {
      number: 'YR-2026-0008',
      municipality: 'Luleå',
      credit: true,
      totalLabel: 'Att erhålla',
      total: '-3100.00',
      totalText: '-3 100,00 kr',
      amountText: '3 100,00 kr',
      sheet: 'YR-2026-0008 Luleå',
      url: 'https://docs.google.com/spreadsheets/d/abc/edit#gid=102',
    },
  ],
  pot: okPreview.pot,
  grandTotalMeaning: 'Ni får in 43 400,00 kr från 1 kommun och betalar ut 3 100,00 kr till 1 kommun.',
  notes: [],
  warnings: [],
  errors: [],
};

const errorPreview: PreviewView = {
  ...okPreview,
  ok: false,
  fingerprint: '',
  runId: '',
  invoices: [],
  pot: null,
  notes: [],
  warnings: [],
  errors: [
    {
      severity: 'error',
      tab: 'Närvaro 2026',
      row: 12,
      column: 'Kommun',
      value: EVIL,
      message: 'Okänd kommun.',
    },
  ],
};

interface Canned {
  preview: PreviewView | { fail: string } | null;
  confirm: ConfirmView | { fail: string } | null;
}

/** Installs google.script.run before the page's own script, recording calls and alerts. */
async function openDialog(page: Page, canned: Canned): Promise<void> {
  await page.addInitScript((data: Canned) => {
    const w = window as unknown as Record<string, unknown>;
    const calls: { name: string; arg: unknown }[] = [];
    const alerts: string[] = [];
    const images: string[] = [];
    w.__calls = calls;
    w.__alerts = alerts;
    w.__images = images;
    w.__closed = false;
    w.alert = (m: unknown) => alerts.push(String(m));
    // Any <img> ever inserted, even if removed again, is recorded.
    new MutationObserver((records) => {
      for (const r of records) {
        r.addedNodes.forEach((n) => {
          if (n.nodeType === 1 && ((n as Element).tagName === 'IMG' || (n as Element).querySelector('img'))) {
            images.push((n as Element).outerHTML);
          }
        });
      }
    }).observe(document, { childList: true, subtree: true });
    const answer = (name: 'preview' | 'confirm') => data[name];
    const runner = (success?: (v: unknown) => void, failure?: (e: unknown) => void): unknown => {
      const call = (name: string, key: 'preview' | 'confirm') => (arg: unknown) => {
        calls.push({ name, arg: JSON.parse(JSON.stringify(arg)) });
        const a = answer(key) as { fail?: string };
        setTimeout(() => {
          if (a && typeof a.fail === 'string') failure?.(new Error(a.fail));
          else success?.(JSON.parse(JSON.stringify(a)));
        }, 0);
      };
      return {
        withSuccessHandler: (f: (v: unknown) => void) => runner(f, failure),
        withFailureHandler: (f: (e: unknown) => void) => runner(success, f),
        billingPreview: call('billingPreview', 'preview'),
        billingConfirm: call('billingConfirm', 'confirm'),
      };
    };
    w.google = {
      script: {
        run: runner(),
        host: {
          close: () => {
            w.__closed = true;
          },
        },
      },
    };
  }, canned);
  await page.goto(pathToFileURL(DIALOG).href);
}

async function calls(page: Page): Promise<{ name: string; arg: Record<string, unknown> }[]> {
  return page.evaluate(
    () => (window as unknown as { __calls: { name: string; arg: Record<string, unknown> }[] }).__calls,
  );
}

describe('billing dialog in Chromium', () => {
  let browser: Browser;
  let pages: FilePage;
  const dialogs: string[] = [];

  beforeAll(async () => {
    if (!existsSync(DIALOG)) throw new Error(`${DIALOG} is missing: run npm run build`);
    browser = await sharedChromium();
    pages = new FilePage(browser);
  });
  afterAll(() => closePages(browser));

  async function newPage(): Promise<Page> {
    const page = await pages.next({ width: 960, height: 720 });
    // The dialog's defaults come from today's date in Stockholm.
    await page.clock.setFixedTime(new Date('2026-11-23T09:30:00Z'));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) dialogs.push(`request ${r.url()}`);
    });
    return page;
  }

  it('walks from the month to the preview, the confirmation and the summary, showing data as text', async () => {
    const page = await newPage();
    await openDialog(page, { preview: okPreview, confirm: confirmResult });

    // Defaults: the nearest coming December, invoice date today.
    expect(await page.locator('#period').inputValue()).toBe('12');
    expect(await page.locator('#year').inputValue()).toBe('2026');
    expect(await page.locator('#invoiceDate').inputValue()).toBe('2026-11-23');
    expect(await page.locator('#confirmButton').isVisible()).toBe(false);
    expect(await calls(page)).toEqual([]); // nothing happens before the user asks

    // Choose May 2027 first, then back to December 2026.
    await page.selectOption('#period', '05');
    await page.fill('#year', '2027');
    await page.click('#previewButton');
    await page.locator('#preview article.invoice').first().waitFor();
    expect((await calls(page))[0]).toEqual({
      name: 'billingPreview',
      arg: { month: '2027-05', invoiceDate: '2026-11-23' },
    });

    // Changing the period forgets the preview; a new one is asked for.
    await page.selectOption('#period', '12');
    await page.fill('#year', '2026');
    await page.locator('#year').dispatchEvent('change');
    expect(await page.locator('#preview article.invoice').count()).toBe(0);
    await page.click('#previewButton');
    await page.locator('#preview article.invoice').first().waitFor();
    expect((await calls(page))[1]).toEqual({
      name: 'billingPreview',
      arg: { month: '2026-12', invoiceDate: '2026-11-23' },
    });

    const preview = await page.locator('#preview').innerText();
    expect(preview).toContain(EVIL);
    expect(preview).toContain('Luleå');
    expect(preview).toContain('Åsa Öberg <socialchef@lulea.se>');
    expect(preview).toContain('Att betala');
    expect(preview).toContain('Att erhålla');
    expect(preview).toContain('Faktura – att erhålla');
    expect(preview).not.toContain('Kreditfaktura');
    expect(preview).toContain('43 400,00 kr');
    expect(preview).toContain('1 550,00 kr');
    expect(preview).toContain('-3 100,00 kr');
    expect(preview).toContain('11 200,00 kr'); // collected into the pot
    expect(preview).toContain('8 100,00 kr'); // carried over
    expect(preview).toContain('I potten före körningen');
    expect(preview).toContain('I potten efter körningen');
    expect(preview).toContain('I potten efter körningen: 8 100,00 kr, sparas till nästa december.');
    expect(preview).not.toContain('Kvar i potten');
    const cellLink = page.locator('#preview .box.warning a');
    expect(await cellLink.textContent()).toBe('Närvaro 2026');
    expect(await cellLink.getAttribute('href')).toBe('https://docs.google.com/spreadsheets/d/abc/edit#gid=7&range=C5');
    expect(preview).toContain('Ni får in 43 400,00 kr från 1 kommun och betalar ut 3 100,00 kr till 1 kommun.');
    expect(preview).toContain('Närvaro 2026'); // the warning names tab …
    expect(preview).toContain('Deltagare'); // … and column
    expect(preview).toContain(`Anteckning om ${EVIL}`);
    expect(await page.locator('#preview article.invoice').count()).toBe(2);
    // The overview: one row per invoice with its recipient and total.
    expect(await page.locator('#preview table.overview tbody tr').nth(1).locator('td').allTextContents()).toEqual([
      'YR-2026-0008',
      'Luleå',
      'socialchef@lulea.se',
      'Att erhålla',
      '3 100,00 kr', // the positive amount after "Att erhålla", as on the document (SPEC §3.6)
    ]);
    const firstCard = await page.locator('#preview article.invoice').first().locator('h3').textContent();
    expect(firstCard).toBe(EVIL);
    await screenshot(page, 'billing-dialog-preview', { fullPage: true });

    // Confirm: the previewed run, identified by its fingerprint.
    expect(await page.locator('#confirmButton').isEnabled()).toBe(true);
    await page.click('#confirmButton');
    await page.locator('#result table.overview').waitFor();
    const sent = await calls(page);
    expect(sent).toHaveLength(3);
    expect(sent[2]).toEqual({
      name: 'billingConfirm',
      arg: { month: '2026-12', invoiceDate: '2026-11-23', fingerprint: 'f00dcafe' },
    });
    const result = await page.locator('#result').innerText();
    expect(result).toContain('2 fakturor skapade i körning 2026-12/1.');
    expect(result).toContain('Fakturorna finns nu som egna fakturaflikar.');
    // What the written invoices mean together, as the preview said.
    expect(result).toContain('Ni får in 43 400,00 kr från 1 kommun och betalar ut 3 100,00 kr till 1 kommun.');
    expect(result).toContain('I potten efter körningen: 8 100,00 kr, sparas till nästa december.');
    const rows = page.locator('#result table.overview tbody tr');
    expect(await rows.nth(0).locator('td').allTextContents()).toEqual([
      'YR-2026-0007',
      EVIL,
      'Att betala',
      '43 400,00 kr',
    ]);
    expect(await rows.nth(1).locator('td').allTextContents()).toEqual([
      'YR-2026-0008',
      'Luleå',
      'Att erhålla',
      '3 100,00 kr',
    ]);
    const links = page.locator('#result table.overview a');
    expect(await links.count()).toBe(2);
    expect(await links.nth(0).getAttribute('href')).toBe('https://docs.google.com/spreadsheets/d/abc/edit#gid=101');
    expect(await links.nth(1).getAttribute('href')).toBe('https://docs.google.com/spreadsheets/d/abc/edit#gid=102');
    expect(await links.nth(1).textContent()).toBe('YR-2026-0008');
    // The preview is gone and cannot be confirmed twice.
    expect(await page.locator('#confirmButton').isVisible()).toBe(false);
    await screenshot(page, 'billing-dialog-summary', { fullPage: true });

    // Nothing was interpreted as markup and nothing popped up.
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __images: string[] }).__images)).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __alerts: string[] }).__alerts)).toEqual([]);
    expect(dialogs).toEqual([]);

    await page.click('#closeButton');
    expect(await page.evaluate(() => (window as unknown as { __closed: boolean }).__closed)).toBe(true);
  });

  it('is one self-contained page that never builds markup from strings', () => {
    const html = readFileSync(DIALOG, 'utf8');
    expect(html).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import|url\(/i);
    expect(html).toContain('<html lang="sv">');
  });

  it('shows errors with tab, row, column and value, and cannot confirm', async () => {
    const page = await newPage();
    await openDialog(page, { preview: errorPreview, confirm: confirmResult });
    await page.click('#previewButton');
    await page.locator('#preview .box.error').waitFor();
    const rows = page.locator('#preview .box.error tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().locator('td').allTextContents()).toEqual([
      'Närvaro 2026',
      '12',
      'Kommun',
      EVIL,
      'Okänd kommun.',
    ]);
    expect(await page.locator('#confirmButton').isDisabled()).toBe(true);
    expect(await page.locator('#confirmHint').textContent()).toContain('Rätta felen');
    await screenshot(page, 'billing-dialog-errors', { fullPage: true });
    expect((await calls(page)).map((c) => c.name)).toEqual(['billingPreview']);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __images: string[] }).__images)).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  it.each([
    ['2027-01-10T12:00:00Z', '05', '2027', '2027-01-10'],
    ['2026-05-31T12:00:00Z', '05', '2026', '2026-05-31'],
    // 23:30 UTC on 31 May is 1 June in Stockholm: the next run is December.
    ['2026-05-31T23:30:00Z', '12', '2026', '2026-06-01'],
    ['2026-12-28T08:00:00Z', '12', '2026', '2026-12-28'],
  ])('proposes the nearest coming May or December (now %s)', async (now, period, year, today) => {
    const page = await pages.next();
    await page.clock.setFixedTime(new Date(now));
    await openDialog(page, { preview: okPreview, confirm: confirmResult });
    expect(await page.locator('#period').inputValue()).toBe(period);
    expect(await page.locator('#year').inputValue()).toBe(year);
    expect(await page.locator('#invoiceDate').inputValue()).toBe(today);
  });

  it('checks the invoice date before asking the server', async () => {
    const page = await newPage();
    await openDialog(page, { preview: okPreview, confirm: confirmResult });
    await page.fill('#invoiceDate', '2026-02-30');
    await page.click('#previewButton');
    expect(await page.locator('#status').textContent()).toContain('ÅÅÅÅ-MM-DD');
    await page.fill('#invoiceDate', '2026-12-15');
    await page.click('#previewButton');
    await page.locator('#preview article.invoice').first().waitFor();
    expect(await calls(page)).toEqual([
      { name: 'billingPreview', arg: { month: '2026-12', invoiceDate: '2026-12-15' } },
    ]);
  });

  it('says so when the server answers nothing, and offers no confirmation', async () => {
    const page = await newPage();
    await openDialog(page, { preview: okPreview, confirm: null });
    await page.click('#previewButton');
    await page.locator('#preview article.invoice').first().waitFor();
    await page.click('#confirmButton');
    await page.locator('#status', { hasText: 'Inget svar' }).waitFor();
    expect(await page.locator('#confirmButton').isVisible()).toBe(false);
    expect(await page.locator('#previewButton').isEnabled()).toBe(true);
    expect(dialogs).toEqual([]);
  });

  it('shows a refusal from the server as text and asks for a new preview', async () => {
    const page = await newPage();
    const refusal = `En annan fakturering pågår just nu. ${EVIL}`;
    await openDialog(page, { preview: okPreview, confirm: { fail: refusal } });
    await page.click('#previewButton');
    await page.locator('#preview article.invoice').first().waitFor();
    await page.click('#confirmButton');
    await page.locator('#result .box').waitFor();
    expect(await page.locator('#result').innerText()).toContain(refusal);
    expect(await page.locator('#confirmButton').isVisible()).toBe(false);
    expect(await page.locator('#previewButton').isEnabled()).toBe(true);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});

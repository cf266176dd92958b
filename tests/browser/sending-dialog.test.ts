// The sending dialog (dist/gas/sending.html) in headless Chromium, with a stand-in for
// google.script.run that answers with canned data. Checks that server values are shown as text
// (never markup), what each button sends to the server, and that resend asks first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { SendReport, SendableInvoice } from '../../src/app/send';
import type { SendListView } from '../../src/gas/sending';
import { closePages, FilePage, screenshot, sharedChromium } from './chromium';

const DIALOG = join(process.cwd(), 'dist/gas/sending.html');
const EVIL = '<img src=x onerror=alert(1)>';

function invoice(over: Partial<SendableInvoice>): SendableInvoice {
  return {
    number: 'YR-2024-0001',
    municipality: 'Arjeplog',
    period: '2024-12',
    invoiceDate: '2024-12-20',
    dueDate: '2025-01-19',
    ocr: '2024000107',
    total: '15748.00',
    totalText: '15 748,00 kr',
    amountText: '15 748,00 kr',
    credit: false,
    status: 'Skapad',
    sentAt: '',
    sentTo: '',
    recipient: 'socialchef@arjeplog.example',
    sendable: true,
    resendable: false,
    problem: '',
    ...over,
  };
}

const list: SendListView = {
  quota: 97,
  user: 'admin@norrbotten.example',
  errors: [],
  invoices: [
    invoice({}),
    invoice({
      number: 'YR-2024-0002',
      period: '2024-05',
      municipality: EVIL,
      recipient: `${EVIL}@x.example`,
      status: `Fel: ${EVIL}`,
    }),
    invoice({
      number: 'YR-2024-0003',
      municipality: 'Boden',
      recipient: '',
      sendable: false,
      problem: `E-postadress saknas för ${EVIL}`,
    }),
    invoice({
      number: 'YR-2024-0009',
      municipality: 'Luleå',
      status: 'Skickad',
      sentAt: '2024-12-21 10:30',
      sentTo: 'socialchef@lulea.example',
      recipient: 'socialchef@lulea.example',
      sendable: false,
      resendable: true,
    }),
  ],
};

const report: SendReport = {
  ok: true,
  test: false,
  message: `1 faktura skickade. 1 misslyckades ${EVIL}`,
  results: [
    {
      number: 'YR-2024-0001',
      municipality: 'Arjeplog',
      outcome: 'sent',
      to: 'socialchef@arjeplog.example',
      sentAt: '2024-12-21 10:31',
    },
    { number: 'YR-2024-0002', municipality: EVIL, outcome: 'failed', reason: EVIL },
  ],
  sent: 1,
  failed: 1,
  skipped: 0,
};

async function openDialog(page: Page, confirmAnswer: () => boolean): Promise<void> {
  page.removeAllListeners('dialog');
  page.on('dialog', (d) => (d.type() === 'confirm' && confirmAnswer() ? d.accept() : d.dismiss()));
  await page.addInitScript(
    (data: { list: SendListView; report: SendReport }) => {
      const w = window as any;
      w.__calls = [];
      w.__alerts = 0;
      w.alert = () => w.__alerts++;
      const runner = () => {
        let ok: (v: unknown) => void = () => {};
        const api: any = {
          withSuccessHandler(fn: (v: unknown) => void) {
            ok = fn;
            return api;
          },
          withFailureHandler() {
            return api;
          },
        };
        const call = (name: string, answer: unknown) => (arg?: unknown) => {
          w.__calls.push({ name, arg: arg === undefined ? null : JSON.parse(JSON.stringify(arg)) });
          setTimeout(() => ok(JSON.parse(JSON.stringify(answer))), 0);
        };
        api.sendingList = call('sendingList', data.list);
        api.sendingSend = call('sendingSend', data.report);
        api.sendingTest = call('sendingTest', { ...data.report, test: true });
        api.sendingResend = call('sendingResend', data.report);
        return api;
      };
      Object.defineProperty(w, 'google', { get: () => ({ script: { run: runner(), host: { close() {} } } }) });
    },
    { list, report },
  );
  await page.goto(pathToFileURL(DIALOG).href);
  await page.waitForFunction(() => document.querySelectorAll('#rows tr').length > 0);
}

async function calls(page: Page): Promise<{ name: string; arg: any }[]> {
  return page.evaluate(() => (window as any).__calls.filter((c: { name: string }) => c.name !== 'sendingList'));
}

describe('sending dialog in Chromium', () => {
  let browser: Browser;
  let pages: FilePage;
  beforeAll(async () => {
    browser = await sharedChromium();
    pages = new FilePage(browser);
  });
  afterAll(() => closePages(browser));

  it('shows every value as text, checks what can be sent, and shows the quota', async () => {
    const page = await pages.next();
    await openDialog(page, () => true);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('#rows').innerText()).toContain(EVIL);
    expect(await page.locator('#rows').innerText()).toContain(`E-postadress saknas för ${EVIL}`);
    expect(await page.locator('#quota').innerText()).toContain('97');
    const checked = await page.$$eval('input.pick', (boxes) =>
      boxes.map((b) => [b.getAttribute('data-number'), (b as HTMLInputElement).checked]),
    );
    expect(checked).toEqual([
      ['YR-2024-0001', true],
      ['YR-2024-0002', true],
    ]);
    expect(await page.locator('button', { hasText: 'Skicka igen' }).count()).toBe(1);
    expect(await page.evaluate(() => (window as any).__alerts)).toBe(0);
    await screenshot(page, 'sending-dialog', { fullPage: true });
  });

  it('filters by period: only the chosen period is shown and checked, and Alla perioder brings all back', async () => {
    const page = await pages.next();
    await openDialog(page, () => true);
    const options = await page.$$eval('#period option', (os) => os.map((o) => o.textContent));
    expect(options).toEqual(['Alla perioder', '2024-12', '2024-05']);
    const state = () =>
      page.$$eval('#rows tr', (rows) =>
        rows.map((r) => [
          r.children[1].textContent,
          (r as HTMLElement).hidden,
          r.querySelector<HTMLInputElement>('input.pick')?.checked ?? null,
        ]),
      );
    await page.selectOption('#period', '2024-05');
    expect(await state()).toEqual([
      ['YR-2024-0001', true, false],
      ['YR-2024-0002', false, true],
      ['YR-2024-0003', true, null],
      ['YR-2024-0009', true, null],
    ]);
    expect(await page.locator('#send').textContent()).toBe('Skicka (1)');
    await page.selectOption('#period', '');
    expect((await state()).map((r) => r[1])).toEqual([false, false, false, false]);
    expect(await page.locator('#send').textContent()).toBe('Skicka (2)');
    await page.selectOption('#period', '2024-05');
    await screenshot(page, 'sending-dialog-period', { fullPage: true });
  });

  it('Skicka test till mig and Skicka send exactly the checked numbers; the report is text', async () => {
    const page = await pages.next();
    await openDialog(page, () => true);
    await page.uncheck('input.pick[data-number="YR-2024-0002"]');
    await page.click('#test');
    await page.waitForFunction(() => (window as any).__calls.some((c: { name: string }) => c.name === 'sendingTest'));
    await page.waitForFunction(() => !(document.getElementById('test') as HTMLButtonElement).disabled);
    await page.click('#send');
    await page.waitForFunction(() => (window as any).__calls.some((c: { name: string }) => c.name === 'sendingSend'));
    await page.waitForFunction(() => document.querySelectorAll('#results li').length === 2);
    expect(await calls(page)).toEqual([
      { name: 'sendingTest', arg: { numbers: ['YR-2024-0001'] } },
      { name: 'sendingSend', arg: { numbers: ['YR-2024-0001', 'YR-2024-0002'] } }, // the list was reloaded: defaults again
    ]);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('#results').innerText()).toContain(`Fel: ${EVIL}`);
    expect(await page.evaluate(() => (window as any).__alerts)).toBe(0);
  });

  it('Skicka igen asks first and sends nothing when the answer is no', async () => {
    const page = await pages.next();
    let answer = false;
    await openDialog(page, () => answer);
    await page.click('button:has-text("Skicka igen")');
    // The click handler ran to its end before click() returned (confirm() blocks it).
    expect(await calls(page)).toEqual([]);
    answer = true;
    await page.click('button:has-text("Skicka igen")');
    await page.waitForFunction(() => (window as any).__calls.some((c: { name: string }) => c.name === 'sendingResend'));
    expect(await calls(page)).toEqual([{ name: 'sendingResend', arg: { number: 'YR-2024-0009', confirmed: true } }]);
  });

  it('Skicka sends nothing when the confirmation is declined', async () => {
    const page = await pages.next();
    await openDialog(page, () => false);
    await page.click('#send');
    expect(await calls(page)).toEqual([]);
  });
});

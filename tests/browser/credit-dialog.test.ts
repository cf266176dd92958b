// The credit dialog (dist/gas/credit.html) in headless Chromium, with a stand-in for
// google.script.run that answers with canned data: the register listed (credited invoices and
// credit notes shown, not selectable, with why), today's date from the server, the preview of
// the credit note, the confirmation with the previewed fingerprint, and every value as text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { CreditConfirmView, CreditListView, CreditPreviewView } from '../../src/gas/credit';
import { closePages, FilePage, sharedChromium } from './chromium';

const DIALOG = join(process.cwd(), 'dist/gas/credit.html');
const EVIL = '<img src=x onerror=alert(1)>';

const money = (amount: string, text: string) => ({ amount, text });

const list: CreditListView = {
  today: '2026-06-10',
  errors: [],
  invoices: [
    {
      number: 'YR-2026-0016',
      municipality: 'Boden',
      period: '2026-05',
      invoiceDate: '2026-06-01',
      total: money('-500.00', '-500,00 kr'),
      status: 'Skapad',
      kind: 'creditNote',
      selectable: false,
      note: 'Kreditfaktura som krediterar YR-2026-0002. En kreditfaktura kan inte krediteras.',
    },
    {
      number: 'YR-2026-0009',
      municipality: EVIL,
      period: '2026-05',
      invoiceDate: '2026-05-20',
      total: money('308292.00', '308 292,00 kr'),
      status: 'Skickad',
      kind: 'invoice',
      selectable: true,
      note: '',
    },
    {
      number: 'YR-2026-0002',
      municipality: 'Boden',
      period: '2026-05',
      invoiceDate: '2026-05-20',
      total: money('500.00', '500,00 kr'),
      status: 'Krediterad',
      kind: 'invoice',
      selectable: false,
      note: 'Redan krediterad av YR-2026-0016.',
    },
  ],
};

const preview: CreditPreviewView = {
  ok: true,
  kind: 'new',
  fingerprint: 'c0ffee',
  request: { invoice: 'YR-2026-0009', date: '2026-06-10', reason: `Fel ${EVIL}` },
  credited: list.invoices[1],
  note: {
    number: 'YR-2026-0017',
    municipality: EVIL,
    invoiceDate: '2026-06-10',
    dueDate: '2026-07-10',
    ocr: '2026001708',
    period: '2026-05',
    title: 'Kreditfaktura',
    credits: 'Krediterar faktura YR-2026-0009 av 2026-05-20',
    reason: `Fel ${EVIL}`,
    totalLabel: 'Att erhålla',
    total: money('-308292.00', '-308 292,00 kr'),
    amountText: '308 292,00 kr',
    lines: [
      {
        kind: 'variable',
        description: `Kursavgift BOU-B1 ${EVIL}`,
        quantity: '-6',
        quantityText: '-6',
        unitPrice: '1550.00',
        unitPriceText: '1 550,00 kr',
        amount: '-9300.00',
        amountText: '-9 300,00 kr',
      },
      {
        kind: 'fixed',
        description: 'Fast kostnad projektledare 2026 (12/12 mån)',
        quantity: '',
        quantityText: '',
        unitPrice: '',
        unitPriceText: '',
        amount: '-298992.00',
        amountText: '-298 992,00 kr',
      },
    ],
    sheet: 'YR-2026-0017 Luleå',
  },
  document: [
    'Kreditfaktura  Fakturanummer  YR-2026-0017',
    'Krediterar faktura YR-2026-0009 av 2026-05-20',
    `Orsak: Fel ${EVIL}`,
    'Att erhålla  308 292,00 kr',
  ],
  released: {
    attendanceRows: 3,
    trainerRows: 0,
    fixedYears: [2026],
    text: 'Faktureras på nytt vid nästa Kör fakturering, under nya nummer: 3 närvarorader, fast kostnad för 2026.',
  },
  pot: {
    before: money('3600.00', '3 600,00 kr'),
    collected: money('-2400.00', '-2 400,00 kr'),
    paidOut: money('0.00', '0,00 kr'),
    after: money('1200.00', '1 200,00 kr'),
    text: 'Utbildarpotten lämnar tillbaka 2 400,00 kr, pottdelen av de krediterade kursavgifterna. Potten: 3 600,00 kr före, 1 200,00 kr efter.',
  },
  errors: [],
  warnings: [],
};

const refused: CreditPreviewView = {
  ...preview,
  ok: false,
  kind: '',
  fingerprint: '',
  credited: null,
  note: null,
  document: [],
  released: null,
  pot: null,
  errors: [
    {
      severity: 'error',
      tab: 'Fakturarader',
      row: 7,
      column: 'Belopp',
      value: EVIL,
      message: 'Raderna stämmer inte med fakturans belopp.',
    },
    {
      severity: 'error',
      tab: 'Fakturor',
      row: 3,
      column: 'Belopp',
      value: '101',
      message: 'Beloppet stämmer inte med raderna.',
      url: 'https://docs.google.com/spreadsheets/d/abc/edit#gid=5&range=F3',
    },
    {
      severity: 'error',
      tab: 'Fakturor',
      row: 4,
      column: 'Belopp',
      value: '',
      message: 'En länk som inte går till kalkylarket följs inte.',
      url: 'javascript:alert(1)',
    },
  ],
};

const confirmed: CreditConfirmView = {
  written: true,
  message: 'Kreditfakturan är skapad: YR-2026-0017 krediterar YR-2026-0009 (Luleå).',
  number: 'YR-2026-0017',
  credits: 'YR-2026-0009',
  municipality: 'Luleå',
  totalLabel: 'Att erhålla',
  amountText: '308 292,00 kr',
  sheet: 'YR-2026-0017 Luleå',
  url: 'https://docs.google.com/spreadsheets/d/abc/edit#gid=117',
  errors: [],
};

interface Canned {
  list: CreditListView;
  preview: CreditPreviewView | { fail: string };
  confirm: CreditConfirmView | { fail: string };
}

async function openDialog(page: Page, canned: Canned): Promise<void> {
  await page.addInitScript((data: Canned) => {
    const w = window as unknown as Record<string, unknown>;
    const calls: { name: string; arg: unknown }[] = [];
    const images: string[] = [];
    w.__calls = calls;
    w.__images = images;
    w.__closed = false;
    new MutationObserver((records) => {
      for (const r of records) {
        r.addedNodes.forEach((n) => {
          if (n.nodeType === 1 && ((n as Element).tagName === 'IMG' || (n as Element).querySelector('img')))
            images.push((n as Element).outerHTML);
        });
      }
    }).observe(document, { childList: true, subtree: true });
    const runner = (success?: (v: unknown) => void, failure?: (e: unknown) => void): unknown => {
      const call = (name: string, key: keyof Canned) => (arg?: unknown) => {
        calls.push({ name, arg: arg === undefined ? null : JSON.parse(JSON.stringify(arg)) });
        const a = data[key] as { fail?: string };
        setTimeout(() => {
          if (a && typeof a.fail === 'string') failure?.(new Error(a.fail));
          else success?.(JSON.parse(JSON.stringify(a)));
        }, 0);
      };
      return {
        withSuccessHandler: (f: (v: unknown) => void) => runner(f, failure),
        withFailureHandler: (f: (e: unknown) => void) => runner(success, f),
        creditList: call('creditList', 'list'),
        creditPreview: call('creditPreview', 'preview'),
        creditConfirm: call('creditConfirm', 'confirm'),
      };
    };
    w.google = { script: { run: runner(), host: { close: () => void (w.__closed = true) } } };
  }, canned);
  await page.goto(pathToFileURL(DIALOG).href);
}

async function calls(page: Page): Promise<{ name: string; arg: Record<string, unknown> | null }[]> {
  return page.evaluate(
    () => (window as unknown as { __calls: { name: string; arg: Record<string, unknown> | null }[] }).__calls,
  );
}
async function images(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __images: string[] }).__images);
}

describe('credit dialog in Chromium', () => {
  let browser: Browser;
  let pages: FilePage;
  const popups: string[] = [];

  beforeAll(async () => {
    if (!existsSync(DIALOG)) throw new Error(`${DIALOG} is missing: run npm run build`);
    browser = await sharedChromium();
    pages = new FilePage(browser);
  });
  afterAll(() => closePages(browser));

  async function newPage(): Promise<Page> {
    const page = await pages.next({ width: 960, height: 720 });
    page.on('dialog', (d) => {
      popups.push(d.message());
      void d.dismiss();
    });
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) popups.push(`request ${r.url()}`);
    });
    return page;
  }

  it('lists the register, previews the chosen invoice’s credit note and confirms exactly that one', async () => {
    const page = await newPage();
    await openDialog(page, { list, preview, confirm: confirmed });
    await page.locator('#invoiceRows tr').nth(2).waitFor();

    // The register, newest first; credited invoices and credit notes cannot be chosen, and say why.
    const rows = page.locator('#invoiceRows tr');
    expect(await rows.nth(0).locator('td').allTextContents()).toEqual([
      '',
      'YR-2026-0016',
      'Boden',
      '2026-05',
      '-500,00 kr',
      'Skapad',
      list.invoices[0].note,
    ]);
    expect(await rows.nth(1).locator('td').nth(2).textContent()).toBe(EVIL);
    expect(await rows.nth(2).locator('td').nth(6).textContent()).toBe('Redan krediterad av YR-2026-0016.');
    expect(await page.locator('input[name=invoice][value="YR-2026-0016"]').isDisabled()).toBe(true);
    expect(await page.locator('input[name=invoice][value="YR-2026-0002"]').isDisabled()).toBe(true);
    expect(await page.locator('input[name=invoice][value="YR-2026-0009"]').isEnabled()).toBe(true);
    // The date defaults to the server's today (the spreadsheet's time zone).
    expect(await page.locator('#creditDate').inputValue()).toBe('2026-06-10');
    expect(await page.locator('#previewButton').isDisabled()).toBe(true);
    expect((await calls(page)).map((c) => c.name)).toEqual(['creditList']);

    await page.check('input[name=invoice][value="YR-2026-0009"]');
    await page.fill('#reason', `Fel ${EVIL}`);
    await page.click('#previewButton');
    await page.locator('#preview .document').waitFor();
    expect((await calls(page))[1]).toEqual({
      name: 'creditPreview',
      arg: { invoice: 'YR-2026-0009', date: '2026-06-10', reason: `Fel ${EVIL}` },
    });

    const shown = await page.locator('#preview').innerText();
    for (const text of [
      'Kreditfaktura YR-2026-0017 – Krediterar faktura YR-2026-0009 av 2026-05-20',
      'Att erhålla',
      '308 292,00 kr',
      `Orsak: Fel ${EVIL}`,
      '-9 300,00 kr',
      '-298 992,00 kr',
      'Faktura YR-2026-0009 får status Krediterad och Krediterad av YR-2026-0017.',
      preview.released!.text,
      preview.pot!.text,
      'YR-2026-0017 Luleå',
    ]) {
      expect(shown).toContain(text);
    }
    expect(await page.locator('#preview .document').innerText()).toBe(preview.document.join('\n'));

    // Changing the reason forgets the preview; previewing again brings the confirmation back.
    await page.fill('#reason', 'Annan orsak');
    expect(await page.locator('#confirmButton').isVisible()).toBe(false);
    await page.fill('#reason', `Fel ${EVIL}`);
    await page.click('#previewButton');
    await page.locator('#preview .document').waitFor();
    expect(await page.locator('#confirmButton').isEnabled()).toBe(true);

    await page.click('#confirmButton');
    await page.locator('#result .box.success').waitFor();
    const sent = await calls(page);
    expect(sent[3]).toEqual({
      name: 'creditConfirm',
      arg: { invoice: 'YR-2026-0009', date: '2026-06-10', reason: `Fel ${EVIL}`, fingerprint: 'c0ffee' },
    });
    // After a credit the list is read again, so the invoice and its credit note are shown as they now are.
    await expect
      .poll(async () => (await calls(page)).map((c) => c.name))
      .toEqual(['creditList', 'creditPreview', 'creditPreview', 'creditConfirm', 'creditList']);
    const result = await page.locator('#result').innerText();
    expect(result).toContain(confirmed.message);
    expect(await page.locator('#result a').getAttribute('href')).toBe(confirmed.url);
    expect(await page.locator('#confirmButton').isVisible()).toBe(false);

    expect(await page.locator('img').count()).toBe(0);
    expect(await images(page)).toEqual([]);
    expect(popups).toEqual([]);
    await page.click('#closeButton');
    expect(await page.evaluate(() => (window as unknown as { __closed: boolean }).__closed)).toBe(true);
  });

  it('shows why a credit is refused, with tab, row and column, and cannot confirm', async () => {
    const page = await newPage();
    await openDialog(page, { list, preview: refused, confirm: confirmed });
    await page.check('input[name=invoice][value="YR-2026-0009"]');
    await page.click('#previewButton');
    await page.locator('#preview .box.error').waitFor();
    expect(await page.locator('#preview .box.error li').first().textContent()).toBe(
      `Flik Fakturarader, rad 7, kolumn Belopp: "${EVIL}" – Raderna stämmer inte med fakturans belopp.`,
    );
    // The cell itself, as in the billing dialog and Kontrollera data; only a https link is followed.
    expect(await page.locator('#preview .box.error li').first().locator('a').count()).toBe(0);
    const link = page.locator('#preview .box.error li').nth(1).locator('a');
    expect(await link.getAttribute('href')).toBe('https://docs.google.com/spreadsheets/d/abc/edit#gid=5&range=F3');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.textContent()).toBe(
      'Flik Fakturor, rad 3, kolumn Belopp: "101" – Beloppet stämmer inte med raderna.',
    );
    expect(await page.locator('#preview .box.error li').nth(2).locator('a').count()).toBe(0);
    expect(await page.locator('#confirmButton').isVisible()).toBe(false);
    expect((await calls(page)).map((c) => c.name)).toEqual(['creditList', 'creditPreview']);
    expect(await images(page)).toEqual([]);
  });

  it('checks the date before asking the server, and shows a server refusal as text', async () => {
    const page = await newPage();
    await openDialog(page, { list, preview: { fail: `Kalkylarket är upptaget ${EVIL}` }, confirm: confirmed });
    await page.check('input[name=invoice][value="YR-2026-0009"]');
    await page.fill('#creditDate', '2026-02-30');
    await page.click('#previewButton');
    expect(await page.locator('#status').textContent()).toContain('ÅÅÅÅ-MM-DD');
    expect((await calls(page)).map((c) => c.name)).toEqual(['creditList']);
    await page.fill('#creditDate', '2026-06-11');
    await page.click('#previewButton');
    await page.locator('#result .box').waitFor();
    expect(await page.locator('#result').innerText()).toContain(`Kalkylarket är upptaget ${EVIL}`);
    expect(await images(page)).toEqual([]);
  });

  it('is one self-contained page that never builds markup from strings', () => {
    const html = readFileSync(DIALOG, 'utf8');
    expect(html).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import|url\(/i);
    expect(html).toContain('<html lang="sv">');
  });
});

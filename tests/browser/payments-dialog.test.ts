// The dialog Betalningar och påminnelser (dist/gas/payments.html) in Chromium talking to the built
// dist/gas/Code.js (node:vm over the Apps Script fakes): a bank file chosen with the file picker
// travels as base64 bytes (a BgMax file's ISO 8859-1 å ä ö arrive intact), every payment is
// previewed before anything is written, then read in; the overdue invoices are listed and
// reminded. Values from the file and the workbook are shown as text; a 5 MB camt.054 file works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { createGasEnvironment, type GasEnvironment } from '../gas/fakes';
import { loadBundle, plain, type GasContext } from '../gas/harness';
import { bgMax, camt054, latin1Bytes, type CamtTx } from '../fixtures/bankFiles';
import { standardTabs, toGasTabs } from '../fixtures/workbook';
import { closePages, FilePage, sharedChromium } from './chromium';
import { exposeServer } from './server';

const DIALOG = join(process.cwd(), 'dist/gas/payments.html');
const EVIL = '<img src=x onerror=alert(1)>';
const SERVER = ['paymentsPreview', 'paymentsConfirm', 'remindersList', 'remindersSend', 'remindersTest'];

interface Invoice {
  number: string;
  total: number;
  ocr: string;
}

function billed(): { env: GasEnvironment; ctx: GasContext; invoices: Invoice[] } {
  const env = createGasEnvironment({ tabs: toGasTabs(standardTabs()) });
  const ctx = loadBundle(env);
  expect(plain<{ written: boolean }>(ctx.billingConfirm({ month: '2024-05', invoiceDate: '2024-05-20' })).written).toBe(
    true,
  );
  const [header, ...rows] = env.spreadsheet.read('Fakturor');
  const at = (h: string) => header.indexOf(h);
  return {
    env,
    ctx,
    invoices: rows.map((r) => ({
      number: String(r[at('Fakturanummer')]),
      total: Number(r[at('Belopp')]),
      ocr: String(r[at('OCR')]),
    })),
  };
}

async function open(pages: FilePage, ctx: GasContext, events: string[]): Promise<Page> {
  const page = await pages.next();
  page.on('pageerror', (e) => events.push(e.message));
  page.on('dialog', (d) => {
    events.push(`dialog ${d.message()}`);
    void d.dismiss();
  });
  await exposeServer(page, ctx);
  await page.addInitScript((names: string[]) => {
    const w = window as unknown as Record<string, any>;
    const runner = (success?: (v: unknown) => void, failure?: (e: unknown) => void): unknown => {
      const call = (name: string) => (arg: unknown) => {
        w.__server(name, arg).then((r: { ok: boolean; value?: unknown; message?: string }) =>
          r.ok ? success?.(r.value) : failure?.(new Error(r.message)),
        );
      };
      const api: Record<string, unknown> = {
        withSuccessHandler: (f: (v: unknown) => void) => runner(f, failure),
        withFailureHandler: (f: (e: unknown) => void) => runner(success, f),
      };
      for (const n of names) api[n] = call(n);
      return api;
    };
    w.google = { script: { run: runner(), host: { close() {} } } };
  }, SERVER);
  await page.goto(pathToFileURL(DIALOG).href);
  return page;
}

describe('payments dialog against the built bundle', () => {
  let browser: Browser;
  let pages: FilePage;
  beforeAll(async () => {
    browser = await sharedChromium();
    pages = new FilePage(browser);
  });
  afterAll(() => closePages(browser));

  it('previews every payment of a camt.054 file, reads it in, then lists and sends the reminders', async () => {
    const { env, ctx, invoices } = billed();
    const [a, b] = invoices;
    ctx.menuPayments();
    expect(env.ui.lastDialog().title).toBe('Betalningar och påminnelser');
    const events: string[] = [];
    const page = await open(pages, ctx, events);
    // On opening, the reminders of today are listed (every May 2024 invoice is long overdue).
    await page.locator('#reminderRows').waitFor();

    const dir = mkdtempSync(join(tmpdir(), 'yr-payments-'));
    const file = join(dir, 'camt054.xml');
    writeFileSync(
      file,
      camt054([
        {
          bookingDate: '2024-06-18',
          txs: [
            { amount: a.total.toFixed(2), ref: a.ocr, acctSvcrRef: 'T1', payer: EVIL },
            { amount: '500.00', ref: b.ocr, acctSvcrRef: 'T2' },
            { amount: '42.00', ustrd: `Okänd ${EVIL}`, acctSvcrRef: 'T3' },
          ],
        },
      ]),
    );
    expect(await page.locator('#confirm').isDisabled()).toBe(true);
    await page.setInputFiles('#file', file);
    await expect.poll(() => page.locator('#paymentsMessage').innerText()).toContain('camt054.xml är vald');
    await page.click('#preview');
    await page.locator('#paymentRows').waitFor();
    expect(await page.locator('#paymentRows tr').count()).toBe(4); // header + 3 payments
    const shown = await page.locator('#paymentRows').innerText();
    expect(shown).toContain(EVIL);
    expect(shown).toMatch(/T1.*Matchad/);
    expect(shown).toMatch(/T3.*Omatchad/);
    expect(shown).toContain('500,00 kr');
    expect(await page.locator('#paymentsResult img').count()).toBe(0);
    expect(await page.locator('#invoiceRows').innerText()).toContain('Delbetald');
    expect(env.spreadsheet.tabNames()).not.toContain('Inbetalningar');

    await page.click('#confirm');
    await expect
      .poll(() => page.locator('#paymentsMessage').innerText())
      .toContain('3 betalningar, 2 matchade, 1 omatchad');
    const rows = env.spreadsheet.read('Inbetalningar');
    expect(rows.slice(1).map((r) => [r[0], r[4], r[7]])).toEqual([
      ['T1', EVIL, 'Matchad'],
      ['T2', '', 'Matchad'],
      ['T3', '', 'Omatchad'],
    ]);

    // Reminders on 2024-06-25: the paid invoice is not among them.
    await page.fill('#date', '2024-06-25');
    await page.click('#list');
    await expect.poll(() => page.locator('#remindersMessage').innerText()).toContain('2024-06-25');
    const list = await page.locator('#reminderRows').innerText();
    expect(list).not.toContain(a.number);
    expect(list).toContain(b.number);
    expect(list).toContain('2024-07-05');
    const boxes = await page.locator('input.remind').count();
    expect(boxes).toBe(invoices.length - 1);
    expect(env.mail.sent).toEqual([]);
    await page.click('#send');
    await page.locator('#reportRows').waitFor();
    expect(await page.locator('#reportRows tr').count()).toBe(boxes + 1);
    expect(env.mail.sent).toHaveLength(boxes);
    expect(env.mail.sent.every((m) => m.subject.startsWith('Påminnelse: faktura '))).toBe(true);
    expect(events).toEqual([]);
  }, 90_000);

  it('links an error of the preview to its cell, as Kontrollera data does', async () => {
    const { env, ctx } = billed();
    const [header, first] = env.spreadsheet.read('Fakturor');
    const col = header.indexOf('Belopp');
    env.spreadsheet
      .sheet('Fakturor')!
      .getRange(2, col + 1)
      .setValue(Number(first[col]) + 1);
    const gid = env.spreadsheet.sheet('Fakturor')!.getSheetId();
    const events: string[] = [];
    const page = await open(pages, ctx, events);
    const file = join(mkdtempSync(join(tmpdir(), 'yr-payments-')), 'camt054.xml');
    writeFileSync(
      file,
      camt054([{ bookingDate: '2024-06-18', txs: [{ amount: '10.00', ref: '1234', acctSvcrRef: 'T1' }] }]),
    );
    await page.setInputFiles('#file', file);
    await expect.poll(() => page.locator('#paymentsMessage').innerText()).toContain('camt054.xml är vald');
    await page.click('#preview');
    await page.locator('#paymentsErrors p.error').first().waitFor();
    const links = page.locator('#paymentsErrors p.error a');
    expect(await links.count()).toBeGreaterThan(0);
    for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
      expect(href).toMatch(new RegExp(`#gid=${gid}&range=[A-Z]+[0-9]+$`));
    }
    expect(await links.first().innerText()).toContain('Flik Fakturor');
    expect(events).toEqual([]);
  }, 60_000);

  it('sends a BgMax file as bytes, so its ISO 8859-1 names arrive intact, and previews a 5 MB camt.054 file', async () => {
    const { env, ctx, invoices } = billed();
    const events: string[] = [];
    const page = await open(pages, ctx, events);
    const dir = mkdtempSync(join(tmpdir(), 'yr-payments-'));
    const bg = join(dir, 'BGMAX.TXT');
    writeFileSync(
      bg,
      latin1Bytes(
        bgMax([
          {
            date: '2024-06-19',
            payments: [
              {
                amount: invoices[0].total.toFixed(2),
                reference: invoices[0].ocr,
                serial: '1',
                name: 'Överkalix kommun',
              },
            ],
          },
        ]),
      ),
    );
    await page.setInputFiles('#file', bg);
    await expect.poll(() => page.locator('#paymentsMessage').innerText()).toContain('BGMAX.TXT är vald');
    await page.click('#preview');
    await page.locator('#paymentRows').waitFor();
    expect(await page.locator('#paymentRows').innerText()).toContain('Överkalix kommun');

    // A small file shows every payment: no note about rows left out.
    expect(await page.locator('#paymentRows tr').count()).toBe(2); // header + 1 payment
    expect(await page.locator('#paymentsShown').count()).toBe(0);

    // About 5 MB: many small payments in one batch entry, one of them ours, near the end.
    const txs: CamtTx[] = Array.from({ length: 17_000 }, (_, i) => ({
      amount: '1.00',
      ustrd: `Gåva nummer ${i} till föreningen`,
      acctSvcrRef: `BIG-${i}`,
      payer: `Givare ${i}`,
    }));
    txs[16_990] = { amount: '100.00', ref: invoices[1].ocr, acctSvcrRef: 'OUR-1', payer: 'Bodens kommun' };
    const big = join(dir, 'stor.xml');
    const text = camt054([{ bookingDate: '2024-06-20', acctSvcrRef: 'BIG', txs }]);
    writeFileSync(big, text);
    expect(text.length).toBeGreaterThan(4_500_000);
    await page.setInputFiles('#file', big);
    await expect.poll(() => page.locator('#paymentsMessage').innerText()).toContain('stor.xml är vald');
    await page.click('#preview');
    await expect
      .poll(() => page.locator('#paymentsMessage').innerText(), { timeout: 60_000 })
      .toContain('17000 betalningar, 1 matchad, 16999 omatchade');
    // The dialog lists 500 of them: the matched one far down the file, and the first unmatched.
    expect(await page.locator('#paymentRows tr').count()).toBe(501);
    expect(await page.locator('#paymentsShown').innerText()).toBe(
      'Visar 500 av 17 000 betalningar: alla matchade och de första omatchade. ' +
        'Alla 17 000 läses in; hela listan finns i fliken Inbetalningar efter inläsningen.',
    );
    const shownRows = await page.locator('#paymentRows').innerText();
    expect(shownRows).toMatch(/OUR-1.*Matchad/);
    expect(shownRows).toContain('BIG-0\t');
    expect(shownRows).toContain('BIG-498\t');
    expect(shownRows).not.toContain('BIG-499\t');
    expect(shownRows).not.toContain('BIG-16999');
    expect(await page.locator('#paymentsResult h3').first().innerText()).toContain('(17 000)');
    // The note after the import, and when some of the file was read in before.
    const notes = await page.evaluate(() => {
      const w = window as unknown as Record<string, (...a: unknown[]) => unknown>;
      const list = (n: number, status: string) => Array.from({ length: n }, () => ({ status }));
      const all = [...list(2, 'Redan inläst'), ...list(1, 'Matchad'), ...list(1_200, 'Omatchad')];
      const shown = w.shownPayments(all) as unknown[];
      return [shown.length, w.cappedNote(all, shown, false), w.cappedNote(all, shown, true)];
    });
    expect(notes).toEqual([
      500,
      'Visar 500 av 1 203 betalningar: alla matchade, alla redan inlästa och de första omatchade. ' +
        'De 1 201 som inte redan är inlästa läses in; hela listan finns i fliken Inbetalningar efter inläsningen.',
      'Visar 500 av 1 203 betalningar: alla matchade, alla redan inlästa och de första omatchade. ' +
        'Hela listan finns i fliken Inbetalningar.',
    ]);
    expect(env.spreadsheet.tabNames()).not.toContain('Inbetalningar');
    expect(events).toEqual([]);
  }, 150_000);
});

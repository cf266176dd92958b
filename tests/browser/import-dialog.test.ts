// The import dialog (dist/gas/import.html) in Chromium talking to the built dist/gas/Code.js
// (node:vm over the Apps Script fakes): a file chosen with the file picker is read by
// FileReader, previewed (rows to add, rows skipped with their reasons), then confirmed; names
// from the file are shown as text.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { createGasEnvironment } from '../gas/fakes';
import { loadBundle } from '../gas/harness';
import { standardTabs, toGasTabs } from '../fixtures/workbook';
import { closePages, FilePage, sharedChromium } from './chromium';
import { exposeServer } from './server';

const DIALOG = join(process.cwd(), 'dist/gas/import.html');
const EVIL = '<img src=x onerror=alert(1)>';
const CSV = [
  `"User's Fullname";"User's Email";"User's Organisation Name";"Course Name";"Session Start Date";"Status"`,
  `"${EVIL}";anna@lulea.se;"Luleå kommun";BOU-B1;2024-05-13;"Fully attended"`,
  `Bo;bo@boden.se;Boden;ALD-F1;13/05/2024;"Partially attended"`,
  `Cilla;c@pitea.se;Piteå;MOB-S1;2024-09-20;"No show"`,
  `Dan;d@x.se;Stockholm;MOB-S1;2024-09-20;"Fully attended"`,
].join('\r\n');

describe('import dialog against the built bundle', () => {
  let browser: Browser;
  let pages: FilePage;
  beforeAll(async () => {
    browser = await sharedChromium();
    pages = new FilePage(browser);
  });
  afterAll(() => closePages(browser));

  async function openDialog(ctx: Record<string, any>) {
    const page = await pages.next();
    const events: string[] = [];
    page.on('pageerror', (e) => events.push(e.message));
    page.on('dialog', (d) => {
      events.push(`dialog ${d.message()}`);
      void d.dismiss();
    });
    await exposeServer(page, ctx);
    await page.addInitScript(() => {
      const w = window as unknown as Record<string, any>;
      const runner = (success?: (v: unknown) => void, failure?: (e: unknown) => void): unknown => {
        const call = (name: string) => (arg: unknown) => {
          w.__server(name, arg).then((r: { ok: boolean; value?: unknown; message?: string }) =>
            r.ok ? success?.(r.value) : failure?.(new Error(r.message)),
          );
        };
        return {
          withSuccessHandler: (f: (v: unknown) => void) => runner(f, failure),
          withFailureHandler: (f: (e: unknown) => void) => runner(success, f),
          importOptions: call('importOptions'),
          importPreview: call('importPreview'),
          importConfirm: call('importConfirm'),
        };
      };
      w.google = { script: { run: runner(), host: { close() {} } } };
    });
    await page.goto(pathToFileURL(DIALOG).href);
    await expect.poll(() => page.locator('#tab').inputValue()).toBe('Närvaro import');

    return { page, events };
  }

  it('reads the chosen file, previews, imports, and shows values as text', async () => {
    const env = createGasEnvironment({ tabs: toGasTabs(standardTabs()) });
    const ctx = loadBundle(env);
    ctx.menuImport();
    expect(env.ui.lastDialog().title).toBe('Importera närvaro');
    const { page, events } = await openDialog(ctx);
    const dir = mkdtempSync(join(tmpdir(), 'yr-import-'));
    const file = join(dir, 'seminar-signups.csv');
    writeFileSync(file, `\ufeff${CSV}`);
    await page.setInputFiles('#file', file);
    await expect.poll(() => page.locator('#text').inputValue()).toContain('Stockholm');
    expect(await page.locator('#confirm').isDisabled()).toBe(true);
    await page.click('#preview');
    await page.locator('#rows').waitFor();
    expect(await page.locator('#rows tr').count()).toBe(3); // header + 2 rows
    expect(await page.locator('#rows').innerText()).toContain(EVIL);
    expect(await page.locator('#rows img').count()).toBe(0);
    const skipped = await page.locator('#skipped').innerText();
    expect(skipped).toMatch(/4\s+Status/);
    expect(skipped).toMatch(/5\s+Okänd kommun/);
    expect(env.spreadsheet.tabNames()).not.toContain('Närvaro import');

    await page.click('#confirm');
    await expect.poll(() => page.locator('#message').innerText()).toContain('lades till i fliken Närvaro import');
    const rows = env.spreadsheet.read('Närvaro import');
    expect(rows.slice(1).map((r) => r[2])).toEqual([EVIL, 'Bo']);
    expect(env.spreadsheet.read('Logg').at(-1)![3]).toContain('Fil seminar-signups.csv');
    expect(events).toEqual([]);
  }, 60_000);

  it('reads a chosen .xlsx export as base64 and previews the same rows', async () => {
    const env = createGasEnvironment({ tabs: toGasTabs(standardTabs()) });
    const ctx = loadBundle(env);
    const { page, events } = await openDialog(ctx);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Report');
    for (const line of CSV.split('\r\n')) ws.addRow(line.split(';').map((c) => c.replace(/^"|"$/g, '')));
    const file = join(mkdtempSync(join(tmpdir(), 'yr-import-')), 'seminar-signups.xlsx');
    await wb.xlsx.writeFile(file);
    await page.setInputFiles('#file', file);
    await expect.poll(() => page.locator('#text').getAttribute('placeholder')).toContain('seminar-signups.xlsx');
    await page.click('#preview');
    await page.locator('#rows').waitFor();
    expect(await page.locator('#rows tr').count()).toBe(3);
    expect(await page.locator('#rows').innerText()).toContain(EVIL);
    expect(await page.locator('#rows img').count()).toBe(0);
    expect(await page.locator('#skipped').innerText()).toMatch(/5\s+Okänd kommun/);
    expect(env.calls['Utilities.unzip']).toBe(1);
    expect(events).toEqual([]);
  }, 60_000);
});

// The browser tests need no Debian package: the Chromium inside @sparticuz/chromium runs headless
// here through playwright-core, whatever CHROMIUM_PATH says (it is used when no system Chromium is found).
import { chromium } from 'playwright-core';
import { expect, it } from 'vitest';
import { chromiumExecutable, npmChromium } from './chromium';

it('the npm package Chromium renders a Swedish page', async () => {
  const { path, args, env } = await npmChromium();
  const browser = await chromium.launch({
    executablePath: path,
    args,
    headless: true,
    env: { ...process.env, ...env },
  });
  try {
    const page = await browser.newPage();
    await page.setContent('<p id="t">Luleå, Älvsbyn, Övertorneå</p>');
    expect(await page.textContent('#t')).toBe('Luleå, Älvsbyn, Övertorneå');
  } finally {
    await browser.close();
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

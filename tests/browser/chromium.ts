// Launches headless Chromium through playwright-core, with no browser download: the system's
// Chromium when there is one (CHROMIUM_PATH, else Debian's /usr/bin/chromium), otherwise the
// Chromium shipped inside the @sparticuz/chromium package (unpacked to the temp folder on first
// use), so `npm ci && npm test` passes on a machine without Debian's package.
import { existsSync } from 'node:fs';
import sparticuz from '@sparticuz/chromium';
import { chromium, type Browser } from 'playwright-core';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Which Chromium the browser tests use, and with which flags. */
export async function chromiumExecutable(): Promise<{ path: string; args: string[]; from: 'system' | 'npm' }> {
  for (const path of [process.env.CHROMIUM_PATH, SYSTEM_CHROMIUM]) {
    if (path && existsSync(path)) return { path, args: FLAGS, from: 'system' };
  }
  // Its flags are made for one page per process (serverless): --single-process would end the
  // browser with the first page closed, and the tests open several pages per browser.
  const args = sparticuz.args.filter((a) => a !== '--single-process');
  return { path: await sparticuz.executablePath(), args: [...args, ...FLAGS], from: 'npm' };
}

export async function launchChromium(): Promise<Browser> {
  const { path, args } = await chromiumExecutable();
  return chromium.launch({ executablePath: path, args, headless: true });
}

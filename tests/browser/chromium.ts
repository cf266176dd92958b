// Launches headless Chromium through playwright-core, with no browser download: the system's
// Chromium when there is one (CHROMIUM_PATH, else Debian's /usr/bin/chromium), otherwise the
// Chromium shipped inside the @sparticuz/chromium package (unpacked to the temp folder on first
// use), so `npm ci && npm test` passes on a machine without Debian's package.
//
// The package's binary needs NSS and NSPR (libnss3, libnspr4), which a machine without a browser
// may not have: the package ships them (bin/al2023.tar.br, unpacked by the package itself only on
// AWS), so they are unpacked next to it and put first on the browser's LD_LIBRARY_PATH.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import sparticuz from '@sparticuz/chromium';
import { chromium, type Browser, type BrowserContextOptions, type Disposable, type Page } from 'playwright-core';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface ChromiumChoice {
  path: string;
  args: string[];
  from: 'system' | 'npm';
  /** Extra environment for the browser process (the package's shared libraries). */
  env: Record<string, string>;
}

/** Which Chromium the browser tests use, with which flags and environment. */
export async function chromiumExecutable(): Promise<ChromiumChoice> {
  for (const path of [process.env.CHROMIUM_PATH, SYSTEM_CHROMIUM]) {
    if (path && existsSync(path)) return { path, args: FLAGS, from: 'system', env: {} };
  }
  return npmChromium();
}

/** The Chromium inside @sparticuz/chromium, whatever the system has. */
export async function npmChromium(): Promise<ChromiumChoice> {
  // Its flags are made for one page per process (serverless): --single-process would end the
  // browser with the first page closed, and the tests open several pages per browser.
  const args = sparticuz.args.filter((a) => a !== '--single-process');
  const path = await sparticuz.executablePath();
  const lib = packagedLibraries();
  const env = { LD_LIBRARY_PATH: [lib, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') };
  return { path, args: [...args, ...FLAGS], from: 'npm', env };
}

/** The package's NSS/NSPR libraries, unpacked once into the temp folder; returns their folder. */
function packagedLibraries(): string {
  const root = join(tmpdir(), 'yrkesresan-chromium-libs');
  const lib = join(root, 'lib');
  if (existsSync(join(lib, 'libnss3.so'))) return lib;
  const archive = join(
    dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')),
    '../../bin/al2023.tar.br',
  );
  // Unpacked beside and renamed into place, so a parallel test file never sees half a folder.
  const part = `${root}.${process.pid}`;
  rmSync(part, { recursive: true, force: true });
  mkdirSync(part, { recursive: true });
  execFileSync('tar', ['-x', '-C', part], { input: brotliDecompressSync(readFileSync(archive)) });
  try {
    renameSync(part, root);
  } catch {
    rmSync(part, { recursive: true, force: true }); // another process was first
  }
  return lib;
}

export async function launchChromium(choice?: ChromiumChoice): Promise<Browser> {
  const { path, args, env } = choice ?? (await chromiumExecutable());
  return chromium.launch({ executablePath: path, args, headless: true, env: { ...process.env, ...env } });
}

let shared: Promise<{ browser: Browser; choice: ChromiumChoice }> | undefined;

/**
 * One Chromium for every browser test file of a test worker (the files share the worker's
 * modules, vitest.config.ts `isolate: false`) instead of one launched and closed per file (half a
 * second each).
 * Each `browser.newPage()` opens its own context (cookies, storage, viewport), as in a browser of
 * its own; a file closes what it opened (closePages), never the browser. Playwright ends the
 * browser with the worker.
 */
export async function sharedChromium(): Promise<Browser> {
  return (await sharedLaunch()).browser;
}

/** Which Chromium the shared one is, launched with which flags and environment. */
export async function sharedChromiumChoice(): Promise<ChromiumChoice> {
  return (await sharedLaunch()).choice;
}

function sharedLaunch(): Promise<{ browser: Browser; choice: ChromiumChoice }> {
  shared ??= chromiumExecutable().then(async (choice) => {
    const browser = await launchChromium(choice);
    browser.on('disconnected', () => (shared = undefined));
    return { browser, choice };
  });
  return shared;
}

/** Closes every page (and its context) still open in the browser, e.g. after a failed test. */
export async function closePages(browser: Browser | undefined): Promise<void> {
  await Promise.all(browser?.contexts().map((context) => context.close()) ?? []);
}

/** Playwright's viewport for a page opened without one. */
const DEFAULT_VIEWPORT = { width: 1280, height: 720 };

/** The page events the tests listen to; a reused page drops the previous test's listeners. */
const TEST_EVENTS = ['dialog', 'pageerror', 'request', 'console', 'filechooser', 'popup'] as const;

/**
 * One page (in a context of its own, made with `options`) for all the tests of a file, instead
 * of a new page for each: every new page starts a renderer process, a tenth of a second or more.
 * `next()` hands the page to a test as a new page would be: on about:blank, without the init
 * scripts, exposed functions and listeners the previous test added, at the viewport asked for
 * (Playwright's default 1280x720 when none is). The context is the file's, so its options and a
 * clock once set stay: a test of the file that uses the clock sets it.
 * A test does not close the page (a closed page is replaced by a new one on the next call).
 */
export class FilePage {
  private page: Page | undefined;
  private added: Disposable[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly options: BrowserContextOptions = {},
  ) {}

  async next(viewport: { width: number; height: number } = DEFAULT_VIEWPORT): Promise<Page> {
    if (!this.page || this.page.isClosed()) {
      this.page = await this.browser.newPage(this.options);
      this.added = [];
      this.record(this.page);
    } else {
      for (const event of TEST_EVENTS) this.page.removeAllListeners(event);
      // The previous document ends before its functions are taken away.
      await this.page.goto('about:blank');
      await Promise.all(this.added.splice(0).map((d) => d.dispose()));
    }
    const now = this.page.viewportSize();
    if (now?.width !== viewport.width || now.height !== viewport.height) await this.page.setViewportSize(viewport);
    return this.page;
  }

  /** Keeps what a test adds to the page (init scripts, exposed functions), to remove it on next(). */
  private record(page: Page): void {
    const keep =
      <A extends unknown[]>(add: (...args: A) => Promise<Disposable>) =>
      async (...args: A): Promise<Disposable> => {
        const d = await add(...args);
        this.added.push(d);
        return d;
      };
    page.addInitScript = keep(page.addInitScript.bind(page)) as Page['addInitScript'];
    page.exposeFunction = keep(page.exposeFunction.bind(page));
    page.exposeBinding = keep(page.exposeBinding.bind(page)) as Page['exposeBinding'];
  }
}

/**
 * With DIALOG_SCREENSHOTS=<folder>, saves what the page shows as <folder>/<name>.png, to be
 * looked at (as the layout test does); otherwise nothing: a screenshot checks nothing and costs
 * about a tenth of a second.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const folder = process.env.DIALOG_SCREENSHOTS;
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage: options.fullPage ?? false });
}

import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium: CI installs it (apt-get install -y chromium); playwright-core brings no browser of its own. */
export const CHROMIUM = '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);

const ROOT = resolve(__dirname, '../..');
const OUTPUT = join(ROOT, 'test-output', 'dashboard');
/** `npm run docs:screenshots` sets this: the views are then also saved where the README shows them. */
const DOCS = process.env.DOCS_SCREENSHOTS ? join(ROOT, 'docs', 'screenshots') : undefined;

/**
 * `describe` when Chromium is there; otherwise the suite is skipped, and says why in its name and on stderr, so a
 * missing browser is never mistaken for a pass.
 */
export function describeInChromium(name: string, suite: () => void): void {
  if (haveChromium) return describe(name, suite);
  process.stderr.write(`\nSKIPPED "${name}": ${CHROMIUM} is missing (apt-get install -y chromium).\n`);
  describe.skip(`${name} — SKIPPED: ${CHROMIUM} is missing (apt-get install -y chromium)`, suite);
}

/** A fresh profile each run, so no cache, storage or key from an earlier run can make a test pass. */
async function launchChromium(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'ledger-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
}

/**
 * Chromium with its first page, ready for a suite: a wait on the page gives up after 15 s, and every uncaught error the
 * page's script throws is kept in `pageErrors` (when given), so the spec can require it to stay empty.
 */
export async function openChromiumPage(pageErrors?: string[]): Promise<{ browser: BrowserContext; page: Page }> {
  const browser = await launchChromium();
  const page = browser.pages()[0] ?? (await browser.newPage());
  page.setDefaultTimeout(15_000);
  if (pageErrors) keepPageErrors(page, pageErrors);
  return { browser, page };
}

/** Keeps each uncaught error `page`'s script throws, by its message. */
export function keepPageErrors(page: Page, pageErrors: string[]): void {
  page.on('pageerror', (error) => pageErrors.push(error.message));
}

/**
 * Saves a screenshot of the whole page (or of one element) under test-output/dashboard/, and under docs/screenshots/
 * when asked for the docs.
 */
export async function screenshot(target: Page | Locator, name: string, fullPage = true, forDocs = true): Promise<void> {
  for (const dir of [OUTPUT, forDocs && DOCS]) {
    if (!dir) continue;
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${name}.png`);
    if ('goto' in target) await target.screenshot({ path, fullPage, animations: 'disabled' });
    else await target.screenshot({ path, animations: 'disabled' });
  }
}

/** Waits until `read` gives `expected` (a page shows the server's answer a moment after a change), then checks it. */
export async function until<T>(read: () => Promise<T>, expected: T, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (JSON.stringify(value) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  expect(value).toEqual(expected);
}

/** The text of each element the selector finds, its white space collapsed. */
export const texts = (page: Page, selector: string): Promise<string[]> =>
  page.locator(selector).evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()));

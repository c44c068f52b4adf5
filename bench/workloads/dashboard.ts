/**
 * The lists at 10k opinions and 20k cases, as a browser and as clients use them: the dashboard driven in Chromium (time
 * to the first rows of the opinions and cases views; a search keystroke until the list shows its new rows), and
 * `GET /opinions?limit=50` from 10 connections. The page holds a live event stream open, so every wait is for content
 * on the page, never for the network to go idle.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { log, now, since } from '../support/log';
import type { Figures } from '../support/phase';
import { cannon, describe, latencies } from './http-load';

const CHROMIUM = '/usr/bin/chromium';
const BROWSER_ENCODINGS = 'gzip, deflate, br, zstd';
/** What is typed into the opinions search box, a key at a time: names in both scripts, a case id, a mechanism. */
const TYPED = ['mynbasov', 'Абдрахманов', 'karimova', 'c00012', 'wgad'];

const round1 = (n: number) => Math.round(n * 10) / 10;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Milliseconds from navigating to a view until its first row is on the page. */
async function firstRows(page: Page, url: string, rowSelector: string): Promise<number> {
  await page.goto('about:blank');
  const started = now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator(rowSelector).first().waitFor({ timeout: 60_000 });
  return since(started) * 1000;
}

/**
 * One key pressed in the search box, timed in the page from its keydown until the table body has been replaced and
 * the next frame drawn (the new rows are on screen).
 */
async function keystroke(page: Page, key: string): Promise<number> {
  await page.evaluate(ARM_TIMER);
  // A character goes in as typed text (Cyrillic letters are on no US key); Backspace as a key.
  if (key.length === 1) await page.keyboard.type(key);
  else await page.keyboard.press(key);
  return page.evaluate('globalThis.measured') as Promise<number>;
}

/**
 * Run in the page (it compiles for the browser, not with this file): arms the timer of the next keystroke, from its
 * keydown (or, for text typed without a key, its beforeinput) to the frame after the table body was replaced.
 */
const ARM_TIMER = `
  globalThis.measured = new Promise((resolve, reject) => {
    const body = document.querySelector('table.data tbody');
    const box = document.querySelector('#opinion-search');
    let pressed;
    const start = () => (pressed ??= performance.now());
    box.addEventListener('keydown', start, { once: true });
    box.addEventListener('beforeinput', start, { once: true });
    const timer = setTimeout(() => reject(new Error('the rows did not change within 30 s of a keystroke')), 30000);
    new MutationObserver((_, observer) => {
      observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => resolve(performance.now() - pressed));
    }).observe(body, { childList: true });
  });
  undefined; // not the promise: evaluate would wait for it, and the key is not pressed yet
`;

export async function dashboardLists(url: string): Promise<Figures> {
  const profile = mkdtempSync(join(tmpdir(), 'bench-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    viewport: { width: 1280, height: 900 },
  });
  const figures: Figures = {};
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(30_000);
    // The first visit after the server started computes today's lists; the second finds them made.
    figures.dashboardOpinionsFirstRowsColdMs = round1(await firstRows(page, `${url}/#/opinions`, 'tr[data-opinion]'));
    figures.dashboardCasesFirstRowsColdMs = round1(await firstRows(page, `${url}/#/cases`, 'tr[data-case]'));
    const opinions: number[] = [];
    const cases: number[] = [];
    for (let i = 0; i < 5; i++) {
      opinions.push(await firstRows(page, `${url}/#/opinions`, 'tr[data-opinion]'));
      cases.push(await firstRows(page, `${url}/#/cases`, 'tr[data-case]'));
    }
    figures.dashboardOpinionsFirstRowsMs = round1(percentile(opinions, 50));
    figures.dashboardOpinionsFirstRowsMaxMs = round1(Math.max(...opinions));
    figures.dashboardCasesFirstRowsMs = round1(percentile(cases, 50));
    figures.dashboardCasesFirstRowsMaxMs = round1(Math.max(...cases));
    log(
      `dashboard: first rows, opinions ${figures.dashboardOpinionsFirstRowsColdMs} ms cold, ${figures.dashboardOpinionsFirstRowsMs} ms (max ${figures.dashboardOpinionsFirstRowsMaxMs}); ` +
        `cases ${figures.dashboardCasesFirstRowsColdMs} ms cold, ${figures.dashboardCasesFirstRowsMs} ms (max ${figures.dashboardCasesFirstRowsMaxMs})`,
    );

    await firstRows(page, `${url}/#/opinions`, 'tr[data-opinion]');
    await page.locator('#opinion-search').focus();
    const typed: number[] = [];
    for (const word of TYPED) {
      for (const key of [...word, 'Control+A', 'Backspace']) {
        if (key === 'Control+A') {
          await page.keyboard.press(key);
          continue;
        }
        typed.push(await keystroke(page, key));
        // A reader's pace: the next key after the rows showed and a quarter of a second passed.
        await page.waitForTimeout(250);
      }
    }
    figures.searchKeystrokes = typed.length;
    figures.searchKeystrokeP50Ms = round1(percentile(typed, 50));
    figures.searchKeystrokeP95Ms = round1(percentile(typed, 95));
    figures.searchKeystrokeMaxMs = round1(Math.max(...typed));
    log(
      `dashboard: ${typed.length} search keystrokes until the rows show: p50 ${figures.searchKeystrokeP50Ms} ms, p95 ${figures.searchKeystrokeP95Ms} ms, max ${figures.searchKeystrokeMaxMs} ms`,
    );
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return figures;
}

/**
 * `GET /opinions?limit=50` from `connections` clients, as a browser asks (compressed): the same first page over and
 * over, then every page of the list in turn (a different answer each, through the cursors).
 */
export async function pagedOpinions(url: string, seconds: number, connections: number): Promise<Figures> {
  const headers = { 'accept-encoding': BROWSER_ENCODINGS };
  const first = await fetch(`${url}/opinions?limit=50`, { headers });
  const page = (await first.json()) as { items: unknown[]; total: number; nextCursor: string | null };
  const figures: Figures = { pagedOpinionsTotal: page.total };
  const result = await cannon({ url: `${url}/opinions?limit=50`, connections, duration: seconds, headers });
  log(`ours: GET /opinions?limit=50 (${page.total} opinions), ${connections} connections: ${describe(result)}`);
  Object.assign(figures, latencies('opinionsPage', result));

  const paths: string[] = ['/opinions?limit=50'];
  for (let cursor = page.nextCursor; cursor !== null && paths.length < 1000;) {
    const path = `/opinions?limit=50&cursor=${encodeURIComponent(cursor)}`;
    paths.push(path);
    const next = (await (await fetch(`${url}${path}`)).json()) as { nextCursor: string | null };
    cursor = next.nextCursor;
  }
  let n = 0;
  const walked = await cannon({
    url,
    connections,
    duration: seconds,
    headers,
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: paths[n++ % paths.length] }) }],
  });
  log(`ours: every page of GET /opinions?limit=50 in turn (${paths.length} pages): ${describe(walked)}`);
  Object.assign(figures, latencies('opinionsPages', walked), { opinionsPagesWalked: paths.length });
  return figures;
}

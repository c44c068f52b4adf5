/**
 * The printable follow-up page in Chromium: reached from the opinion's row on the dashboard, printed to an A4 PDF,
 * and read back with pdftotext (poppler-utils): every person's name, every authority asked and every source is in it.
 * `npm run docs:screenshots` also keeps the worked example's PDF in docs/.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describeInChromium } from '../support/chromium';
import { dashboardInChromium, importExample, type DashboardApp } from '../support/dashboard-app';

const OPINION = 'A/HRC/WGAD/2021/33';
const ROOT = resolve(__dirname, '../..');
const OUTPUT = join(ROOT, 'test-output', 'follow-up');
const PDF = join(OUTPUT, 'follow-up-A-HRC-WGAD-2021-33-2023-09-26.pdf');

interface Submission {
  people: Array<{ name: string }>;
  inquiries: Array<{ to: string }>;
  sources: Array<{ n: number; url?: string; title?: string; publisher?: string }>;
}

/** Line breaks and hyphenless wraps of long addresses differ between layouts: compare without white space. */
const squeeze = (text: string) => text.replace(/\s+/g, '');

describeInChromium('the follow-up submission printed from Chromium', () => {
  let t: DashboardApp;
  let browser: BrowserContext;
  let page: Page;
  let doc: Submission;
  let text: string;

  dashboardInChromium((suite) => ({ t, browser, page } = suite), {
    prepare: async (app) => {
      await importExample(app);
      doc = (await app.http.get(`/opinions/${encodeURIComponent(OPINION)}/follow-up`).query({ asOf: '2023-09-26' }))
        .body as Submission;
    },
  });

  it('is linked from the opinion’s row on the dashboard, as of the day shown', async () => {
    await page.goto(`${t.url}/#/opinions?asOf=2023-09-26`);
    const link = page.locator(`tr[data-opinion="${OPINION}"] a.follow-up-link`);
    await link.waitFor();
    const href = await link.getAttribute('href');
    expect(href).toBe(`/opinions/${encodeURIComponent(OPINION)}/follow-up?format=html&asOf=2023-09-26`);
    const [opened] = await Promise.all([browser.waitForEvent('page'), link.click()]);
    await opened.waitForLoadState();
    expect(await opened.title()).toBe(`Follow-up to ${OPINION} as of 26 September 2023`);
    await opened.close();
  });

  it('prints to an A4 PDF holding every name, every authority asked and every source', async () => {
    await page.goto(`${t.url}/opinions/${encodeURIComponent(OPINION)}/follow-up?asOf=2023-09-26`, {
      waitUntil: 'load',
    });
    expect(await page.locator('nav, header nav, #key-panel').count()).toBe(0);
    mkdirSync(OUTPUT, { recursive: true });
    await page.pdf({ path: PDF, format: 'A4', printBackground: true, preferCSSPageSize: true });
    const info = execFileSync('pdfinfo', [PDF], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+[\d.]+ x [\d.]+ pts \(A4\)/);
    // -raw: the text in the order it was written, so a phrase wrapped inside a table cell still reads in one piece.
    text = execFileSync('pdftotext', ['-raw', PDF, '-'], { encoding: 'utf8' });
    const all = squeeze(text);

    expect(doc.people).toHaveLength(9);
    for (const person of doc.people)
      expect({ name: person.name, found: all.includes(squeeze(person.name)) }).toEqual({
        name: person.name,
        found: true,
      });
    for (const inquiry of doc.inquiries)
      expect({ to: inquiry.to, found: all.includes(squeeze(inquiry.to)) }).toEqual({ to: inquiry.to, found: true });
    expect(doc.sources.length).toBeGreaterThan(5);
    for (const source of doc.sources) {
      const shown = squeeze(source.url ?? source.title ?? '');
      expect({ n: source.n, found: all.includes(shown) }).toEqual({ n: source.n, found: true });
    }
    if (process.env.DOCS_SCREENSHOTS)
      copyFileSync(PDF, join(ROOT, 'docs', 'follow-up-A-HRC-WGAD-2021-33-2023-09-26.pdf'));
  });

  it('says in the PDF what the ledger derived, question by question', () => {
    const flat = squeeze(text);
    for (const phrase of [
      '(a) Release',
      '3 imprisoned (Beket Mynbasov, Samat Adilov and Ernar Samatov)',
      'none released',
      'No compensation or other reparation is recorded as of 26 September 2023',
      'Status: not asked by the opinion',
      '6 transfers from prison to restricted freedom recorded',
      'No follow-up reply from the state is recorded',
      'waited 11 days',
      'Grade D',
      'some day between September 2019 and 26 September 2023',
    ]) {
      expect({ phrase, found: flat.includes(squeeze(phrase)) }).toEqual({ phrase, found: true });
    }
    expect(existsSync(PDF)).toBe(true);
  });
});

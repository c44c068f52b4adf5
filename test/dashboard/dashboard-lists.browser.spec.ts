/**
 * The dashboard's lists in Chromium over more rows than a page holds: the server pages, sorts and searches, the page
 * asks for one page at a time (previous, next), gathers a burst of keystrokes into one question and cancels the
 * question in flight when a newer one comes; the summary above the opinions counts every opinion, not the page.
 */
import type { Page, Request } from 'playwright-core';
import { importItems } from '../../src/cases/import/case-import';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { listItems, LATIN_QUERY } from '../lists/list-fixtures';
import { describeInChromium, screenshot, until } from '../support/chromium';
import { dashboardInChromium, importExample, type DashboardApp } from '../support/dashboard-app';

const GENERATED = 120;

describeInChromium('dashboard lists in Chromium, paged by the server', () => {
  let t: DashboardApp;
  let page: Page;
  let opinions: Array<{ opinionId: string }>;
  const asked: URL[] = [];

  const firstCells = (selector: string) =>
    page
      .locator(selector)
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-opinion') ?? row.getAttribute('data-case')));

  dashboardInChromium(
    (suite) => {
      ({ t, page } = suite);
      page.on('request', (request: Request) => {
        const url = new URL(request.url());
        if (url.pathname === '/opinions' || url.pathname === '/cases') asked.push(url);
      });
    },
    {
      dashboard: { heartbeatMs: 2000 },
      prepare: async (app) => {
        await importExample(app);
        const report = await importItems(app.app.get<EventStore>(EVENT_STORE), listItems(GENERATED), {
          today: '2023-09-26',
          actor: 'import',
          recordedAt: () => new Date().toISOString(),
        });
        expect(report.problems).toEqual([]);
        for (let waited = 0; ; waited += 50) {
          const cases = (await app.http.get('/cases').query({ limit: '1' })).body as { total: number };
          if (cases.total === 6 + GENERATED) break;
          if (waited > 10_000) throw new Error(`the read side shows ${cases.total} cases`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        opinions = (await app.http.get('/opinions').query({ asOf: '2023-09-26' })).body;
      },
    },
  );

  it('shows one page of opinions at a time, and the summary over all of them', async () => {
    expect(opinions.length).toBeGreaterThan(60);
    await page.goto(`${t.url}/#/opinions?asOf=2023-09-26`);
    const rows = page.locator('tr[data-opinion]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(50);
    expect(await page.locator('.pager .range').textContent()).toBe(`1–50 of ${opinions.length}`);
    expect(await page.locator('.lede').textContent()).toContain(`${opinions.length} opinions —`);
    expect(await page.locator('.count').textContent()).toBe(`${opinions.length} of ${opinions.length} opinions match`);
    // Every question the page asked for rows was for one page.
    expect(asked.filter((url) => url.pathname === '/opinions').every((url) => url.searchParams.get('limit'))).toBe(
      true,
    );
    const firstPage = await firstCells('tr[data-opinion]');

    await page.click('.pager button[data-page="next"]');
    await until(
      () => page.locator('.pager .range').textContent(),
      `51–${Math.min(100, opinions.length)} of ${opinions.length}`,
    );
    const secondPage = await firstCells('tr[data-opinion]');
    expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);
    await screenshot(page, 'opinions-paged', false, false);
    await page.click('.pager button[data-page="previous"]');
    await until(() => firstCells('tr[data-opinion]'), firstPage);
    expect(await page.locator('.pager button[data-page="previous"]').isDisabled()).toBe(true);
  });

  it('sorts by asking the server, both ways', async () => {
    const ids = opinions.map((o) => o.opinionId).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    await page.click('th button:text-is("Opinion")');
    await until(() => firstCells('tr[data-opinion]'), ids.slice(0, 50));
    expect(asked[asked.length - 1].searchParams.get('sort')).toBe('opinionId');
    expect(page.url()).toContain('sort=opinion');
    await page.click('th button:text-is("Opinion")');
    await until(() => firstCells('tr[data-opinion]'), [...ids].reverse().slice(0, 50));
    expect(asked[asked.length - 1].searchParams.get('sort')).toBe('-opinionId');
  });

  it('gathers fast typing into few questions, cancels the one in flight, and shows the rows of the last', async () => {
    // The server answers searches slowly here, so the first question is still in flight when the next one goes.
    // Each request the page cancels, as it cancels it.
    await page.evaluate(() => {
      type Fetch = (
        input: unknown,
        init?: { signal?: { addEventListener(type: string, listener: () => void): void } },
      ) => unknown;
      const page = globalThis as unknown as { fetch: Fetch; aborted: string[] };
      const original = page.fetch.bind(globalThis);
      page.aborted = [];
      page.fetch = (input, init) => {
        init?.signal?.addEventListener('abort', () => page.aborted.push(String(input)));
        return original(input, init);
      };
    });
    await page.route(/\/opinions\?.*q=/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await route.continue().catch(() => undefined);
    });
    try {
      const before = asked.length;
      await page.locator('#opinion-search').pressSequentially(LATIN_QUERY, { delay: 20 });
      const expected = (await t.http.get('/opinions').query({ asOf: '2023-09-26', q: LATIN_QUERY })).body as Array<{
        opinionId: string;
      }>;
      expect(expected.length).toBeGreaterThan(1);
      await until(
        () => page.locator('.count').textContent(),
        `${expected.length} of ${opinions.length} opinions match`,
      );
      const searches = asked.slice(before).filter((url) => url.searchParams.has('q'));
      expect(searches.length).toBeLessThan(LATIN_QUERY.length);
      expect(searches[searches.length - 1].searchParams.get('q')).toBe(LATIN_QUERY);
      const aborted = await page.evaluate(() => (globalThis as unknown as { aborted: string[] }).aborted);
      expect(aborted.length).toBeGreaterThan(0);
      expect(aborted.every((url) => url.includes('q=') && !url.includes(`q=${LATIN_QUERY}&`))).toBe(true);
      expect(new URL(page.url()).hash).toContain(`q=${LATIN_QUERY}`);
    } finally {
      await page.unroute(/\/opinions\?.*q=/);
    }
  });

  it('pages and searches the cases, in either script', async () => {
    await page.goto(`${t.url}/#/cases`);
    await page.locator('tr[data-case]').first().waitFor();
    expect(await page.locator('tr[data-case]').count()).toBe(50);
    expect(await page.locator('.pager .range').textContent()).toBe(`1–50 of ${6 + GENERATED}`);
    await page.fill('#case-search', 'Мынбасов');
    await until(() => firstCells('tr[data-case]'), ['kz-whatsapp-group-2018']);
    expect(await page.locator('.pager').isHidden()).toBe(true);
    expect(page.url()).toContain('q=');
  });
});

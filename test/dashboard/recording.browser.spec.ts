/**
 * Recording in the browser: the worked example recorded entirely through the dashboard's forms (only the page talks
 * to the server), then read through the API with the same figures as an import of the same file; axe-core on every
 * form. The error paths and a viewer's page are in recording-errors.browser.spec.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describeInChromium, openChromiumPage, screenshot } from '../support/chromium';
import { importExample, startDashboardApp, type DashboardApp } from '../support/dashboard-app';
import { KEYS, startTestApp, type TestApp } from '../support/test-app';
import { expectAccessible, openCase, openEventForm, recordEvent, signIn, type Item } from './recording-driver';

jest.setTimeout(120_000);

const OPINION = 'A/HRC/WGAD/2021/33';
const CASE = 'kz-whatsapp-group-2018';
const DAY = '2023-09-26';
const EXAMPLE = JSON.parse(
  readFileSync(join(__dirname, '../../examples/forum18-kazakhstan-2023.json'), 'utf8'),
) as Item[];

describeInChromium('recording the worked example through the dashboard forms', () => {
  let t: DashboardApp;
  let imported: TestApp;
  let browser: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const posts: string[] = [];

  beforeAll(async () => {
    [t, imported] = await Promise.all([startDashboardApp({}, { heartbeatMs: 2000 }), startTestApp()]);
    await importExample(imported);
    ({ browser, page } = await openChromiumPage(pageErrors));
    page.on('request', (r) => r.method() !== 'GET' && posts.push(`${r.method()} ${new URL(r.url()).pathname}`));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await Promise.all([t?.close(), imported?.close()]);
  });
  afterEach(() => expect(pageErrors).toEqual([]));

  it('records all 47 events through the forms; the API then reads the import’s figures', async () => {
    await page.goto(`${t.url}/#/cases`);
    await signIn(page, KEYS.recorder, 'recorder');
    const checked = new Set<string>();
    let revision = 0;
    for (const item of EXAMPLE) {
      if (item.type === 'CaseOpened') {
        await openCase(page, item, 'Kazakhstan');
        revision = 0;
        continue;
      }
      if (!checked.has(item.type)) {
        // Each event type's form, empty, once: axe-core on it before it is filled.
        await openEventForm(page, item.type);
        await expectAccessible(page, `${item.type} form`);
        await page.getByRole('button', { name: 'Cancel' }).click();
        checked.add(item.type);
      }
      await recordEvent(page, item, ++revision);
    }
    // 6 cases opened and 41 events recorded, each by one POST of the page's own.
    expect(posts.filter((p) => p === 'POST /cases')).toHaveLength(6);
    expect(posts.filter((p) => p.endsWith('/events'))).toHaveLength(41);

    const read = (app: TestApp, path: string) =>
      app.http.get(path).query({ asOf: DAY }).set(app.bearer('viewer')).expect(200);
    const opinionPath = `/opinions/${encodeURIComponent(OPINION)}`;
    const opinion = (await read(t, opinionPath)).body;
    expect(opinion.custody).toMatchObject({ imprisoned: 3, restricted_freedom: 6 });
    const days = { min: 726, max: 755 };
    expect(opinion.calls).toEqual(
      expect.arrayContaining([
        { call: 'release', status: 'not_implemented', daysOutstanding: days },
        { call: 'compensation', status: 'not_implemented', daysOutstanding: days },
      ]),
    );
    expect(opinion.followUpOverdue).toBe(true);
    // Every figure the import gives, the forms give too.
    for (const path of [opinionPath, '/opinions', `/cases/${CASE}`, '/countries', '/authorities']) {
      expect({ path, body: (await read(t, path)).body }).toEqual({ path, body: (await read(imported, path)).body });
    }
  }, 300_000);

  it('shows the case with its facts, each with a Correct control, and passes axe-core', async () => {
    await page.goto(`${t.url}/#/cases/${CASE}?asOf=${DAY}`);
    await page.locator('h1', { hasText: 'WhatsApp religious discussion group' }).waitFor();
    await page.locator('.fact-list li[data-revision="25"]').waitFor();
    expect(await page.locator('.fact-list li').count()).toBe(26);
    expect(await page.getByRole('button', { name: /^Correct revision/ }).count()).toBe(26);
    await expectAccessible(page, 'case view');

    // The case's earlier sources are offered again, filled in.
    const form = await openEventForm(page, 'StateFollowUpReplied');
    const earlier = form.getByLabel('Cite again');
    const offered = await earlier.locator('option').allTextContents();
    expect(offered).toContain(
      'KAZAKHSTAN: Still jailed despite 2021 UN "immediate" release call · Forum 18 · 2023-09-26',
    );
    await earlier.selectOption({ label: offered[1] });
    await form.getByRole('button', { name: 'Cite it' }).click();
    expect(await form.locator('[name="sources[0].publisher"]').inputValue()).toBe('Forum 18');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await screenshot(page.locator('.record-panel'), 'record-panel', false);
  });
});

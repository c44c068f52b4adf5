/**
 * The dashboard in Chromium when reads need a key: it asks for one, refuses a wrong one, and with a viewer key reads
 * the views and follows the live stream (the key in the Authorization header, never in a URL).
 */
import type { Page } from 'playwright-core';
import { describeInChromium, screenshot } from '../support/chromium';
import { dashboardInChromium, importExample, type DashboardApp } from '../support/dashboard-app';
import { KEYS } from '../support/test-app';

const OPINION = 'A/HRC/WGAD/2021/33';
const CASE = 'kz-whatsapp-group-2018';

describeInChromium('dashboard in Chromium with READS_REQUIRE_KEY=true', () => {
  let t: DashboardApp;
  let page: Page;
  dashboardInChromium((suite) => ({ t, page } = suite), {
    env: { READS_REQUIRE_KEY: 'true' },
    dashboard: { heartbeatMs: 2000 },
    prepare: importExample,
  });

  it('asks for a key, refuses a wrong one, then reads and follows live events with a viewer key', async () => {
    await page.goto(`${t.url}/#/opinions?asOf=2023-09-26`);
    const panel = page.locator('#key-panel');
    await panel.waitFor({ state: 'visible' });
    expect(await page.locator('#key-reason').textContent()).toBe('This server needs an API key to read.');
    expect(await page.locator('tr[data-opinion]').count()).toBe(0);
    await page.locator('#live-status[data-status="key-needed"]').waitFor();
    await screenshot(page, 'key-prompt', false);

    await page.fill('#key-input', 'not-a-key-this-server-knows');
    await page.press('#key-input', 'Enter');
    await page.locator('#key-reason', { hasText: 'That key was not accepted' }).waitFor();

    await page.fill('#key-input', KEYS.viewer);
    await page.click('#key-form button');
    await page.locator(`tr[data-opinion="${OPINION}"] .days`, { hasText: '726–755 days' }).waitFor();
    await panel.waitFor({ state: 'hidden' });
    await page.locator('#live-status[data-status="live"]').waitFor();

    await t.http
      .post(`/cases/${CASE}/events`)
      .set(t.bearer('recorder'))
      .send({ type: 'StateFollowUpReplied', data: { opinionId: OPINION, occurredOn: '2023-09-26' } })
      .expect(201);
    await page.locator('#live-log li[data-type="StateFollowUpReplied"]').waitFor();
    // A reply stops the follow-up being overdue: the grade drops from D to C, live.
    await page.locator(`tr[data-opinion="${OPINION}"] td[data-label="Status"]`, { hasText: 'Grade C' }).waitFor();
    expect(await page.locator(`tr[data-opinion="${OPINION}"] .flag.overdue`).count()).toBe(0);
  });
});

/**
 * The alerts view in Chromium, from stubbed answers so that order, times, links and paging are pinned whatever the
 * server raised: newest first, each linked to its opinion or inquiry, and older pages asked for after the newest 500.
 */
import type { Page } from 'playwright-core';
import { describeInChromium, screenshot, texts } from '../support/chromium';
import { dashboardInChromium, importExample, type DashboardApp } from '../support/dashboard-app';

const OPINION = 'A/HRC/WGAD/2021/33';
const CASE = 'kz-whatsapp-group-2018';

describeInChromium('dashboard alerts in Chromium', () => {
  let t: DashboardApp;
  let page: Page;
  // The links lead to the example's opinion and inquiry.
  dashboardInChromium((suite) => ({ t, page } = suite), {
    dashboard: { heartbeatMs: 2000 },
    prepare: importExample,
    checkPageErrors: true,
  });

  it('lists alerts newest first, each linked to its opinion or inquiry', async () => {
    // A stubbed answer, so the order, the times and every kind of link are pinned whatever the server raised.
    const raised = (rule: string, at: string, about: Record<string, string>) => ({
      alertId: [rule, CASE, ...Object.values(about)].join(':'),
      rule,
      caseId: CASE,
      ...about,
      raisedAt: `2023-09-26T${at}:00.000Z`,
    });
    const alerts = [
      raised('opinion.unimplemented_anniversary', '08:00', { opinionId: OPINION, n: '1' }),
      raised('inquiry.unanswered', '09:30', { inquiryId: 'f18-2023-09-15-gpo' }),
      raised('opinion.follow_up_overdue', '07:00', { opinionId: OPINION }),
    ];
    const asked: string[] = [];
    await page.route(/\/alerts(\?[^/]*)?$/, (route) => {
      asked.push(route.request().url());
      return route.fulfill({ json: { items: alerts, total: alerts.length, nextCursor: null } });
    });
    try {
      // The real alerts (four of them) may show first: leave, come back, and wait for the three.
      await page.goto(`${t.url}/#/opinions`);
      await page.goto(`${t.url}/#/alerts`);
      for (let waited = 0; (await page.locator('li.alert').count()) !== 3 && waited < 10_000; waited += 50) {
        await page.waitForTimeout(50);
      }
      expect(await texts(page, 'li.alert .alert-rule')).toEqual([
        'Inquiry unanswered',
        'Anniversary of an unimplemented opinion (1 year)',
        'Follow-up overdue',
      ]);
      expect(await texts(page, 'li.alert .sub')).toEqual([
        `raised 26 Sep 2023, 09:30 UTC · case ${CASE} · inquiry f18-2023-09-15-gpo`,
        `raised 26 Sep 2023, 08:00 UTC · case ${CASE} · opinion ${OPINION}`,
        `raised 26 Sep 2023, 07:00 UTC · case ${CASE} · opinion ${OPINION}`,
      ]);
      // Years of alerts are hundreds of thousands: the page asks for the newest 500, and says so only when it got them.
      expect(new URL(asked[asked.length - 1]).searchParams.get('limit')).toBe('500');
      expect(await page.locator('[data-alerts="newest"]').count()).toBe(0);
      await screenshot(page, 'alerts-stubbed', true, false);
      await page.click('li.alert[data-rule="inquiry.unanswered"] a[href*="inquiry="]');
      await page.locator('tr.focused[data-inquiry="f18-2023-09-15-gpo"]').waitFor();
      await page.goBack();
      await page.click('li.alert[data-rule="opinion.follow_up_overdue"] a[href*="opinions?"]');
      await page.locator(`tr[data-opinion="${OPINION}"]`).waitFor();
      expect(await page.inputValue('#opinion-search')).toBe(OPINION);
    } finally {
      await page.unroute(/\/alerts(\?[^/]*)?$/);
    }
  });

  it('pages to older alerts from the newest 500, asking for the page after the last one shown', async () => {
    const alert = (revision: number) => ({
      alertId: `inquiry.unanswered:${CASE}:q-${revision}`,
      rule: 'inquiry.unanswered',
      caseId: CASE,
      inquiryId: `q-${revision}`,
      revision,
      raisedAt: new Date(Date.UTC(2023, 8, 26) + revision * 1000).toISOString(),
    });
    const asked: URL[] = [];
    await page.route(/\/alerts(\?[^/]*)?$/, (route) => {
      const url = new URL(route.request().url());
      asked.push(url);
      // Two pages: revisions 999 down to 500, then 499 and 498.
      const older = url.searchParams.get('cursor') === 'after-500';
      const revisions = older ? [499, 498] : Array.from({ length: 500 }, (_, i) => 999 - i);
      return route.fulfill({
        json: { items: revisions.map(alert), total: 502, nextCursor: older ? null : 'after-500' },
      });
    });
    try {
      await page.goto(`${t.url}/#/opinions`);
      await page.goto(`${t.url}/#/alerts`);
      await page.locator('button[data-alerts="older"]').waitFor();
      expect(await page.locator('li.alert').count()).toBe(500);
      expect(await page.locator('p[data-alerts="newest"]').textContent()).toContain('The newest 500 of 502 alerts');
      await page.click('button[data-alerts="older"]');
      for (let waited = 0; (await page.locator('li.alert').count()) !== 502 && waited < 10_000; waited += 50) {
        await page.waitForTimeout(50);
      }
      expect(asked[asked.length - 1].searchParams.get('cursor')).toBe('after-500');
      expect(asked[asked.length - 1].searchParams.get('limit')).toBe('500');
      expect(await texts(page, 'li.alert:last-child .sub')).toEqual([
        `raised 26 Sep 2023, 00:08 UTC · case ${CASE} · inquiry q-498`,
      ]);
      // The last page came with no cursor: nothing older to ask for.
      expect(await page.locator('button[data-alerts="older"]').count()).toBe(0);
    } finally {
      await page.unroute(/\/alerts(\?[^/]*)?$/);
    }
  });
});

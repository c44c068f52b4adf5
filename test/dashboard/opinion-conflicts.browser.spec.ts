/**
 * The dashboard in Chromium when two cases record one opinion differently (a correction in one of them got
 * through): the opinions list says the records disagree, with each value and its cases, and the alert is listed.
 */
import type { Page } from 'playwright-core';
import { alertsSettled } from '../alerts/alerts-support';
import { describeInChromium } from '../support/chromium';
import { dashboardInChromium, type DashboardApp } from '../support/dashboard-app';

const OPINION = 'A/HRC/WGAD/2021/903';

describeInChromium('dashboard in Chromium, an opinion its cases record differently', () => {
  let t: DashboardApp;
  let page: Page;

  dashboardInChromium((suite) => ({ t, page } = suite), {
    dashboard: { heartbeatMs: 2000 },
    prepare: async (app) => {
      const write = (path: string, body: object) =>
        app.http.post(path).set(app.bearer('recorder')).send(body).expect(201);
      const adoption = { opinionId: OPINION, mechanism: 'WGAD', occurredOn: '2021-08-31', calls: ['release'] };
      for (const caseId of ['kz-first-record', 'uz-second-record']) {
        await write('/cases', {
          caseId,
          title: `A case ${caseId}`,
          country: caseId.slice(0, 2).toUpperCase(),
          subjects: [{ personId: 'ann-a', name: 'Ann A' }],
        });
        await write(`/cases/${caseId}/events`, { type: 'UnOpinionAdopted', data: adoption });
      }
      await write('/cases/kz-first-record/events', {
        type: 'EventCorrected',
        data: {
          revision: 1,
          reason: 'the date was misread',
          replacement: { type: 'UnOpinionAdopted', data: { ...adoption, occurredOn: '2021-09-01' } },
        },
      });
      await alertsSettled(app.app);
    },
  });

  it('flags the opinion: the records disagree on the adoption, each value with its case', async () => {
    await page.goto(`${t.url}/#/opinions?asOf=2023-09-26`);
    const row = page.locator(`tr[data-opinion="${OPINION}"]`);
    await row.waitFor();
    expect(await row.locator('.flag.conflict').textContent()).toBe(
      'Records disagree. adopted: 2021-09-01 (kz-first-record) / 2021-08-31 (uz-second-record)',
    );
  });

  it('lists the conflicting-records alert', async () => {
    await page.goto(`${t.url}/#/alerts`);
    const alert = page.locator(`li[data-alert="opinion.conflicting_records:${OPINION}"]`);
    await alert.waitFor();
    expect(await alert.locator('.alert-rule').textContent()).toBe('Opinion recorded differently in several cases');
  });
});

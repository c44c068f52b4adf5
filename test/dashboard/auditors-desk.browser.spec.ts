/**
 * The auditor's desk in Chromium (#/cases/{caseId}/history): a corrected fact flagged and linked to its correction
 * and back, the case replayed as known before the correction (the old value) and after it, what changed between the
 * two, the chain's verification, both exports downloaded; and no desk for a viewer. The case is fictional.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describeInChromium, screenshot, texts } from '../support/chromium';
import { importItems } from '../../src/cases/import/case-import';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { dashboardInChromium, type DashboardApp } from '../support/dashboard-app';
import { KEYS } from '../support/test-app';

const CASE = 'fictional-correction-2019';
const sources = [{ url: 'https://example.org/judgment', title: 'Judgment (fictional)', publisher: 'Example Court' }];

describeInChromium('the auditor’s desk in Chromium', () => {
  let t: DashboardApp;
  let page: Page;

  /** The key as the page keeps it for the session; the reload makes the page start with it. */
  const openWithKey = async (key: string, hash: string) => {
    await page.goto(`${t.url}/`);
    await page.evaluate((k) => sessionStorage.setItem('compliance-ledger.api-key', k), key);
    await page.goto(`${t.url}/${hash}`);
    await page.reload();
  };

  dashboardInChromium((suite) => ({ t, page } = suite), {
    prepare: async (app) => {
      const post = (path: string, body: object) =>
        app.http.post(path).set(app.bearer('recorder')).send(body).expect(201);
      await post('/cases', {
        caseId: CASE,
        title: 'A fictional case: a conviction date corrected',
        country: 'KZ',
        subjects: [
          { personId: 'ana-example', name: 'Ana Example' },
          { personId: 'bo-example', name: 'Bo Example' },
        ],
        sources,
      });
      const events = `/cases/${CASE}/events`;
      await post(events, {
        type: 'PersonArrested',
        data: { personIds: ['ana-example', 'bo-example'], occurredOn: '2019-03', sources },
      });
      const conviction = {
        personId: 'ana-example',
        court: 'City Court (fictional)',
        charges: ['Article 174'],
        sentence: { kind: 'imprisonment' },
        sources,
      };
      await post(events, { type: 'PersonConvicted', data: { ...conviction, occurredOn: '2019-08' } });
      // The correction must be recorded later than the conviction, so that a time lies between them.
      await new Promise((r) => setTimeout(r, 1100));
      await post(events, {
        type: 'EventCorrected',
        data: {
          revision: 2,
          reason: 'The judgment is dated September 2019, not August',
          replacement: { type: 'PersonConvicted', data: { ...conviction, occurredOn: '2019-09' } },
        },
      });
    },
    checkPageErrors: true,
  });

  it('is linked from the case view for an auditor, and shows every event with its metadata', async () => {
    await openWithKey(KEYS.auditor, `#/cases/${CASE}`);
    await page.locator('.audit-link a').click();
    await page.locator('table.history').waitFor();
    expect(page.url()).toContain(`#/cases/${CASE}/history`);
    const rows = page.locator('table.history tbody tr');
    expect(await rows.count()).toBe(4);
    expect(await texts(page, 'table.history tbody th')).toEqual([
      'CaseOpened',
      'PersonArrested',
      'PersonConvicted',
      'EventCorrected',
    ]);
    const conviction = page.locator('#event-2');
    expect(await conviction.locator('td[data-label="Occurred"]').textContent()).toBe('Aug 2019');
    expect(await conviction.locator('td[data-label="Actor"]').textContent()).toBe('recorder-key');
    expect(await conviction.locator('td[data-label="Recorded at"] time').getAttribute('datetime')).toMatch(
      /^\d{4}-\d{2}-\d{2}T/,
    );
    expect(await conviction.locator('td[data-label="Sources"] a').getAttribute('href')).toBe(
      'https://example.org/judgment',
    );
  });

  it('says a corrected event is corrected and links it to its correction, and the correction back', async () => {
    const corrected = page.locator('#event-2 td[data-label="Correction"]');
    expect(await corrected.locator('.flag').textContent()).toBe('corrected');
    await corrected.locator('a[data-goto="3"]').click();
    await page.locator('#event-3.target').waitFor();
    expect(page.url()).toContain('event=3');
    expect(await page.locator(':focus').getAttribute('id')).toBe('event-3');
    const correction = page.locator('#event-3 td[data-label="Correction"]');
    expect(await correction.textContent()).toContain('correction of revision 2');
    expect(await correction.textContent()).toContain('reason: The judgment is dated September 2019, not August');
    await correction.locator('a[data-goto="2"]').click();
    await page.locator('#event-2.target').waitFor();
  });

  it('shows the chain verified, with the event count', async () => {
    const verdict = page.locator('.verification');
    expect(await verdict.getAttribute('data-ok')).toBe('true');
    expect(await verdict.textContent()).toContain('Chain verified: 4 events');
  });

  it('replays the case as known before the correction (the old date), after it, and what changed', async () => {
    await page.locator('#event-2 button', { hasText: 'As known then' }).click();
    const before = await page.locator('#event-2 time').getAttribute('datetime');
    await page.locator(`.replay[data-known-at="${before}"]`).waitFor();
    expect(await page.inputValue('input[name=knownAt]')).toBe(before);
    expect(await texts(page, '.replay-facts tr[data-fact-revision="2"] .occurred')).toEqual(['Aug 2019']);
    expect(await page.locator('.replay .lede').textContent()).toContain('3 events (up to revision 2)');

    const after = await page.locator('#event-3 time').getAttribute('datetime');
    await page.fill('input[name=comparedWith]', before!);
    await page.fill('input[name=knownAt]', after!);
    await page.click('.replay-form button[type=submit]');
    await page.locator(`.replay[data-known-at="${after}"]`).waitFor();
    expect(await texts(page, '.replay-facts tr[data-fact-revision="2"] .occurred')).toEqual(['Sep 2019']);
    expect(await page.locator('.recorded-between').textContent()).toContain('revision 3 (EventCorrected)');
    expect(await page.locator('.known-changes tbody tr').count()).toBe(1);
    expect(await texts(page, '.known-changes tbody tr > *')).toEqual([
      'person ana-example: convicted (revision 2)',
      '2019-08',
      '2019-09',
    ]);
    expect(page.url()).toContain('knownAt=');
    await screenshot(page, 'auditors-desk');
  });

  it('refuses a time it cannot read, saying why', async () => {
    await page.fill('input[name=knownAt]', 'yesterday');
    await page.click('.replay-form button[type=submit]');
    await page.locator('[role=alert]', { hasText: 'knownAt must be an ISO timestamp' }).waitFor();
  });

  it('downloads the JSON and the CSV export', async () => {
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('button[data-export="json"]')]);
    expect(json.suggestedFilename()).toBe(`${CASE}.json`);
    const exported = JSON.parse(readFileSync((await json.path())!, 'utf8')) as {
      caseId: string;
      events: Array<{ revision: number; type: string }>;
    };
    expect(exported.caseId).toBe(CASE);
    expect(exported.events.map((e) => e.type)).toEqual([
      'CaseOpened',
      'PersonArrested',
      'PersonConvicted',
      'EventCorrected',
    ]);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('button[data-export="csv"]')]);
    expect(csv.suggestedFilename()).toBe(`${CASE}.csv`);
    const lines = readFileSync((await csv.path())!, 'utf8')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('revision,eventId,type,recordedAt,actor,prevHash,hash,data,metadata');
    expect(lines).toHaveLength(5);
  });

  it('shows a long history a page at a time, and a link to a row not shown yet loads the pages up to it', async () => {
    const LONG = 'fictional-long-history';
    const items = [
      {
        caseId: LONG,
        type: 'CaseOpened',
        data: {
          title: 'A fictional case asked about many times',
          country: 'KZ',
          subjects: [{ personId: 'cy', name: 'Cy' }],
        },
      },
      ...Array.from({ length: 519 }, (_, i) => ({
        caseId: LONG,
        type: 'InquirySent',
        data: {
          inquiryId: `q${i}`,
          occurredOn: '2023-09-01',
          to: 'A ministry',
          channel: 'email',
          question: `Question ${i}`,
        },
      })),
      // Revision 520 corrects revision 1: the link from row 1 leads past the first page.
      {
        caseId: LONG,
        type: 'EventCorrected',
        data: {
          revision: 1,
          reason: 'sent on the 2nd',
          replacement: {
            type: 'InquirySent',
            data: {
              inquiryId: 'q0',
              occurredOn: '2023-09-02',
              to: 'A ministry',
              channel: 'email',
              question: 'Question 0',
            },
          },
        },
      },
    ];
    const report = await importItems(t.app.get<EventStore>(EVENT_STORE), items, {
      today: '2023-09-26',
      actor: 'import',
      recordedAt: () => new Date().toISOString(),
    });
    expect(report.problems).toEqual([]);
    await openWithKey(KEYS.auditor, `#/cases/${LONG}/history`);
    await page.locator('table.history').waitFor();
    expect(await page.locator('table.history tbody tr').count()).toBe(500);
    expect(await page.locator('p.more').textContent()).toBe('Show the next 21 events (500 of 521 shown)');
    await page.locator('#event-1 a[data-goto="520"]').click();
    await page.locator('#event-520.target').waitFor();
    expect(await page.locator('table.history tbody tr').count()).toBe(521);
    expect(await page.locator('p.more').count()).toBe(0);
  });

  it('shows no desk to a viewer: no link on the case, and the history says who may read it', async () => {
    const refused = page.waitForResponse((r) => r.url().endsWith(`/cases/${CASE}/verify`) && r.status() === 403);
    await openWithKey(KEYS.viewer, `#/cases/${CASE}`);
    await page.locator('tr[data-person]').first().waitFor();
    await refused;
    expect(await page.locator('.audit-link a').count()).toBe(0);
    await page.goto(`${t.url}/#/cases/${CASE}/history`);
    await page.locator('.error[role=alert]', { hasText: 'The history of a case is for auditors' }).waitFor();
  });
});

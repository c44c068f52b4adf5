import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { Metrics } from '../../src/metrics/metrics';
import { ProjectionRunner } from '../../src/read-side/projection-runner';
import { startTestApp, type TestApp } from '../support/test-app';

/** The value of one sample line `name{labels} value` of the exposition, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => present[k] === v)) return Number(match[3]);
  }
  return undefined;
}

describe('metrics', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ READS_REQUIRE_KEY: 'true' })));
  afterAll(() => t.close());

  const scrape = async () => {
    const res = await t.http.get('/metrics').set(t.bearer('viewer'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    return res.text;
  };

  it('needs a key when reads do', async () => {
    expect((await t.http.get('/metrics')).status).toBe(401);
  });

  it('counts events appended by type and times appends', async () => {
    const opened = await t.http
      .post('/cases')
      .set(t.bearer('recorder'))
      .send({ caseId: 'metrics-1', title: 'M', country: 'KZ', subjects: [{ personId: 'p-1', name: 'P' }] });
    expect(opened.status).toBe(201);
    for (let i = 0; i < 2; i++) {
      const added = await t.http
        .post('/cases/metrics-1/events')
        .set(t.bearer('recorder'))
        .send({ type: 'SubjectAdded', data: { personId: `p-${i + 2}`, name: 'Q' } });
      expect(added.status).toBe(201);
    }
    // A repeat with the same Idempotency-Key stores nothing, so it counts once.
    for (let i = 0; i < 2; i++) {
      await t.http
        .post('/cases/metrics-1/events')
        .set({ ...t.bearer('recorder'), 'Idempotency-Key': 'same-1' })
        .send({ type: 'SubjectAdded', data: { personId: 'p-9', name: 'R' } });
    }
    const text = await scrape();
    expect(sample(text, 'ledger_events_appended_total', { type: 'CaseOpened' })).toBe(1);
    expect(sample(text, 'ledger_events_appended_total', { type: 'SubjectAdded' })).toBe(3);
    expect(sample(text, 'ledger_append_duration_seconds_count', { outcome: 'written' })).toBe(4);
    expect(sample(text, 'ledger_append_duration_seconds_sum', { outcome: 'written' })).toBeGreaterThan(0);
  });

  it('times HTTP requests by route template, not by URL', async () => {
    await t.http.get('/cases/metrics-1').set(t.bearer('viewer'));
    await t.http.get('/cases/no-such-case').set(t.bearer('viewer'));
    await t.http.get('/nowhere').set(t.bearer('viewer'));
    const text = await scrape();
    const route = { method: 'GET', route: '/cases/:caseId' };
    expect(sample(text, 'http_request_duration_seconds_count', { ...route, status: '200' })).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_count', { ...route, status: '404' })).toBe(1);
    // Two events and the two answers to the same Idempotency-Key.
    expect(sample(text, 'http_request_duration_seconds_count', { route: '/cases/:caseId/events', status: '201' })).toBe(
      4,
    );
    expect(sample(text, 'http_request_duration_seconds_count', { route: 'unmatched', status: '404' })).toBe(1);
    expect(text).not.toMatch(/route="\/cases\/metrics-1"/);
  });

  it('offers helpers for alerts raised and webhook deliveries and failures', async () => {
    const metrics = t.app.get(Metrics);
    metrics.alertRaised('inquiry_unanswered');
    metrics.alertRaised('inquiry_unanswered');
    metrics.webhookAttempted('delivered', 0.05);
    metrics.webhookAttempted('failed', 2, '500');
    metrics.webhookAttempted('failed', 5, 'timeout');
    const text = await scrape();
    expect(sample(text, 'ledger_alerts_raised_total', { kind: 'inquiry_unanswered' })).toBe(2);
    expect(sample(text, 'ledger_webhook_deliveries_total', { outcome: 'delivered' })).toBe(1);
    expect(sample(text, 'ledger_webhook_deliveries_total', { outcome: 'failed' })).toBe(2);
    expect(sample(text, 'ledger_webhook_failures_total', { reason: '500' })).toBe(1);
    expect(sample(text, 'ledger_webhook_failures_total', { reason: 'timeout' })).toBe(1);
    expect(sample(text, 'ledger_webhook_delivery_duration_seconds_count', { outcome: 'failed' })).toBe(2);
  });

  it('reports projection lag in events and seconds', async () => {
    const caughtUp = await scrape();
    expect(sample(caughtUp, 'ledger_projection_lag_events', { projection: 'case-files' })).toBe(0);
    expect(sample(caughtUp, 'ledger_projection_lag_seconds', { projection: 'case-files' })).toBe(0);
    await t.app.get(ProjectionRunner).onApplicationShutdown();
    const store = t.app.get<EventStore>(EVENT_STORE);
    for (let n = 0; n < 3; n++) {
      await store.appendToStream(`lagging-${n}`, [{ eventId: randomUUID(), type: 'Probe', data: { n } }]);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    const behind = await scrape();
    expect(sample(behind, 'ledger_projection_lag_events', { projection: 'case-files' })).toBe(3);
    expect(sample(behind, 'ledger_projection_lag_seconds', { projection: 'case-files' })).toBeGreaterThan(0.04);
    expect(sample(behind, 'ledger_events_appended_total', { type: 'Probe' })).toBe(3);
    expect(sample(behind, 'ledger_process_cpu_seconds_total')).toBeGreaterThan(0);
  });
});

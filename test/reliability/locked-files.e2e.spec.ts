import { join } from 'node:path';
import Database from 'better-sqlite3';
import { eventually } from '../alerts/alerts-support';
import { openBody, VALID } from '../cases/e2e-helpers';
import { startTestApp, type TestApp } from '../support/test-app';
import { report, sleep } from './reliability-support';

/**
 * Another connection holds the write lock of a file the event loop writes to: the webhook outbox (an instance
 * sharing it, a backup tool) and the read models (their writer thread mid-commit, or another process). SQLite's
 * busy wait ran inside the synchronous call, on the event loop: every request waited up to the 10 s busy timeout.
 * Writes there now refuse at once and are tried again between turns of the event loop (src/event-store/sqlite-busy.ts).
 */
describe('files locked by another connection while alerts are raised (issue 27, "a write waiting for the lock")', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('keeps answering /health while the outbox and the read models are locked, and enqueues once they are free', async () => {
    t = await startTestApp({
      RATE_LIMIT_PER_MINUTE: '0',
      ALERT_WEBHOOK_URLS: 'http://127.0.0.1:9/hook',
      ALERT_WEBHOOK_SECRET: 'a-webhook-secret-7Hq2xPz9wK',
    });
    const lockers = ['webhook-outbox.db', 'read-models.db'].map((file) => new Database(join(t.dir, file)));
    lockers.forEach((db) => db.exec('BEGIN IMMEDIATE'));
    const health: number[] = [];
    let recorded = 0;
    try {
      // An opinion adopted long ago: its follow-up is overdue, so alerts are raised and must reach the outbox.
      await t.http.post('/cases').set(t.bearer('recorder')).send(openBody('locked-files')).expect(201);
      const opinion = t.http
        .post('/cases/locked-files/events')
        .set(t.bearer('recorder'))
        .send({ type: 'UnOpinionAdopted', data: VALID.UnOpinionAdopted })
        .then((res) => (recorded = res.status));
      for (let i = 0; i < 30; i++) {
        const started = performance.now();
        expect((await t.http.get('/health')).status).toBe(200);
        health.push(performance.now() - started);
        await sleep(50);
      }
      await opinion;
    } finally {
      lockers.forEach((db) => (db.exec('ROLLBACK'), db.close()));
    }
    expect(recorded).toBe(201);
    const deliveries = await eventually(async () => {
      const list = await t.http.get('/alerts/deliveries').set(t.bearer('admin'));
      return list.body.length > 0 && list.body;
    }, 'the alerts enqueued once the outbox was free');
    report('locked-files', {
      healthMaxMs: Math.round(Math.max(...health)),
      probes: health.length,
      enqueued: deliveries.length,
    });
    // Before: the first probe after the alert waited the whole busy timeout (10 s); now the lock costs it nothing
    // (117-183 ms seen at a load average of 15, all of it the machine's). A third of the timeout leaves room for load.
    expect(Math.max(...health)).toBeLessThan(3000);
  }, 60_000);
});

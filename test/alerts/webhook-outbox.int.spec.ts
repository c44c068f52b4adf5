import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { positionOf } from '../../src/event-store/position';
import { WebhookOutbox, type NewDelivery } from '../../src/webhooks/webhook-outbox.db';

const A = 'http://a.example/hook';
const B = 'http://b.example/hook';

const delivery = (n: number, url: string): NewDelivery => ({
  deliveryId: `d-${n}-${url}`,
  alertId: `alert-${n}`,
  url,
  body: `{"n":${n}}`,
  position: positionOf(n),
});

/** The outbox file as two instances share it: checkpoints per URL, idempotent enqueueing, leases. */
describe('WebhookOutbox (SQLite file shared by two instances)', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'ledger-outbox-')), 'webhook-outbox.db');
  const one = new WebhookOutbox(path);
  const two = new WebhookOutbox(path);
  afterAll(() => {
    one.close();
    two.close();
  });

  it('enqueues each delivery once, moves checkpoints only forwards, and resumes after the lowest', async () => {
    expect(one.resumeAfter([A, B])).toBe('start');
    expect(
      await one.enqueue([delivery(1, A), delivery(1, B), delivery(2, A), delivery(2, B)], [A, B], positionOf(5), 0),
    ).toBe(4);
    // The other instance, behind, feeds the same events: nothing new, and the checkpoints stay at 5.
    expect(await two.enqueue([delivery(1, A), delivery(1, B)], [A, B], positionOf(3), 0)).toBe(0);
    expect(two.resumeAfter([A, B])).toEqual(positionOf(5));
    // A URL configured later has no checkpoint: the feed starts over for it, and only it gets the old alerts.
    const C = 'http://c.example/hook';
    expect(one.resumeAfter([A, C])).toBe('start');
    expect(
      await one.enqueue([delivery(1, A), delivery(1, C), delivery(6, A), delivery(6, C)], [A, C], positionOf(6), 0),
    ).toBe(3);
    expect(one.list({ limit: 100 }).map((d) => d.deliveryId)).toEqual([
      `d-6-${C}`,
      `d-6-${A}`,
      `d-1-${C}`,
      `d-2-${B}`,
      `d-2-${A}`,
      `d-1-${B}`,
      `d-1-${A}`,
    ]);
  });

  it('leases a due delivery to one instance at a time, and to another once the lease runs out', async () => {
    const first = await one.claim('one', [A], 1000, 500, 10);
    expect(first.map((d) => d.deliveryId)).toEqual([`d-1-${A}`, `d-2-${A}`, `d-6-${A}`]);
    expect(await two.claim('two', [A], 1200, 500, 10)).toEqual([]);
    // The first holder stalled past its lease: the second takes over, and the late outcome is not recorded.
    expect((await two.claim('two', [A], 1501, 500, 1)).map((d) => d.deliveryId)).toEqual([`d-1-${A}`]);
    expect(await one.markDelivered(`d-1-${A}`, 'one', 200, 1600)).toBe(false);
    expect(await two.markDelivered(`d-1-${A}`, 'two', 200, 1600)).toBe(true);
    expect(one.get(`d-1-${A}`)).toMatchObject({ status: 'delivered', attempts: 1, leasedBy: null });
  });

  it('schedules a failed attempt, marks it dead when told, and gives leases back on shutdown', async () => {
    const retryAt5000 = { error: 'answered 503', statusCode: 503, nextAttemptAt: 5000 };
    expect(await one.markFailed(`d-2-${A}`, 'one', retryAt5000, 1700)).toBe(true);
    expect(one.get(`d-2-${A}`)).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: 5000,
      lastStatusCode: 503,
    });
    expect((await one.claim('one', [A], 2000, 10_000, 10)).map((d) => d.deliveryId)).toEqual([`d-6-${A}`]);
    expect(two.nextDueAt([A])).toBe(5000);
    expect(await two.claim('two', [A], 3000, 500, 10)).toEqual([]);
    await one.releaseAll('one');
    expect((await two.claim('two', [A], 3000, 500, 10)).map((d) => d.deliveryId)).toEqual([`d-6-${A}`]);
    expect(await two.markFailed(`d-6-${A}`, 'two', { error: 'refused' }, 3100)).toBe(true);
    expect(two.get(`d-6-${A}`)).toMatchObject({ status: 'dead', attempts: 1, lastError: 'refused' });
    expect(one.list({ status: 'dead', limit: 10 }).map((d) => d.deliveryId)).toEqual([`d-6-${A}`]);
  });

  it('sends only to URLs still configured, and requeues on demand unless in flight', async () => {
    expect((await one.claim('one', [B], 6000, 500, 10)).map((d) => d.url)).toEqual([B, B]);
    expect(await one.redeliver(`d-1-${B}`, 6100)).toBe('in_flight');
    await one.releaseAll('one');
    expect(await one.redeliver(`d-6-${A}`, 6100)).toMatchObject({
      status: 'pending',
      attempts: 0,
      nextAttemptAt: 6100,
    });
    expect(await one.redeliver('nope', 6100)).toBe('not_found');
  });
});

import type { AlertRaised } from '../../projections/alerts/alert.events';
import { ALERTS_STREAM } from '../../projections/alerts/alert.events';
import { InMemoryEventStore } from '../event-store/in-memory.event-store';
import { Metrics } from '../metrics/metrics';
import type { Clock } from '../time/clock';
import { AlertLedger } from './alert-ledger';

const clock = { now: () => new Date('2023-09-26T00:00:00Z') } as Clock;

const inquiryAlert = (n: number): AlertRaised =>
  ({
    alertId: `inquiry.unanswered:case-${n}:inq-${n}`,
    rule: 'inquiry.unanswered',
    caseId: `case-${n}`,
    country: 'KZ',
    asOf: '2023-09-26',
  }) as unknown as AlertRaised;

const alerts = (from: number, count: number) => Array.from({ length: count }, (_, i) => inquiryAlert(from + i));

async function storedIds(store: InMemoryEventStore): Promise<string[]> {
  const events = await store.readStream(ALERTS_STREAM);
  return events.map((e) => (e.data as { alertId: string }).alertId);
}

describe('AlertLedger', () => {
  it('stores many alerts once each, in appends of at most 200, and none of them again', async () => {
    const store = new InMemoryEventStore();
    const append = jest.spyOn(store, 'appendToStream');
    const ledger = new AlertLedger(store, clock, new Metrics());
    const due = alerts(0, 450);

    expect(await ledger.raise([...due, ...due.slice(0, 10)])).toHaveLength(450);
    expect(append.mock.calls.map(([, events]) => events.length)).toEqual([200, 200, 50]);
    expect(await ledger.raise(due)).toEqual([]);
    expect(await storedIds(store)).toEqual(due.map((a) => a.alertId));
  });

  it('seeded with what a read model knows, reads only the stream after it', async () => {
    const store = new InMemoryEventStore();
    await new AlertLedger(store, clock, new Metrics()).raise(alerts(0, 300));
    const read = jest.spyOn(store, 'readStream');
    const restarted = new AlertLedger(store, clock, new Metrics());
    // The read model is behind: it knows the first 250 (revisions 0..249), the stream holds 300.
    // It hands its ids over in pages of the size the ledger asks for.
    const known = alerts(0, 250).map((a) => a.alertId);
    const pages = (size: number) =>
      Array.from({ length: Math.ceil(known.length / size) }, (_, i) => known.slice(i * size, (i + 1) * size));
    restarted.seed((size) => ({ alertIds: pages(Math.min(size, 100)), revision: 249 }));

    expect(await restarted.raise(alerts(0, 310))).toEqual(alerts(300, 10));
    expect(read.mock.calls[0][1]).toMatchObject({ fromRevision: 250 });
    expect(await storedIds(store)).toEqual(alerts(0, 310).map((a) => a.alertId));
  });

  it('loses a race to another instance between two chunks and stores each alert once', async () => {
    const store = new InMemoryEventStore();
    const mine = new AlertLedger(store, clock, new Metrics());
    const theirs = new AlertLedger(store, clock, new Metrics());
    const due = alerts(0, 500);
    const append = store.appendToStream.bind(store);
    let calls = 0;
    jest.spyOn(store, 'appendToStream').mockImplementation(async (...args) => {
      // After my first chunk (0..199) lands, the other instance raises 150..259: it finds 150..199 stored and
      // appends 200..259, which I was about to append.
      if (calls++ === 1) await theirs.raise(due.slice(150, 260));
      return append(...args);
    });

    const stored = await mine.raise(due);
    const ids = await storedIds(store);
    expect(new Set(ids).size).toBe(500);
    expect(ids).toHaveLength(500);
    expect(stored.map((a) => a.alertId)).toEqual([...due.slice(0, 200), ...due.slice(260)].map((a) => a.alertId));
    expect(mine.racesLost).toBe(1);
  });
});

import { randomUUID } from 'node:crypto';
import type { EventStore, EventToAppend, StoredEvent, SubscriptionBatch } from '../../src/event-store/event-store.port';
import { StreamNotFoundError, WrongExpectedRevisionError } from '../../src/event-store/event-store.errors';
import { comparePositions } from '../../src/event-store/position';
import { findChainBreak, GENESIS_HASH } from '../../src/event-store/hash-chain';

/**
 * The behaviour every event-store adapter must show. Each adapter's `*.int.spec.ts` calls this
 * with a factory that opens a fresh, empty store (and optionally reopens the same one).
 */
export interface ContractTarget {
  open(): Promise<EventStore>;
  /** Stores whose events survive a restart. */
  reopen?(previous: EventStore): Promise<EventStore>;
}

let counter = 0;
export const uniqueStream = (prefix = 'case') => `${prefix}-${process.pid}-${Date.now()}-${++counter}`;
export const anEvent = (type = 'Something', data: Record<string, unknown> = { n: 1 }): EventToAppend => ({
  eventId: randomUUID(),
  type,
  data: data as EventToAppend['data'],
  metadata: { actor: 'contract' },
});
const events = (n: number, type = 'Numbered') => Array.from({ length: n }, (_, i) => anEvent(type, { i }));

async function expectWrongRevision(promise: Promise<unknown>, actual: number | 'no_stream') {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  expect((error as WrongExpectedRevisionError).actual).toEqual(actual);
}

/** Reads a subscription until `until` says stop, then closes it. */
export async function collect(
  store: EventStore,
  options: Parameters<EventStore['subscribeToAll']>[0],
  until: (seen: StoredEvent[], batch: SubscriptionBatch) => boolean,
  timeoutMs = 10_000,
): Promise<StoredEvent[]> {
  const subscription = store.subscribeToAll(options);
  const seen: StoredEvent[] = [];
  const timer = setTimeout(() => void subscription.close(), timeoutMs);
  try {
    for await (const batch of subscription) {
      seen.push(...batch.events);
      if (until(seen, batch)) break;
    }
  } finally {
    clearTimeout(timer);
    await subscription.close();
  }
  return seen;
}

export function describeEventStoreContract(name: string, target: ContractTarget): void {
  describe(`event store contract: ${name}`, () => {
    let store: EventStore;
    beforeAll(async () => {
      store = await target.open();
    });
    afterAll(async () => {
      await store?.close();
    });

    describe('expected revision', () => {
      it('no_stream appends to a new stream and refuses an existing one', async () => {
        const stream = uniqueStream();
        const first = await store.appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' });
        expect(first.nextExpectedRevision).toBe(0);
        await expectWrongRevision(store.appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' }), 0);
      });

      it('stream_exists refuses a missing stream and appends to an existing one', async () => {
        const stream = uniqueStream();
        await expectWrongRevision(
          store.appendToStream(stream, [anEvent()], { expectedRevision: 'stream_exists' }),
          'no_stream',
        );
        await store.appendToStream(stream, [anEvent()]);
        const next = await store.appendToStream(stream, [anEvent()], { expectedRevision: 'stream_exists' });
        expect(next.nextExpectedRevision).toBe(1);
      });

      it('any appends wherever the stream is', async () => {
        const stream = uniqueStream();
        expect(
          (await store.appendToStream(stream, [anEvent()], { expectedRevision: 'any' })).nextExpectedRevision,
        ).toBe(0);
        expect((await store.appendToStream(stream, events(2), { expectedRevision: 'any' })).nextExpectedRevision).toBe(
          2,
        );
      });

      it('an exact revision appends only at that revision and reports the actual one', async () => {
        const stream = uniqueStream();
        await expectWrongRevision(store.appendToStream(stream, [anEvent()], { expectedRevision: 0 }), 'no_stream');
        await store.appendToStream(stream, events(3));
        await expectWrongRevision(store.appendToStream(stream, [anEvent()], { expectedRevision: 1 }), 2);
        await expectWrongRevision(store.appendToStream(stream, [anEvent()], { expectedRevision: 5 }), 2);
        const ok = await store.appendToStream(stream, [anEvent()], { expectedRevision: 2 });
        expect(ok.nextExpectedRevision).toBe(3);
      });

      it('a refused append writes nothing', async () => {
        const stream = uniqueStream();
        await store.appendToStream(stream, events(2));
        await expectWrongRevision(store.appendToStream(stream, events(3), { expectedRevision: 0 }), 1);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('of concurrent appends at one revision exactly one wins', async () => {
        const stream = uniqueStream();
        await store.appendToStream(stream, [anEvent()]);
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, () => store.appendToStream(stream, [anEvent()], { expectedRevision: 0 })),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results.filter((r) => r.status === 'rejected')) {
          expect((r as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
        }
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('concurrent appends with any all land, each atomically, revisions without gaps', async () => {
        const stream = uniqueStream();
        const batches = Array.from({ length: 20 }, (_, b) =>
          Array.from({ length: 3 }, (_, i) => anEvent('Batch', { b, i })),
        );
        await Promise.all(batches.map((batch) => store.appendToStream(stream, batch)));
        const stored = await store.readStream(stream);
        expect(stored.map((e) => e.revision)).toEqual(Array.from({ length: 60 }, (_, i) => i));
        for (let k = 0; k < 60; k += 3) {
          const b = (stored[k].data as { b: number }).b;
          expect(stored.slice(k, k + 3).map((e) => e.data)).toEqual([0, 1, 2].map((i) => ({ b, i })));
        }
      });
    });

    describe('idempotent re-append', () => {
      it('the same event ids at the same place succeed without writing twice', async () => {
        const stream = uniqueStream();
        const batch = events(3);
        const first = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
        const again = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
        expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(comparePositions(again.position, first.position)).toBe(0);
        expect(again.written).toBe(false);
        const more = events(1);
        await store.appendToStream(stream, more, { expectedRevision: 2 });
        expect((await store.appendToStream(stream, more, { expectedRevision: 2 })).written).toBe(false);
        expect((await store.appendToStream(stream, more, { expectedRevision: 'any' })).written).toBe(false);
        expect(await store.readStream(stream)).toHaveLength(4);
      });
    });

    describe('reading a stream', () => {
      it('reads forwards and backwards from a revision with a limit', async () => {
        const stream = uniqueStream();
        await store.appendToStream(stream, events(10));
        const revisions = (list: StoredEvent[]) => list.map((e) => e.revision);
        expect(revisions(await store.readStream(stream))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(revisions(await store.readStream(stream, { fromRevision: 4, maxCount: 3 }))).toEqual([4, 5, 6]);
        expect(revisions(await store.readStream(stream, { direction: 'backwards', maxCount: 3 }))).toEqual([9, 8, 7]);
        expect(revisions(await store.readStream(stream, { direction: 'backwards', fromRevision: 2 }))).toEqual([
          2, 1, 0,
        ]);
      });

      it('stored events carry id, stream, revision, position, type, data, metadata and recordedAt', async () => {
        const stream = uniqueStream();
        const event = anEvent('PersonArrested', { personIds: ['a-b'], occurredOn: '2018-10' });
        const before = Date.now();
        await store.appendToStream(stream, [event]);
        const [stored] = await store.readStream(stream);
        expect(stored).toMatchObject({
          eventId: event.eventId,
          stream,
          revision: 0,
          type: 'PersonArrested',
          data: event.data,
        });
        expect(stored.metadata).toMatchObject({ actor: 'contract', prevHash: GENESIS_HASH });
        expect(typeof stored.position.commit).toBe('bigint');
        expect(stored.recordedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
        expect(stored.recordedAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
      });

      it('a missing stream is a StreamNotFoundError, and does not exist', async () => {
        const stream = uniqueStream('missing');
        await expect(store.readStream(stream)).rejects.toBeInstanceOf(StreamNotFoundError);
        expect(await store.streamExists(stream)).toBe(false);
        await store.appendToStream(stream, [anEvent()]);
        expect(await store.streamExists(stream)).toBe(true);
      });

      it('keeps unicode and large payloads intact', async () => {
        const stream = uniqueStream();
        const text = 'Жасулан Искаков · قضية · 🕊️ · "quotes" \\ back\u2028slash';
        const big = 'x'.repeat(1_000_000);
        await store.appendToStream(stream, [
          anEvent('Unicode', { text, nested: { list: [1, 2.5, null, true] } }),
          anEvent('Big', { big }),
        ]);
        const [unicode, large] = await store.readStream(stream);
        expect(unicode.data).toEqual({ text, nested: { list: [1, 2.5, null, true] } });
        expect((large.data as { big: string }).big).toHaveLength(1_000_000);
      });

      it('takes 10k events in one append, atomically', async () => {
        const stream = uniqueStream();
        const result = await store.appendToStream(stream, events(10_000));
        expect(result.nextExpectedRevision).toBe(9_999);
        const stored = await store.readStream(stream, { fromRevision: 9_990 });
        expect(stored.map((e) => (e.data as { i: number }).i)).toEqual([
          9990, 9991, 9992, 9993, 9994, 9995, 9996, 9997, 9998, 9999,
        ]);
      });
    });

    describe('hash chain', () => {
      it('links every event of a stream to the one before it, across appends', async () => {
        const stream = uniqueStream();
        await store.appendToStream(stream, events(3));
        await store.appendToStream(stream, events(2));
        const stored = await store.readStream(stream);
        expect(findChainBreak(stored)).toBeUndefined();
        expect(stored[1].metadata.prevHash).toBe(stored[0].metadata.hash);
      });
    });

    describe('$all', () => {
      it('reads every stream in global order, after a position, both directions', async () => {
        const a = uniqueStream('a');
        const b = uniqueStream('b');
        await store.appendToStream(a, [anEvent('A0')]);
        await store.appendToStream(b, [anEvent('B0')]);
        await store.appendToStream(a, [anEvent('A1')]);
        const head = await store.readAll({ direction: 'backwards', maxCount: 3 });
        expect(head.map((e) => e.type)).toEqual(['A1', 'B0', 'A0']);
        const all = await store.readAll({ after: 'start', maxCount: 1_000_000 });
        const mine = all
          .filter((e) => e.stream === a || e.stream === b)
          .map((e) => `${e.stream === a ? 'a' : 'b'}${e.revision}`);
        expect(mine).toEqual(['a0', 'b0', 'a1']);
        for (let i = 1; i < all.length; i++) expect(comparePositions(all[i - 1].position, all[i].position)).toBe(-1);
        const afterFirst = await store.readAll({ after: head[2].position });
        expect(afterFirst.map((e) => e.type)).toEqual(['B0', 'A1']);
        const backwardsBefore = await store.readAll({ direction: 'backwards', after: head[0].position, maxCount: 2 });
        expect(backwardsBefore.map((e) => e.type)).toEqual(['B0', 'A0']);
        expect(comparePositions((await store.headPosition())!, head[0].position)).toBe(0);
      });
    });

    describe('subscription to $all', () => {
      it('catches up, then delivers live appends with no gap and no duplicate across the switch', async () => {
        const stream = uniqueStream('sub');
        const start = await store.headPosition();
        await store.appendToStream(stream, events(5, 'Before'));
        const subscription = store.subscribeToAll({ after: start ?? 'start', maxBatch: 2 });
        const seen: StoredEvent[] = [];
        let caughtUp = false;
        let writer: Promise<unknown> | undefined;
        const timer = setTimeout(() => void subscription.close(), 10_000);
        for await (const batch of subscription) {
          seen.push(...batch.events.filter((e) => e.stream === stream));
          if (batch.caughtUp && !caughtUp) {
            caughtUp = true;
            // writes racing the switch from catch-up to live
            writer = (async () => {
              for (let i = 0; i < 5; i++) await store.appendToStream(stream, [anEvent('Live', { i })]);
            })();
          }
          if (seen.length >= 10) break;
        }
        clearTimeout(timer);
        await subscription.close();
        await writer;
        expect(seen.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(new Set(seen.map((e) => e.eventId)).size).toBe(10);
      });

      it('resumes after a checkpoint without repeating it', async () => {
        const stream = uniqueStream('resume');
        await store.appendToStream(stream, events(6));
        const all = await store.readStream(stream);
        const checkpoint = all[2].position;
        const seen = await collect(
          store,
          { after: checkpoint },
          (s) => s.filter((e) => e.stream === stream).length >= 3,
        );
        expect(seen.filter((e) => e.stream === stream).map((e) => e.revision)).toEqual([3, 4, 5]);
      });

      it('ends its iteration when closed while waiting', async () => {
        const subscription = store.subscribeToAll({ after: (await store.headPosition()) ?? 'start' });
        const done = (async () => {
          for await (const batch of subscription) void batch;
          return 'ended';
        })();
        await new Promise((r) => setTimeout(r, 50));
        await subscription.close();
        await expect(done).resolves.toBe('ended');
      });
    });

    if (target.reopen) {
      it('keeps everything it acknowledged after a reopen', async () => {
        const stream = uniqueStream('durable');
        await store.appendToStream(stream, events(4));
        store = await target.reopen!(store);
        const stored = await store.readStream(stream);
        expect(stored).toHaveLength(4);
        expect(findChainBreak(stored)).toBeUndefined();
        expect((await store.appendToStream(stream, [anEvent()], { expectedRevision: 3 })).nextExpectedRevision).toBe(4);
      });
    }
  });
}

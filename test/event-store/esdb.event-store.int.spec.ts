import {
  EventStoreDBClient,
  jsonEvent,
  StreamNotFoundError as EsdbStreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { EsdbEventStore, type EsdbEventStoreOptions } from '../../src/event-store/esdb.event-store';
import { toPortError, toRevision } from '../../src/event-store/esdb.mapping';
import {
  StoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../../src/event-store/event-store.errors';
import type { EventStore, EventToAppend, StoredEvent } from '../../src/event-store/event-store.port';
import { findChainBreak } from '../../src/event-store/hash-chain';
import { comparePositions, formatPosition, parsePosition } from '../../src/event-store/position';
import { startEsdbTestServer, type EsdbTestServer, type EsdbTestServerOptions } from '../esdb/esdb-test-server';
import { anEvent, collect, describeEventStoreContract, uniqueStream } from './event-store.contract';

const external = process.env.ESDB_CONNECTION_STRING;
// Fast resubscription keeps the drop tests short; production keeps the defaults.
const storeOptions: EsdbEventStoreOptions = { reconnect: { delayMs: 20, maxDelayMs: 200 } };
// EventStoreDB refuses appends over MaxAppendSize (1 MiB by default); the contract's 10k-event
// append is ~1.9 MB, so a server running it needs a larger MaxAppendSize, as this one gets.
const CONTRACT_MAX_APPEND = 16 * 1024 * 1024;

function withTestServer(options: EsdbTestServerOptions, body: (server: () => EsdbTestServer) => void): void {
  let server: EsdbTestServer | undefined;
  beforeAll(async () => {
    server = await startEsdbTestServer(options);
  });
  afterAll(async () => {
    await server?.stop();
  });
  body(() => server!);
}

/** What a caller does with StoreUnavailableError: try again, same ids at the same revision (idempotent). */
async function appendRetrying(store: EventStore, stream: string, events: EventToAppend[], expectedRevision: number) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.appendToStream(stream, events, { expectedRevision });
    } catch (error) {
      if (!(error instanceof StoreUnavailableError) || attempt === 3) throw error;
    }
  }
}

const contractTarget = (connectionString: () => string) => ({
  open: async () => new EsdbEventStore(connectionString(), storeOptions),
  reopen: async (previous: EventStore) => {
    await previous.close();
    return new EsdbEventStore(connectionString(), storeOptions);
  },
});

if (external) {
  console.info('EsdbEventStore contract: running against the real EventStoreDB at ESDB_CONNECTION_STRING');
  describeEventStoreContract(
    'EventStoreDB (real server from ESDB_CONNECTION_STRING)',
    contractTarget(() => external),
  );
} else {
  describe('EsdbEventStore on the in-process test server, BatchAppend advertised', () => {
    withTestServer({ batchAppend: true, maxAppendSize: CONTRACT_MAX_APPEND }, (server) => {
      describeEventStoreContract(
        'EventStoreDB test server (BatchAppend)',
        contractTarget(() => server().connectionString),
      );
    });
  });

  describe('EsdbEventStore on the in-process test server, plain Append, positions above 2^53', () => {
    withTestServer({ batchAppend: false, positionOffset: 2n ** 60n, maxAppendSize: CONTRACT_MAX_APPEND }, (server) => {
      describeEventStoreContract(
        'EventStoreDB test server (Append, 64-bit positions)',
        contractTarget(() => server().connectionString),
      );
    });
  });
}

// These need the test server's hooks (drops, system noise, size limits), so they skip a real server.
const onTestServer = external ? describe.skip : describe;

onTestServer.each([{ batchAppend: true }, { batchAppend: false }])(
  'EsdbEventStore specifics on the test server (batchAppend: $batchAppend)',
  ({ batchAppend }) => {
    withTestServer({ batchAppend, positionOffset: 2n ** 60n + 7n }, (server) => {
      let store: EsdbEventStore;
      beforeAll(() => {
        store = new EsdbEventStore(server().connectionString, storeOptions);
      });
      afterAll(async () => {
        await store.close();
      });
      const isUser = (e: StoredEvent) => !e.stream.startsWith('$') && !e.type.startsWith('$');

      it('skips system events in readAll, headPosition and subscriptions, though $all holds them', async () => {
        const raw = EventStoreDBClient.connectionString(server().connectionString);
        const rawTypes: string[] = [];
        for await (const resolved of raw.readAll({ maxCount: 1000 })) rawTypes.push(resolved.event?.streamId ?? '');
        await raw.dispose();
        expect(rawTypes.some((s) => s.startsWith('$projections-'))).toBe(true);

        const stream = uniqueStream('sys');
        const start = await store.headPosition();
        await store.appendToStream(stream, [anEvent('First')]);
        server().appendSystemEvents(200);
        const { position: last } = await store.appendToStream(stream, [anEvent('Second')]);
        server().appendSystemEvents(200);

        const all = await store.readAll();
        expect(all.every(isUser)).toBe(true);
        expect(all.filter((e) => e.stream === stream).map((e) => e.type)).toEqual(['First', 'Second']);
        expect(comparePositions((await store.headPosition())!, last)).toBe(0);
        const [newest] = await store.readAll({ direction: 'backwards', maxCount: 1 });
        expect(newest.type).toBe('Second');

        const seen = await collect(store, { after: start ?? 'start' }, (s) => s.some((e) => e.type === 'Second'));
        expect(seen.every(isUser)).toBe(true);
        expect(seen.filter((e) => e.stream === stream).map((e) => e.type)).toEqual(['First', 'Second']);
      });

      it('delivers live events past system noise without handing the noise over', async () => {
        const stream = uniqueStream('live');
        const subscription = store.subscribeToAll({ after: (await store.headPosition()) ?? 'start' });
        const seen: StoredEvent[] = [];
        let wrote = false;
        for await (const batch of subscription) {
          seen.push(...batch.events);
          if (batch.caughtUp && !wrote) {
            wrote = true;
            server().appendSystemEvents(50);
            await store.appendToStream(stream, [anEvent('Live')]);
            server().appendSystemEvents(50);
            await store.appendToStream(stream, [anEvent('Live')]);
          }
          if (seen.filter((e) => e.stream === stream).length >= 2) break;
        }
        expect(seen.every(isUser)).toBe(true);
        expect(seen.filter((e) => e.stream === stream).map((e) => e.revision)).toEqual([0, 1]);
      });

      it('resumes a subscription dropped in catch-up and again when live, without gap or duplicate', async () => {
        const stream = uniqueStream('drop');
        const start = await store.headPosition();
        for (let i = 0; i < 5; i++) {
          await store.appendToStream(
            stream,
            Array.from({ length: 100 }, (_, j) => anEvent('Backlog', { n: i * 100 + j })),
          );
        }
        server().dropNextSubscriptionAfter(137);
        server().dropNextSubscriptionAfter(41);
        const subscription = store.subscribeToAll({ after: start ?? 'start', maxBatch: 25 });
        const seen: StoredEvent[] = [];
        let live = 0;
        const timer = setTimeout(() => void subscription.close(), 15_000);
        for await (const batch of subscription) {
          seen.push(...batch.events.filter((e) => e.stream === stream));
          if (batch.caughtUp && seen.length >= 500 && live < 3) {
            live++;
            server().dropSubscriptions();
            // The drop makes the client replace its channel; an append caught in that may fail and is retried.
            await appendRetrying(store, stream, [anEvent('Live', { n: 499 + live })], 499 + live - 1);
          }
          if (seen.length >= 503) break;
        }
        clearTimeout(timer);
        await subscription.close();
        expect(seen.map((e) => e.revision)).toEqual(Array.from({ length: 503 }, (_, i) => i));
        expect(new Set(seen.map((e) => e.eventId)).size).toBe(503);
      });

      it('keeps 64-bit positions exact through reads, checkpoints and subscriptions', async () => {
        const stream = uniqueStream('big');
        await store.appendToStream(
          stream,
          Array.from({ length: 5 }, (_, i) => anEvent('Big', { i })),
        );
        const stored = await store.readStream(stream);
        for (const e of stored) {
          expect(typeof e.position.commit).toBe('bigint');
          expect(e.position.commit > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
          expect(comparePositions(parsePosition(formatPosition(e.position)), e.position)).toBe(0);
        }
        // Events 100-odd bytes apart above 2^60 collapse into one another if a position goes through a double.
        const checkpoint = parsePosition(formatPosition(stored[1].position));
        const after = await store.readAll({ after: checkpoint, maxCount: 3 });
        expect(after.map((e) => e.eventId)).toEqual(stored.slice(2).map((e) => e.eventId));
        const before = await store.readAll({ direction: 'backwards', after: checkpoint, maxCount: 1 });
        expect(before.map((e) => e.eventId)).toEqual([stored[0].eventId]);
        const live = await collect(store, { after: checkpoint }, (s) => s.length >= 3);
        expect(live.map((e) => e.eventId)).toEqual(stored.slice(2).map((e) => e.eventId));
        expect(findChainBreak(stored)).toBeUndefined();
      });

      it('reports a wrong expected version with the actual revision, from the server and from the port', async () => {
        const stream = uniqueStream('wev');
        await store.appendToStream(stream, [anEvent(), anEvent()]);
        const raw = EventStoreDBClient.connectionString(server().connectionString);
        const event = jsonEvent({ type: 'Raw', data: { n: 1 } });
        const error = await raw.appendToStream(stream, event, { expectedRevision: 7n }).catch((e: unknown) => e);
        await raw.dispose();
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect((error as WrongExpectedVersionError).actualVersion).toBe(1n);
        const mapped = toPortError(error, { stream, expected: 7 });
        expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
        expect(mapped).toMatchObject({ stream, expected: 7, actual: 1 });

        const racer = new EsdbEventStore(server().connectionString);
        const results = await Promise.allSettled([
          store.appendToStream(stream, [anEvent()], { expectedRevision: 1 }),
          racer.appendToStream(stream, [anEvent()], { expectedRevision: 1 }),
        ]);
        await racer.close();
        const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(rejected).toHaveLength(1);
        expect(rejected[0].reason).toMatchObject({ actual: 2 });
        expect(findChainBreak(await store.readStream(stream))).toBeUndefined();
      });

      it('chains ids lower-case, as EventStoreDB hands them back, and knows an upper-case re-append', async () => {
        const stream = uniqueStream('case');
        const event = { ...anEvent(), eventId: anEvent().eventId.toUpperCase() };
        await store.appendToStream(stream, [event], { expectedRevision: 'no_stream' });
        const stored = await store.readStream(stream);
        expect(stored.map((e) => e.eventId)).toEqual([event.eventId.toLowerCase()]);
        expect(findChainBreak(stored)).toBeUndefined();
        expect((await store.appendToStream(stream, [event], { expectedRevision: 'no_stream' })).written).toBe(false);
        expect((await store.appendToStream(stream, [event])).written).toBe(false);
      });

      it('refuses appends over the maximum append size with a RangeError, writing nothing', async () => {
        const small = await startEsdbTestServer({ batchAppend, maxAppendSize: 4096 });
        const limited = new EsdbEventStore(small.connectionString);
        try {
          const stream = uniqueStream('size');
          await expect(limited.appendToStream(stream, [anEvent('Big', { text: 'x'.repeat(5000) })])).rejects.toThrow(
            /maximum append size of 4096/,
          );
          expect(await limited.streamExists(stream)).toBe(false);
        } finally {
          await limited.close();
          await small.stop();
        }
      });
    });
  },
);

onTestServer('EsdbEventStore against a test server without caught_up', () => {
  withTestServer({ caughtUp: false }, (server) => {
    it('still says caught up once it reaches the head it read', async () => {
      const store = new EsdbEventStore(server().connectionString, storeOptions);
      const stream = uniqueStream('old-server');
      await store.appendToStream(stream, [anEvent(), anEvent()]);
      const seen = await collect(store, { after: 'start' }, (_s, batch) => batch.caughtUp);
      expect(seen.filter((e) => e.stream === stream)).toHaveLength(2);
      await store.close();
    });
  });
});

describe('EsdbEventStore error mapping', () => {
  it('maps an unreachable server to StoreUnavailableError', async () => {
    const gone = await startEsdbTestServer();
    await gone.stop();
    const store = new EsdbEventStore(gone.connectionString);
    await expect(store.appendToStream(uniqueStream(), [anEvent()])).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.readAll({ maxCount: 1 })).rejects.toBeInstanceOf(StoreUnavailableError);
    await store.close();
  });

  it('maps client errors to the port and keeps revisions exact or refuses them', () => {
    const wrong = new WrongExpectedVersionError(undefined, { streamName: 's', current: 'no_stream', expected: 3n });
    expect(toPortError(wrong)).toMatchObject({ stream: 's', expected: 3, actual: 'no_stream' });
    expect(
      toPortError(new WrongExpectedVersionError(undefined, { streamName: 's', current: 4n, expected: 'no_stream' })),
    ).toMatchObject({ expected: 'no_stream', actual: 4 });
    expect(toRevision(2n ** 53n - 1n, 's')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => toRevision(2n ** 53n, 's')).toThrow(RangeError);
    expect(toPortError(new EsdbStreamNotFoundError(undefined, 'x'))).toBeInstanceOf(StreamNotFoundError);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuplicateEventIdError } from '../../src/event-store/event-store.errors';
import { comparePositions } from '../../src/event-store/position';
import { SqliteEventStore } from '../../src/event-store/sqlite.event-store';
import { anEvent, describeEventStoreContract, uniqueStream } from './event-store.contract';

const dir = mkdtempSync(join(tmpdir(), 'ledger-sqlite-'));

describeEventStoreContract('sqlite (synchronous=full)', {
  open: async () => new SqliteEventStore(join(dir, 'full', 'events.db')),
  reopen: async (previous) => {
    await previous.close();
    return new SqliteEventStore(join(dir, 'full', 'events.db'));
  },
});

describeEventStoreContract('sqlite (synchronous=normal)', {
  open: async () => new SqliteEventStore(join(dir, 'normal.db'), { synchronous: 'normal' }),
});

/** Event ids are unique in the whole store; the unique index is what finds a clash. */
describe('sqlite store: event ids already stored', () => {
  let store: SqliteEventStore;
  beforeAll(() => {
    store = new SqliteEventStore(join(dir, 'ids.db'), { synchronous: 'normal' });
  });
  afterAll(() => store.close());

  it('refuses an id stored in another stream, writes nothing, and lets the appends beside it land', async () => {
    const taken = anEvent();
    await store.appendToStream(uniqueStream(), [taken]);
    const stream = uniqueStream();
    const beside = uniqueStream();
    const [refused, landed] = await Promise.allSettled([
      store.appendToStream(stream, [anEvent(), taken, anEvent()]),
      store.appendToStream(beside, [anEvent()]),
    ]);
    expect(refused.status === 'rejected' && refused.reason).toBeInstanceOf(DuplicateEventIdError);
    expect(landed.status).toBe('fulfilled');
    expect(await store.streamExists(stream)).toBe(false);
    expect(await store.readStream(beside)).toHaveLength(1);
  });

  it('refuses an append of which only some events are stored', async () => {
    const stream = uniqueStream();
    const first = [anEvent(), anEvent()];
    await store.appendToStream(stream, first);
    await expect(store.appendToStream(stream, [first[1], anEvent()])).rejects.toBeInstanceOf(DuplicateEventIdError);
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('answers a repeated append with any, after the stream moved on, with the first result', async () => {
    const stream = uniqueStream();
    const batch = [anEvent(), anEvent(), anEvent()];
    const first = await store.appendToStream(stream, batch);
    await store.appendToStream(stream, [anEvent()]);
    const again = await store.appendToStream(stream, batch, { expectedRevision: 'any' });
    expect(again.written).toBe(false);
    expect(comparePositions(again.position, first.position)).toBe(0);
    expect(await store.readStream(stream)).toHaveLength(4);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { StoreUnavailableError } from '../../src/event-store/event-store.errors';
import type { EventToAppend, JsonObject } from '../../src/event-store/event-store.port';
import { findChainBreak } from '../../src/event-store/hash-chain';
import { SqliteEventStore } from '../../src/event-store/sqlite.event-store';
import { exited, spawnTs } from '../support/child-process';
import { anEvent, uniqueStream } from './event-store.contract';

/**
 * The SQLite store's writer thread: appends are prepared on the event loop in chunks while the
 * thread inserts the first ones, and answered only once their transaction has committed.
 */
describe('sqlite store: its writer thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-writer-'));
  let store: SqliteEventStore;
  beforeAll(() => {
    store = new SqliteEventStore(join(dir, 'events.db'), { synchronous: 'normal' });
  });
  afterAll(() => store.close());

  it('takes an append of many chunks whole, its chain unbroken', async () => {
    const stream = uniqueStream();
    const events = Array.from({ length: 1234 }, (_, i) => anEvent('Numbered', { i }));
    const result = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
    expect(result.nextExpectedRevision).toBe(1233);
    const stored = await store.readStream(stream);
    expect(stored.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
    expect(findChainBreak(stored)).toBeUndefined();
  });

  it('refuses an append whose event it cannot prepare after the first chunks were sent, and stores none of it', async () => {
    const stream = uniqueStream();
    const beside = uniqueStream();
    const events: EventToAppend[] = Array.from({ length: 250 }, (_, i) => anEvent('Numbered', { i }));
    // An own toJSON: JSON.stringify would write it instead of the metadata and its chain fields.
    events[180] = { ...events[180], metadata: { toJSON: () => 'x' } as unknown as JsonObject };
    const [refused, landed] = await Promise.allSettled([
      store.appendToStream(stream, events),
      store.appendToStream(beside, [anEvent()]),
    ]);
    expect(refused.status === 'rejected' && refused.reason).toBeInstanceOf(RangeError);
    expect(landed.status).toBe('fulfilled');
    expect(await store.streamExists(stream)).toBe(false);
    // The stream can still be written from its start.
    await store.appendToStream(stream, events.slice(0, 180), { expectedRevision: 'no_stream' });
    expect(await store.readStream(stream)).toHaveLength(180);
  });

  it('answers appends made just before close, and close waits for them', async () => {
    const path = join(dir, 'closing.db');
    const closing = new SqliteEventStore(path, { synchronous: 'normal' });
    const stream = uniqueStream();
    const appends = Array.from({ length: 40 }, () => closing.appendToStream(stream, [anEvent()]));
    await closing.close();
    const results = await Promise.all(appends);
    expect(new Set(results.map((r) => r.nextExpectedRevision)).size).toBe(40);
    await expect(closing.appendToStream(stream, [anEvent()])).rejects.toBeInstanceOf(StoreUnavailableError);
    const reopened = new SqliteEventStore(path);
    try {
      expect(await reopened.readStream(stream)).toHaveLength(40);
    } finally {
      await reopened.close();
    }
  });

  it('fails what a stopped thread owed as unavailable, and the same append retried lands once', async () => {
    const stream = uniqueStream();
    const events = [anEvent(), anEvent()];
    const owed = store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
    await writerThreadOf(store).terminate();
    // Answered or not, the retry with the same ids is safe: a re-append of stored events writes nothing.
    await owed.catch((error: unknown) => expect(error).toBeInstanceOf(StoreUnavailableError));
    await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
    expect((await store.readStream(stream)).map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
  });

  it('does not keep a process alive once its appends are answered', async () => {
    const child = spawnTs('test/event-store/idle-store.child.ts', [join(dir, 'idle.db')]);
    let printed = '';
    child.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    expect(await exited(child)).toBe(0);
    clearTimeout(timer);
    // Not before its append was answered: the thread holds the process while it owes an answer.
    expect(printed).toBe('appended\n');
  });
});

/** The thread itself, to stop it as a crash in it would. */
function writerThreadOf(store: SqliteEventStore): Worker {
  return (store as unknown as { writer: { thread: { worker: Worker } } }).writer.thread.worker;
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { storedBatch } from '../../src/read-side/read-model.commit';
import { ReadModelDb } from '../../src/read-side/read-model.db';
import { ReadModelWriter } from '../../src/read-side/read-model-writer';

const at = (commit: number) => ({ commit: BigInt(commit), prepare: BigInt(commit) });

describe('read-model file: its writer thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-read-model-writer-'));
  let file: ReadModelDb;
  let writer: ReadModelWriter;
  let files = 0;

  beforeEach(() => {
    file = new ReadModelDb(join(dir, `${++files}.db`));
    file.claim('me');
    writer = new ReadModelWriter(file.path);
  });

  afterEach(async () => {
    await writer.close();
    file.close();
  });

  const batch = (key: string, commit: number, options: { generation?: number; writer?: string } = {}) =>
    storedBatch(
      options.generation ?? file.generation(),
      [{ projection: 'p', key, doc: { key }, summary: { key }, lookups: [`v:${key}`] }],
      [{ projection: 'p', position: at(commit), version: 1 }],
      options.writer ?? 'me',
    );

  it("commits a batch whole: documents, lookups and checkpoint, seen by the event loop's connection", async () => {
    await expect(writer.commit(batch('a', 10))).resolves.toBe(true);
    expect(file.document('p', 'a')).toEqual({ key: 'a' });
    expect(file.lookedUp('p', 'v:a')).toEqual([['a', { key: 'a' }]]);
    expect(file.checkpoint('p')).toEqual({ position: at(10), version: 1 });
  });

  it('refuses a batch of another generation or of an instance that no longer holds the file, and writes nothing', async () => {
    await expect(writer.commit(batch('a', 10, { generation: file.generation() + 1 }))).resolves.toBe(false);
    await expect(writer.commit(batch('b', 11, { writer: 'someone else' }))).resolves.toBe(false);
    expect(file.document('p', 'a')).toBeUndefined();
    expect(file.document('p', 'b')).toBeUndefined();
    expect(file.checkpoint('p')).toBeUndefined();
  });

  it('answers in order a run of batches sent without waiting', async () => {
    const answers = Array.from({ length: 20 }, (_, i) => writer.commit(batch(`k${i}`, 100 + i)));
    await expect(Promise.all(answers)).resolves.toEqual(Array(20).fill(true));
    expect(file.count('p')).toBe(20);
    expect(file.checkpoint('p')?.position).toEqual(at(119));
  });

  it('fails what a stopped thread owed, and the next batch starts a new thread and lands', async () => {
    const owed = writer.commit(batch('a', 10));
    await threadOf(writer).terminate();
    // Committed or not, the runner starts again from the file: either way the answer it waited for is an error.
    await owed.then(
      () => expect(file.document('p', 'a')).toEqual({ key: 'a' }),
      (error: Error) => expect(error.message).toMatch(/read-model writer stopped/),
    );
    await expect(writer.commit(batch('b', 20))).resolves.toBe(true);
    expect(file.document('p', 'b')).toEqual({ key: 'b' });
  });
});

function threadOf(writer: ReadModelWriter): Worker {
  return (writer as unknown as { thread: { worker: Worker } }).thread.worker;
}

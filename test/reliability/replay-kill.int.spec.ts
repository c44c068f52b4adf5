import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { interleavedAppends } from '../../bench/dataset/appends';
import { PROJECTIONS } from '../../projections/projections';
import { SqliteEventStore } from '../../src/event-store/sqlite.event-store';
import { rebuildReadModels } from '../../src/read-side/rebuild';
import { exited, spawnTs } from '../support/child-process';
import { fileContents } from '../support/read-model-check';

function integrityOf(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

/**
 * `compliance-ledger replay` killed (SIGKILL) at moments spread over its run, with no server running (the rebuilt
 * file is renamed into place): the live read-model file is, every time, whole and either the set before the replay or
 * the one it was making, never a mix; the files a killed replay left are removed by the next.
 */
describe('replay killed at any moment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-replay-kill-'));
  const env = { SQLITE_PATH: join(dir, 'events.db'), READ_MODEL_PATH: join(dir, 'read-models.db') };
  let store: SqliteEventStore;
  let cases: string[] = [];

  /** The CLI, and when it began rebuilding (its progress bar's first line, after its start-up). */
  const replay = () => {
    const child = spawnTs('src/cli/main.ts', ['replay'], env);
    const rebuilding = new Promise<number>((resolve) => {
      child
        .stderr!.setEncoding('utf8')
        .on('data', (chunk: string) => chunk.includes('replay [') && resolve(Date.now()));
    });
    return { child, rebuilding };
  };
  /** What a rebuild of the store as it is now gives (in this process, into a file of its own). */
  let expected = 0;
  const rebuiltNow = async () => {
    const path = join(dir, `expected-${++expected}.db`);
    await rebuildReadModels(store, [...PROJECTIONS], path);
    return fileContents(path, PROJECTIONS);
  };

  beforeAll(async () => {
    store = new SqliteEventStore(env.SQLITE_PATH, { synchronous: 'normal' });
    for (const round of interleavedAppends({ seed: 11, cases: 1000, events: 1000 * 20, today: '2025-06-30' }, 50)) {
      for (const a of round) await store.appendToStream(a.stream, a.events, { expectedRevision: a.expectedRevision });
    }
    cases = [...new Set((await store.readAll({ maxCount: 1_000_000 })).map((e) => e.stream))];
  });
  afterAll(() => store.close());

  it('leaves the live file whole, the set before or the set after, and the next replay removes what it left', async () => {
    const first = replay();
    expect(await exited(first.child)).toBe(0);
    // From the first line of progress to the exit: the fold, the sync and the hand-over.
    const duration = Date.now() - (await first.rebuilding);
    let before = fileContents(env.READ_MODEL_PATH, PROJECTIONS);
    expect(before).toEqual(await rebuiltNow());

    const outcomes: string[] = [];
    const kills = 12;
    for (let k = 0; k < kills; k++) {
      // New facts, so that the set a replay makes differs from the one it replaces.
      await store.appendToStream(
        cases[k % cases.length],
        [
          {
            eventId: uuidv7(),
            type: 'InquirySent',
            data: {
              inquiryId: `kill-${k}`,
              occurredOn: '2025-06-01',
              to: 'Ombudsman',
              channel: 'email',
              question: '?',
            },
            metadata: { recordedAt: '2025-06-01T10:00:00.000Z' },
          },
        ],
        { expectedRevision: 'any' },
      );
      const after = await rebuiltNow();
      const { child, rebuilding } = replay();
      await rebuilding;
      // Spread from the start of the fold to past the usual end, so that some land in the hand-over.
      await new Promise((resolve) => setTimeout(resolve, (1.2 * duration * k) / (kills - 1)));
      child.kill('SIGKILL');
      await exited(child);
      expect(integrityOf(env.READ_MODEL_PATH)).toBe('ok');
      const live = fileContents(env.READ_MODEL_PATH, PROJECTIONS);
      const outcome = isDeepStrictEqual(live, before) ? 'before' : isDeepStrictEqual(live, after) ? 'after' : 'neither';
      outcomes.push(outcome);
      expect(outcome).not.toBe('neither');
      before = live;
    }
    process.stdout.write(
      `replay killed ${kills} times over its ${duration} ms of rebuilding: ${outcomes.join(', ')}\n`,
    );

    expect(await exited(replay().child)).toBe(0);
    expect(fileContents(env.READ_MODEL_PATH, PROJECTIONS)).toEqual(await rebuiltNow());
    expect(readdirSync(dir).filter((name) => name.startsWith('read-models.db.rebuild-'))).toEqual([]);
  }, 120_000);
});

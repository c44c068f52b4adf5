import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite.event-store';
import { findChainBreak } from '../../src/event-store/hash-chain';
import { exited, onLines, spawnTs } from '../support/child-process';

/** Kills an appending child with SIGKILL, then checks that nothing it acknowledged is missing. */
describe('sqlite store under SIGKILL', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'ledger-crash-')), 'events.db');
  const acknowledged = new Set<string>();

  async function runAndKill(afterAcks: number): Promise<void> {
    const child = spawnTs('test/event-store/crash-appender.child.ts', [path]);
    let acks = 0;
    await new Promise<void>((resolve, reject) => {
      child.once('exit', () => reject(new Error('child exited before it was killed')));
      onLines(child, (line) => {
        if (!line.startsWith('ack ')) return;
        line
          .slice(4)
          .split(' ')
          .forEach((id) => acknowledged.add(id));
        if (++acks === afterAcks) resolve();
      });
    });
    child.removeAllListeners('exit');
    child.kill('SIGKILL');
    await exited(child);
  }

  it.each([50, 400, 1500])('keeps every acknowledged append whole after a kill at %i acks', async (acks) => {
    await runAndKill(acks);
    const store = new SqliteEventStore(path);
    try {
      const all = await store.readAll({ maxCount: 10_000_000 });
      const stored = new Set(all.map((e) => e.eventId));
      const missing = [...acknowledged].filter((id) => !stored.has(id));
      expect(missing).toEqual([]);
      expect(stored.size).toBe(all.length);
      for (let w = 0; w < 8; w++) {
        const stream = await store.readStream(`crash-${w}`);
        expect(stream.length % 3).toBe(0);
        expect(stream.map((e) => (e.data as { part: number }).part)).toEqual(stream.map((_, i) => i % 3));
        expect(findChainBreak(stream)).toBeUndefined();
      }
    } finally {
      await store.close();
    }
  });
});

/**
 * Prepares the store that replay, start-up and HTTP run on: the whole dataset, interleaved as a
 * store fed by many people over years would be (bench/dataset/appends.ts), appended through the port
 * a round at a time (each round's appends go out together and share a commit).
 */
import { rmSync } from 'node:fs';
import { SqliteEventStore } from '../../src/event-store/sqlite.event-store';
import { formatPosition } from '../../src/event-store/position';
import { interleavedAppends } from '../dataset/appends';
import type { DatasetOptions } from '../dataset/domain-events';
import { log, now, perSecond, since } from '../support/log';
import type { Figures } from '../support/phase';

export async function run(args: { dataset: DatasetOptions; path: string }): Promise<Figures> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(args.path + suffix, { force: true });
  const store = new SqliteEventStore(args.path, { synchronous: 'normal' });
  let events = 0;
  let seconds = 0;
  try {
    for (const round of interleavedAppends(args.dataset)) {
      const started = now();
      await Promise.all(
        round.map((a) => store.appendToStream(a.stream, a.events, { expectedRevision: a.expectedRevision })),
      );
      seconds += since(started);
      events += round.reduce((n, a) => n + a.events.length, 0);
      if (events % 100_000 < round.length * 3) log(`fill: ${events} events`);
    }
    const head = await store.headPosition();
    return { events, fillPerSec: perSecond(events, seconds), head: head ? formatPosition(head) : 'none' };
  } finally {
    await store.close();
  }
}

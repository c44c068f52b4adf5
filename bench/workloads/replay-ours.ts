/**
 * Workload 2, our side, in memory: `$all` read through the port page by page, then read and folded
 * into the case files with the projection's pure functions. The rebuild that also writes the read
 * models (`npm run cli -- replay`) is timed apart, as its own process (bench/main.ts).
 */
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import { foldDocuments } from '../../projections/projection';
import type { Position } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite.event-store';
import { log, now, perSecond, since } from '../support/log';
import type { Figures } from '../support/phase';

/** The rebuild's page size; the peer reads pages of the same size. */
const PAGE = 1000;

/** The first `limit` events of `$all` (the peer's copy holds the same ones). */
export async function run(args: { path: string; fold: boolean; limit: number }): Promise<Figures> {
  const store = new SqliteEventStore(args.path);
  try {
    const documents = new Map<string, unknown>();
    const started = now();
    let after: Position | 'start' = 'start';
    let events = 0;
    for (;;) {
      const maxCount = Math.min(PAGE, args.limit - events);
      if (maxCount <= 0) break;
      const page = await store.readAll({ after, maxCount });
      if (page.length === 0) break;
      if (args.fold) foldDocuments(caseFilesProjection as never, page, documents);
      after = page[page.length - 1].position;
      events += page.length;
    }
    const seconds = since(started);
    const rate = perSecond(events, seconds);
    log(`ours: ${args.fold ? 'read and fold' : 'read'} ${events} events: ${rate}/s (${documents.size} documents)`);
    return { events, perSec: rate, documents: documents.size };
  } finally {
    await store.close();
  }
}

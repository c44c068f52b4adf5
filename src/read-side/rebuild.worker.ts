/**
 * A rebuild thread: reads the events of its part of the streams from the SQLite store, up to the position the rebuild
 * started at, and folds them into a file of its own (see foldPartsInThreads).
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Position } from '../event-store/event-store.port';
import { preparePartReads, toStoredEvent, type EventRow } from '../event-store/sqlite.statements';
import { PROJECTIONS } from '../../projections/projections';
import { ReadModelDb } from './read-model.db';
import { foldIntoFile } from './rebuild';
import type { FromRebuildPart, PartOfRebuild } from './rebuild-parts';

const part = workerData as PartOfRebuild;
const post = (message: FromRebuildPart) => parentPort!.postMessage(message);

async function run(): Promise<void> {
  const definitions = part.projections.map((name) => {
    const definition = PROJECTIONS.find((d) => d.name === name);
    if (!definition) throw new Error(`no projection ${name}`);
    return definition;
  });
  const store = new Database(part.sqlitePath, { readonly: true });
  const file = new ReadModelDb(part.path, { scratch: true });
  try {
    const read = preparePartReads(store);
    const until = Number(part.until);
    let reported = 0;
    const folded = await foldIntoFile(
      file,
      definitions,
      (after: Position | 'start') => {
        const from = after === 'start' ? 0 : Number(after.commit);
        return (read.all(from, until, part.parts, part.part, part.pageSize) as EventRow[]).map(toStoredEvent);
      },
      {
        heldDocuments: part.heldDocuments,
        onProgress: (events) => {
          if (events - reported < 10_000) return;
          reported = events;
          post({ kind: 'progress', events });
        },
      },
    );
    post({ kind: 'done', events: folded.events, readBack: folded.readBack });
  } finally {
    file.close();
    store.close();
  }
}

run().catch((error: unknown) =>
  post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
);

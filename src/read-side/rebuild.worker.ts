/**
 * A folding thread of a rebuild: reads the events of its part of the streams from the SQLite store, stream by stream,
 * up to the position the rebuild started at, folds them, and writes the documents into the new file, which the other
 * folding threads write too, one at a time (see foldPartsInThreads).
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { preparePartReads } from '../event-store/sqlite.statements';
import { PROJECTIONS } from '../../projections/projections';
import { storedChange } from './read-model.commit';
import { ReadModelDb } from './read-model.db';
import { foldIntoSink, type DocumentSink } from './rebuild-fold';
import type { FromRebuildPart, PartOfRebuild } from './rebuild-parts';

const part = workerData as PartOfRebuild;
const post = (message: FromRebuildPart) => parentPort!.postMessage(message);
const fileLock = new Int32Array(part.fileLock);

/**
 * The new file, used by one folding thread at a time: each has its own connection, and one waits (without spinning)
 * while another writes a batch, a few milliseconds. SQLite would make it wait too, but by sleeping in steps of up to
 * 100 ms. The texts are made before, outside the lock.
 */
function holdingTheFile<T>(use: () => T): T {
  while (Atomics.compareExchange(fileLock, 0, 0, 1) !== 0) Atomics.wait(fileLock, 0, 1);
  try {
    return use();
  } finally {
    Atomics.store(fileLock, 0, 0);
    Atomics.notify(fileLock, 0, 1);
  }
}

function fileSink(file: ReadModelDb): DocumentSink {
  return {
    write(changes) {
      const stored = changes.map(storedChange);
      holdingTheFile(() => file.writeStored(stored));
    },
    read: (projection, key) => holdingTheFile(() => file.document(projection, key)),
  };
}

async function run(): Promise<void> {
  const definitions = part.projections.map((name) => {
    const definition = PROJECTIONS.find((d) => d.name === name);
    if (!definition) throw new Error(`no projection ${name}`);
    return definition;
  });
  const store = new Database(part.sqlitePath, { readonly: true });
  const file = holdingTheFile(() => new ReadModelDb(part.path, { scratch: true }));
  try {
    // Metadata only where a projection reads it, when every projection says where.
    const metadataOf = definitions.every((d) => d.metadataOf)
      ? [...new Set(definitions.flatMap((d) => d.metadataOf!))]
      : undefined;
    const read = preparePartReads(store, metadataOf);
    const until = Number(part.until);
    let after: [stream: string, revision: number] = [part.from, -1];
    let reported = 0;
    const folded = await foldIntoSink(
      fileSink(file),
      definitions,
      () => {
        const page = read(after, part.before, until, part.pageSize);
        if (page.length > 0) after = [page[page.length - 1].stream, page[page.length - 1].revision];
        return page;
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
    holdingTheFile(() => file.close());
    store.close();
  }
}

run().catch((error: unknown) =>
  post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
);

/**
 * A folding thread of a rebuild: reads the events of its part of the streams from the SQLite store, stream by stream,
 * up to the position the rebuild started at, folds them, and sends the documents as texts to the rebuild's thread,
 * which writes them (see foldPartsInThreads).
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { preparePartReads } from '../event-store/sqlite.statements';
import { PROJECTIONS } from '../../projections/projections';
import { storedChange } from './read-model.commit';
import { foldIntoSink, type DocumentSink } from './rebuild-fold';
import { IN_FLIGHT, type FromRebuildPart, type PartOfRebuild } from './rebuild-parts';

const part = workerData as PartOfRebuild;
const post = (message: FromRebuildPart) => parentPort!.postMessage(message);

/** Documents go to the rebuild's thread; one read back waits until every batch sent before it is written. */
function sendingSink(): DocumentSink {
  const written = new Int32Array(part.written);
  let sent = 0;
  const waitUntilWritten = (batches: number) => {
    for (let now = Atomics.load(written, 0); now < batches; now = Atomics.load(written, 0))
      Atomics.wait(written, 0, now);
  };
  return {
    write(changes) {
      if (changes.length === 0) return;
      post({ kind: 'documents', changes: changes.map(storedChange) });
      waitUntilWritten(++sent - IN_FLIGHT);
    },
    read(projection, key) {
      waitUntilWritten(sent);
      const file = new Database(part.path, { readonly: true });
      try {
        const doc = file
          .prepare('SELECT doc FROM documents WHERE projection = ? AND key = ?')
          .pluck()
          .get(projection, key);
        return doc === undefined ? undefined : JSON.parse(doc as string);
      } finally {
        file.close();
      }
    },
  };
}

async function run(): Promise<void> {
  const definitions = part.projections.map((name) => {
    const definition = PROJECTIONS.find((d) => d.name === name);
    if (!definition) throw new Error(`no projection ${name}`);
    return definition;
  });
  const store = new Database(part.sqlitePath, { readonly: true });
  try {
    const read = preparePartReads(store);
    const until = Number(part.until);
    let after: [stream: string, revision: number] = [part.from, -1];
    let reported = 0;
    const folded = await foldIntoSink(
      sendingSink(),
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
    store.close();
  }
}

run().catch((error: unknown) =>
  post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
);

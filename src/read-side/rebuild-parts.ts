import type { ResourceLimits } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Position } from '../event-store/event-store.port';
import { splitStreams } from '../event-store/sqlite.statements';
import { spawnWorker } from '../event-store/worker-thread';
import type { StoredChange } from './read-model.commit';
import type { ReadModelDb } from './read-model.db';

/**
 * Each folding thread's heap, in MB. Unbounded, V8 grew a folding thread's heap to about 300 MB although what is alive
 * stays far smaller (a page of events, the documents of the streams being folded): bounded, V8 sweeps sooner, and the
 * rebuild's peak RSS stays under 400 MB with two threads (see docs/benchmarks.md, "The rebuild").
 */
const HEAP_MB = 64;
const YOUNG_MB = 32;
/**
 * Documents a folding thread holds. It reads stream by stream, so a document is done when its stream is, and only a
 * stream that keeps many documents (the alerts) holds more than a few at once.
 */
const HELD_IN_STREAM_ORDER = 64;
/** Batches of documents a thread may have sent that this thread has not written yet: what bounds the memory between. */
export const IN_FLIGHT = 8;

/** What folding the store gave: events read, documents read back from the file, the position of the last event. */
export interface Folded {
  events: number;
  readBack: number;
  /** Undefined when no event was read. */
  last?: Position;
}

/** What a folding thread is given: its part of the streams, the file its documents go to, and the projections. */
export interface PartOfRebuild {
  sqlitePath: string;
  /** The new file, written by this thread: the folding thread reads a document back from it, never writes it. */
  path: string;
  part: number;
  /** The part's streams: from this one (the first: '') up to that one, or to the last (null). See `splitStreams`. */
  from: string;
  before: string | null;
  /** The last position to read (the store's head when the rebuild started). */
  until: string;
  projections: string[];
  heldDocuments: number;
  pageSize: number;
  /** One Int32: how many of the thread's batches this thread has written (see IN_FLIGHT). */
  written: SharedArrayBuffer;
}

export type FromRebuildPart =
  | { kind: 'progress'; events: number }
  | { kind: 'documents'; changes: StoredChange[] }
  | { kind: 'done'; events: number; readBack: number }
  | { kind: 'failed'; message: string };

/**
 * Folds the store in `threads` threads, each the events of a run of whole streams (see `splitStreams`), up to
 * `until`: on a machine with as many cores, reading, parsing, folding and serialising run side by side. The threads
 * send their documents as texts; this thread writes them into `file`, so each is written once.
 */
export async function foldPartsInThreads(options: {
  sqlitePath: string;
  file: ReadModelDb;
  threads: number;
  until: Position | undefined;
  projections: string[];
  heldDocuments?: number;
  pageSize: number;
  onProgress?: (events: number) => void;
  /** The bound on each thread's old generation (see HEAP_MB). */
  heapMb?: number;
}): Promise<Folded> {
  if (!options.until) return { events: 0, readBack: 0 };
  const store = new Database(options.sqlitePath, { readonly: true });
  const splits = (() => {
    try {
      return splitStreams(store, Number(options.until.commit), options.threads);
    } finally {
      store.close();
    }
  })();
  const progress = new Array<number>(options.threads).fill(0);
  const parts = progress.map((_, part) => {
    const data = (): PartOfRebuild => ({
      sqlitePath: options.sqlitePath,
      path: options.file.path,
      part,
      from: part === 0 ? '' : splits[part - 1],
      before: part === splits.length ? null : splits[part],
      until: String(options.until!.commit),
      projections: options.projections,
      heldDocuments: options.heldDocuments ?? HELD_IN_STREAM_ORDER,
      pageSize: options.pageSize,
      written: new SharedArrayBuffer(4),
    });
    const onProgress = (events: number) => {
      progress[part] = events;
      options.onProgress?.(progress.reduce((a, b) => a + b, 0));
    };
    const bound = { maxOldGenerationSizeMb: options.heapMb ?? HEAP_MB, maxYoungGenerationSizeMb: YOUNG_MB };
    // A part whose live objects outgrow the bound (a stream far larger than any measured) folds again without one.
    // Documents it already sent are written again: a document's row, lookups and tail are replaced whole.
    return foldPart(data(), options.file, onProgress, bound).catch((error: unknown) => {
      if ((error as { code?: string }).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw error;
      onProgress(0);
      return foldPart(data(), options.file, onProgress);
    });
  });
  const done = await Promise.all(parts);
  return {
    events: done.reduce((n, d) => n + d.events, 0),
    readBack: done.reduce((n, d) => n + d.readBack, 0),
    last: options.until,
  };
}

/** One part folded in a thread of its own, with its heap bounded by `resourceLimits` if given. */
function foldPart(
  data: PartOfRebuild,
  file: ReadModelDb,
  onProgress: (events: number) => void,
  resourceLimits?: ResourceLimits,
): Promise<{ events: number; readBack: number }> {
  const written = new Int32Array(data.written);
  return new Promise((resolve, reject) => {
    const worker = spawnWorker(__dirname, 'rebuild.worker', data, [], resourceLimits);
    let result: { events: number; readBack: number } | undefined;
    let failure: Error | undefined;
    worker.on('message', (message: FromRebuildPart) => {
      if (message.kind === 'documents') {
        try {
          file.writeStored(message.changes);
        } catch (error) {
          failure = error as Error;
          void worker.terminate();
        }
        Atomics.add(written, 0, 1);
        Atomics.notify(written, 0);
      } else if (message.kind === 'progress') onProgress(message.events);
      else if (message.kind === 'done') result = message;
      else failure = new Error(`rebuild part ${data.part}: ${message.message}`);
    });
    worker.on('error', (error) => (failure = error));
    worker.once('exit', () =>
      result && !failure ? resolve(result) : reject(failure ?? new Error(`rebuild part ${data.part} ended early`)),
    );
  });
}

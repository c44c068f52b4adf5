import type { ResourceLimits, Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Position } from '../event-store/event-store.port';
import { splitStreams } from '../event-store/sqlite.statements';
import { spawnWorker } from '../event-store/worker-thread';

/**
 * Each folding thread's heap, in MB. Unbounded, V8 grew a folding thread's heap to about 300 MB although what is alive
 * stays far smaller (a page of events, the documents of the stream being folded): bounded, V8 sweeps sooner, and the
 * rebuild's peak RSS stays under 400 MB with two threads (see docs/benchmarks.md, "The rebuild").
 */
const HEAP_MB = 64;
const YOUNG_MB = 32;
/**
 * Documents a folding thread holds past a page. It reads stream by stream, so a document is done when its stream is:
 * held longer, finished case files only survive the young generation's sweeps, which copy them (8 rather than 64:
 * about a tenth less CPU). A stream that keeps many documents (the alerts) writes them out as it goes, and reads back
 * any touched again.
 */
const HELD_IN_STREAM_ORDER = 8;

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
  /** The new file, which every folding thread writes, one at a time (see `fileLock`). */
  path: string;
  /** One Int32 shared by the folding threads: 1 while one of them uses the new file. */
  fileLock: SharedArrayBuffer;
  part: number;
  /** The part's streams: from this one (the first: '') up to that one, or to the last (null). See `splitStreams`. */
  from: string;
  before: string | null;
  /** The last position to read (the store's head when the rebuild started). */
  until: string;
  projections: string[];
  heldDocuments: number;
  pageSize: number;
}

export type FromRebuildPart =
  | { kind: 'progress'; events: number }
  | { kind: 'done'; events: number; readBack: number }
  | { kind: 'failed'; message: string };

/**
 * Folds the store in `threads` threads, each the events of a run of whole streams (see `splitStreams`), up to `until`,
 * into the file at `path` (made, with every projection reset, before): on a machine with as many cores, reading,
 * parsing, folding, serialising and writing run side by side, and each document is written once. Fails, every thread
 * stopped, when one fails; `heapMb: null` leaves the threads' heaps unbounded.
 */
export async function foldPartsInThreads(options: {
  sqlitePath: string;
  path: string;
  threads: number;
  until: Position | undefined;
  projections: string[];
  heldDocuments?: number;
  pageSize: number;
  onProgress?: (events: number) => void;
  /** The bound on each thread's old generation (see HEAP_MB). */
  heapMb?: number | null;
}): Promise<Folded> {
  if (!options.until) return { events: 0, readBack: 0 };
  const until = options.until;
  const splits = splitAt(options.sqlitePath, Number(until.commit), options.threads);
  const fileLock = new SharedArrayBuffer(4);
  const progress = new Array<number>(options.threads).fill(0);
  const bound =
    options.heapMb === null
      ? undefined
      : { maxOldGenerationSizeMb: options.heapMb ?? HEAP_MB, maxYoungGenerationSizeMb: YOUNG_MB };
  const workers: Worker[] = [];
  const parts = progress.map((_, part) =>
    foldPart(
      {
        sqlitePath: options.sqlitePath,
        path: options.path,
        fileLock,
        part,
        from: part === 0 ? '' : splits[part - 1],
        before: part === splits.length ? null : splits[part],
        until: String(until.commit),
        projections: options.projections,
        heldDocuments: options.heldDocuments ?? HELD_IN_STREAM_ORDER,
        pageSize: options.pageSize,
      },
      (events) => {
        progress[part] = events;
        options.onProgress?.(progress.reduce((a, b) => a + b, 0));
      },
      (worker) => workers.push(worker),
      bound,
    ),
  );
  try {
    const done = await Promise.all(parts);
    return {
      events: done.reduce((n, d) => n + d.events, 0),
      readBack: done.reduce((n, d) => n + d.readBack, 0),
      last: until,
    };
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.terminate()));
    throw error;
  }
}

function splitAt(sqlitePath: string, until: number, threads: number): string[] {
  const store = new Database(sqlitePath, { readonly: true });
  try {
    return splitStreams(store, until, threads);
  } finally {
    store.close();
  }
}

/** One part folded in a thread of its own, with its heap bounded by `resourceLimits` if given. */
function foldPart(
  data: PartOfRebuild,
  onProgress: (events: number) => void,
  started: (worker: Worker) => void,
  resourceLimits?: ResourceLimits,
): Promise<{ events: number; readBack: number }> {
  return new Promise((resolve, reject) => {
    const worker = spawnWorker(__dirname, 'rebuild.worker', data, [], resourceLimits);
    started(worker);
    let result: { events: number; readBack: number } | undefined;
    let failure: Error | undefined;
    worker.on('message', (message: FromRebuildPart) => {
      if (message.kind === 'progress') onProgress(message.events);
      else if (message.kind === 'done') result = message;
      else failure = new Error(`rebuild part ${data.part}: ${message.message}`);
    });
    worker.on('error', (error) => (failure = error));
    worker.once('exit', () =>
      result && !failure ? resolve(result) : reject(failure ?? new Error(`rebuild part ${data.part} ended early`)),
    );
  });
}

import type { Position } from '../event-store/event-store.port';
import type { ResourceLimits } from 'node:worker_threads';
import { spawnWorker } from '../event-store/worker-thread';

/**
 * Each rebuild thread's heap, in MB. Unbounded, V8 grew a folding thread's heap to about 300 MB (and its young
 * generation to tens of MB) although what is alive stays far smaller (a page of events, the held documents, the keys
 * already on file): the fold's garbage is promoted faster than the heap is swept. Bounded, V8 sweeps sooner: peak RSS
 * under 400 MB with two threads, for some of their speed (see docs/benchmarks.md, "The rebuild's memory").
 */
const HEAP_MB = 64;
const YOUNG_MB = 16;

/** What folding the store gave: events read, documents read back from the file, the position of the last event. */
export interface Folded {
  events: number;
  readBack: number;
  /** Undefined when no event was read. */
  last?: Position;
}

/** What a rebuild thread is given: its part of the streams, where its file goes, and which projections it folds. */
export interface PartOfRebuild {
  sqlitePath: string;
  path: string;
  part: number;
  parts: number;
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
 * Folds the store in `paths.length` threads, each the events of its share of the streams (see `partOfStream`) into
 * the file at its path, up to `until`: on a machine with as many cores, reading, parsing, folding and writing run side
 * by side. Every part's documents are apart from every other's, so the files are swapped in together as they are.
 */
export async function foldPartsInThreads(options: {
  sqlitePath: string;
  paths: string[];
  until: Position | undefined;
  projections: string[];
  heldDocuments: number;
  pageSize: number;
  onProgress?: (events: number) => void;
  /** The bound on each thread's old generation (see HEAP_MB). */
  heapMb?: number;
}): Promise<Folded> {
  if (!options.until) return { events: 0, readBack: 0 };
  const progress = options.paths.map(() => 0);
  const parts = options.paths.map((path, part) => {
    const data: PartOfRebuild = {
      sqlitePath: options.sqlitePath,
      path,
      part,
      parts: options.paths.length,
      until: String(options.until!.commit),
      projections: options.projections,
      heldDocuments: options.heldDocuments,
      pageSize: options.pageSize,
    };
    const onProgress = (events: number) => {
      progress[part] = events;
      options.onProgress?.(progress.reduce((a, b) => a + b, 0));
    };
    const bound = { maxOldGenerationSizeMb: options.heapMb ?? HEAP_MB, maxYoungGenerationSizeMb: YOUNG_MB };
    // A part whose live objects outgrow the bound (a store far larger than any measured) folds again without one: the
    // thread starts its file over (`foldIntoFile` resets every projection), so the rebuild is slower, never wrong.
    return foldPart(data, onProgress, bound).catch((error: unknown) => {
      if ((error as { code?: string }).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw error;
      onProgress(0);
      return foldPart(data, onProgress);
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
  onProgress: (events: number) => void,
  resourceLimits?: ResourceLimits,
): Promise<{ events: number; readBack: number }> {
  return new Promise((resolve, reject) => {
    const worker = spawnWorker(__dirname, 'rebuild.worker', data, [], resourceLimits);
    let result: { events: number; readBack: number } | undefined;
    let failure: Error | undefined;
    worker.on('message', (message: FromRebuildPart) => {
      if (message.kind === 'progress') onProgress(message.events);
      else if (message.kind === 'done') result = message;
      else failure = new Error(`rebuild part ${data.part}: ${message.message}`);
    });
    worker.on('error', (error) => (failure = error));
    worker.once('exit', () =>
      result ? resolve(result) : reject(failure ?? new Error(`rebuild part ${data.part} ended early`)),
    );
  });
}

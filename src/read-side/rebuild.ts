import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { open } from 'node:fs/promises';
import type { ProjectionDefinition } from '../../projections/projection';
import type { EventStore, Position } from '../event-store/event-store.port';
import { handOver, type HandedOver } from './hand-over';
import { ReadModelDb } from './read-model.db';
import { foldIntoSink } from './rebuild-fold';
import { foldPartsInThreads, type Folded } from './rebuild-parts';

export interface RebuildReport {
  events: number;
  seconds: number;
  checkpoint?: Position;
  generation: number;
  /** How the rebuilt file became the live one (see `handOver`). */
  handedOver: HandedOver['how'];
  /** Documents that had left memory for the new file and were read back when touched again. */
  readBack: number;
  /** Threads that folded the store: 1, or one per part (RebuildOptions.parts). */
  threads: number;
}

/** Pages small enough that a page's events die young: larger pages outlive the young generation and cost old-space GC. */
const PAGE = 1000;
/**
 * Whole documents held in memory while folding the store in the order it was written, where one case's events are
 * spread among others'. Beyond this, the least recently touched go to the new file (and come back if an event touches
 * them again): memory stays bounded whatever the size of the store.
 */
const HELD_DOCUMENTS = 500;
const FLUSH_EVERY_MS = 1000;

export interface RebuildOptions {
  heldDocuments?: number;
  pageSize?: number;
  /**
   * The SQLite store's file, and how many threads fold it: each reads the events of a run of whole streams, stream by
   * stream, folds them and writes the documents into the new file. Only when every projection folds each document
   * from one stream's events (`documentsFollowOneStream`); otherwise, and without it, one fold in this thread, in the
   * store's order. A folding thread's heap is bounded (`heapMb`, see rebuild-parts), this one's is not.
   */
  parts?: { sqlitePath: string; threads: number; heapMb?: number };
}

/**
 * Rebuilds every read model from the store into a fresh file, checkpointed at the store's head when it started, then
 * makes it the live file (`handOver`): renamed into place when no process holds the live file, copied into it in one
 * transaction when a server does (that server keeps answering from what it has and reloads when it sees the
 * generation change).
 */
export async function rebuildReadModels(
  store: EventStore,
  definitions: ProjectionDefinition<unknown>[],
  livePath: string,
  onProgress?: (events: number) => void,
  options: RebuildOptions = {},
): Promise<RebuildReport> {
  const started = process.hrtime.bigint();
  removeAbandoned(livePath);
  const rebuiltPath = `${livePath}.rebuild-${process.pid}`;
  const inParts = options.parts && options.parts.threads >= 1 && definitions.every((d) => d.documentsFollowOneStream);
  let folded: Folded;
  const flushing = flushWhileFolding(rebuiltPath);
  try {
    folded = inParts
      ? await foldInParts(store, definitions, rebuiltPath, options.parts!, options, onProgress)
      : await foldHere(store, definitions, rebuiltPath, options, onProgress);
    await flushing.stop();
    checkpointAt(rebuiltPath, definitions, folded.last);
  } catch (error) {
    await flushing.stop();
    rmSync(rebuiltPath, { force: true });
    throw error;
  }
  let handed: HandedOver;
  try {
    handed = handOver(livePath, rebuiltPath);
  } finally {
    rmSync(rebuiltPath, { force: true });
  }
  const { generation, how } = handed;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    events: folded.events,
    seconds,
    checkpoint: folded.last,
    generation,
    handedOver: how,
    readBack: folded.readBack,
    threads: inParts ? options.parts!.threads : 1,
  };
}

/** A new file at `path`, empty, every projection reset to its version. */
function startFile(path: string, definitions: ReadonlyArray<ProjectionDefinition<unknown>>): ReadModelDb {
  rmSync(path, { force: true });
  const file = new ReadModelDb(path, { scratch: true });
  for (const definition of definitions) file.reset(definition.name, definition.version);
  return file;
}

/** The store folded by threads, each a run of whole streams (see foldPartsInThreads). */
async function foldInParts(
  store: EventStore,
  definitions: ReadonlyArray<ProjectionDefinition<unknown>>,
  path: string,
  parts: NonNullable<RebuildOptions['parts']>,
  options: RebuildOptions,
  onProgress?: (events: number) => void,
): Promise<Folded> {
  const until = await store.headPosition();
  const fold = (heapMb: number | null | undefined) => {
    startFile(path, definitions).close();
    return foldPartsInThreads({
      sqlitePath: parts.sqlitePath,
      path,
      threads: parts.threads,
      until,
      projections: definitions.map((d) => d.name),
      heldDocuments: options.heldDocuments,
      pageSize: options.pageSize ?? PAGE,
      onProgress,
      heapMb,
    });
  };
  // A thread whose live objects outgrow its bound (a stream far larger than any measured) fails the fold, which
  // starts over without bounds: slower, never wrong.
  return fold(parts.heapMb).catch((error: unknown) => {
    if ((error as { code?: string }).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw error;
    onProgress?.(0);
    return fold(null);
  });
}

/** The store folded in this thread, in the order of `$all` (any store, any projection). */
async function foldHere(
  store: EventStore,
  definitions: ReadonlyArray<ProjectionDefinition<unknown>>,
  path: string,
  options: RebuildOptions,
  onProgress?: (events: number) => void,
): Promise<Folded> {
  const file = startFile(path, definitions);
  try {
    let after: Position | 'start' = 'start';
    const folded = await foldIntoSink(
      { write: (changes) => file.writeDocuments(changes), read: (projection, key) => file.document(projection, key) },
      definitions,
      async () => {
        const page = await store.readAll({ after, maxCount: options.pageSize ?? PAGE });
        if (page.length > 0) after = page[page.length - 1].position;
        return page;
      },
      { heldDocuments: options.heldDocuments ?? HELD_DOCUMENTS, onProgress },
    );
    return { ...folded, last: after === 'start' ? undefined : after };
  } finally {
    file.close();
  }
}

/** Every projection of the new file checkpointed where the fold ended (none when the store was empty). */
function checkpointAt(path: string, definitions: ReadonlyArray<ProjectionDefinition<unknown>>, last?: Position): void {
  if (!last) return;
  const file = new ReadModelDb(path, { scratch: true });
  try {
    file.commit(
      file.generation(),
      [],
      definitions.map((d) => ({ projection: d.name, position: last, version: d.version })),
    );
  } finally {
    file.close();
  }
}

/**
 * The new file written through to the disk as it grows, once a second, by the thread pool, while the fold keeps the
 * cores: the new file is written without syncing, and `handOver` syncs it before renaming it into place, which then
 * waits only for the last second's pages (at 1M events, 0.3-0.4 s of writing 550 MB at once).
 */
function flushWhileFolding(path: string): { stop(): Promise<void> } {
  let flushing: Promise<void> = Promise.resolve();
  const flush = async () => {
    const file = await open(path, 'r').catch(() => undefined);
    try {
      await file?.datasync();
    } finally {
      await file?.close();
    }
  };
  const timer = setInterval(() => {
    flushing = flushing.then(flush).catch(() => undefined);
  }, FLUSH_EVERY_MS);
  return {
    async stop() {
      clearInterval(timer);
      await flushing;
    },
  };
}

/**
 * New files that a rebuild killed before its end left beside the live file (each as large as the read models): removed
 * when the process that made it is gone. A rebuild running beside this one keeps its own.
 */
function removeAbandoned(livePath: string): void {
  const prefix = `${basename(livePath)}.rebuild-`;
  if (!existsSync(dirname(livePath))) return;
  for (const name of readdirSync(dirname(livePath))) {
    const pid = Number(/^(\d+)(?:-journal)?$/.exec(name.slice(prefix.length))?.[1]);
    if (!name.startsWith(prefix) || !Number.isInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    rmSync(join(dirname(livePath), name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

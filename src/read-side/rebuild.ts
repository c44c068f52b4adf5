import { existsSync, rmSync } from 'node:fs';
import type { ProjectionDefinition } from '../../projections/projection';
import type { EventStore, Position, StoredEvent } from '../event-store/event-store.port';
import { documentChange, type DocumentChange } from './document-change';
import { ReadModelDb } from './read-model.db';
import { foldPartsInThreads, type Folded } from './rebuild-parts';

export interface RebuildReport {
  events: number;
  seconds: number;
  checkpoint?: Position;
  generation: number;
  /** Documents that had left memory for the new file and were read back when touched again. */
  readBack: number;
  /** Threads that folded the store: 1, or one per part (RebuildOptions.parts). */
  threads: number;
}

/** Pages small enough that a page's events die young: larger pages outlive the young generation and cost old-space GC. */
const PAGE = 1000;
/**
 * Whole documents held in memory while folding. Beyond this, the least recently touched go to
 * the new file (and come back if an event touches them again): memory stays bounded whatever
 * the size of the store.
 */
const HELD_DOCUMENTS = 500;

/**
 * Rebuilds every read model from the store into a fresh file, then swaps it into the live file
 * in one transaction. A running server keeps answering from what it has and reloads when it
 * sees the generation change.
 */
export interface RebuildOptions {
  heldDocuments?: number;
  pageSize?: number;
  /**
   * The SQLite store's file, and how many threads fold it: each reads the events of its share of the streams and
   * folds them into a file of its own, and the files are swapped in together. Only when every projection folds each
   * document from one stream's events (`documentsFollowOneStream`); otherwise, and without it, one fold in this thread.
   * One thread is a thread too: its heap is bounded (`heapMb`, see rebuild-parts), this one's is not.
   */
  parts?: { sqlitePath: string; threads: number; heapMb?: number };
}

export async function rebuildReadModels(
  store: EventStore,
  definitions: ProjectionDefinition<unknown>[],
  livePath: string,
  onProgress?: (events: number) => void,
  options: RebuildOptions = {},
): Promise<RebuildReport> {
  const started = process.hrtime.bigint();
  const rebuiltPath = `${livePath}.rebuild-${process.pid}`;
  const inParts = options.parts && options.parts.threads >= 1 && definitions.every((d) => d.documentsFollowOneStream);
  let paths = [rebuiltPath];
  let folded: Folded;
  if (inParts) {
    const head = await store.headPosition();
    paths = Array.from({ length: options.parts!.threads }, (_, i) => `${rebuiltPath}.part-${i}`);
    folded = await foldPartsInThreads({
      sqlitePath: options.parts!.sqlitePath,
      paths,
      until: head,
      projections: definitions.map((d) => d.name),
      heldDocuments: options.heldDocuments ?? HELD_DOCUMENTS,
      pageSize: options.pageSize ?? PAGE,
      onProgress,
      heapMb: options.parts!.heapMb,
    });
  } else {
    const rebuilt = new ReadModelDb(rebuiltPath, { scratch: true });
    try {
      folded = await foldIntoFile(
        rebuilt,
        definitions,
        (after) => store.readAll({ after, maxCount: options.pageSize ?? PAGE }),
        {
          heldDocuments: options.heldDocuments ?? HELD_DOCUMENTS,
          onProgress,
        },
      );
    } finally {
      rebuilt.close();
    }
  }
  const { events, readBack, last } = folded;
  const checkpointed = new ReadModelDb(paths[0], { scratch: true });
  try {
    const checkpoints = last
      ? definitions.map((d) => ({ projection: d.name, position: last, version: d.version }))
      : [];
    checkpointed.commit(checkpointed.generation(), [], checkpoints);
  } finally {
    checkpointed.close();
  }
  const live = new ReadModelDb(livePath);
  try {
    const generation = live.swapInFrom(paths);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { events, seconds, checkpoint: last, generation, readBack, threads: paths.length };
  } finally {
    live.close();
    for (const path of paths)
      for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) rmSync(path + suffix);
  }
}

/**
 * Folds pages of events, as `read` gives them one after another until an empty one, into a fresh file: every
 * projection's documents, none of them checkpointed.
 */
export async function foldIntoFile(
  file: ReadModelDb,
  definitions: ReadonlyArray<ProjectionDefinition<unknown>>,
  read: (after: Position | 'start') => Promise<StoredEvent[]> | StoredEvent[],
  options: { heldDocuments: number; onProgress?: (events: number) => void },
): Promise<Folded> {
  for (const definition of definitions) file.reset(definition.name, definition.version);
  const held = new HeldDocuments(file, options.heldDocuments);
  let after: Position | 'start' = 'start';
  let events = 0;
  for (;;) {
    const page = await read(after);
    if (page.length === 0) break;
    for (const event of page) {
      for (const definition of definitions) {
        for (const key of definition.keysOf(event)) {
          held.set(definition, key, definition.evolve(held.get(definition, key), event, key));
        }
      }
    }
    held.spill();
    after = page[page.length - 1].position;
    events += page.length;
    options.onProgress?.(events);
  }
  held.writeAll();
  return { events, readBack: held.readBack, last: after === 'start' ? undefined : after };
}

interface Held {
  definition: ProjectionDefinition<unknown>;
  key: string;
  /** Undefined: deleted (or never made). */
  doc: unknown;
}

/** The documents being rebuilt, least recently touched first, spilling to the new file past a limit. */
class HeldDocuments {
  private readonly held = new Map<string, Held>();
  /** Documents written to the file and no longer in memory. */
  private readonly inFile = new Set<string>();
  readBack = 0;

  constructor(
    private readonly file: ReadModelDb,
    private readonly limit: number,
  ) {}

  get(definition: ProjectionDefinition<unknown>, key: string): unknown {
    const id = `${definition.name}\u0000${key}`;
    const held = this.held.get(id);
    if (held) return held.doc;
    if (!this.inFile.has(id)) return undefined;
    this.readBack++;
    return this.file.document(definition.name, key);
  }

  set(definition: ProjectionDefinition<unknown>, key: string, doc: unknown): void {
    const id = `${definition.name}\u0000${key}`;
    this.held.delete(id);
    this.held.set(id, { definition, key, doc });
    this.inFile.delete(id);
  }

  /** Writes the least recently touched documents beyond the limit to the file. */
  spill(): void {
    if (this.held.size <= this.limit) return;
    const out: Held[] = [];
    for (const [id, held] of this.held) {
      if (this.held.size - out.length <= this.limit) break;
      out.push(held);
      if (held.doc !== undefined) this.inFile.add(id);
    }
    for (const held of out) this.held.delete(`${held.definition.name}\u0000${held.key}`);
    this.file.writeDocuments(out.map(changeOf));
  }

  writeAll(): void {
    this.file.writeDocuments([...this.held.values()].map(changeOf));
    this.held.clear();
  }
}

function changeOf({ definition, key, doc }: Held): DocumentChange {
  return documentChange(definition, key, doc);
}

import { existsSync, rmSync } from 'node:fs';
import type { ProjectionDefinition } from '../../projections/projection';
import type { EventStore, Position } from '../event-store/event-store.port';
import { documentChange, type DocumentChange } from './document-change';
import { ReadModelDb } from './read-model.db';

export interface RebuildReport {
  events: number;
  seconds: number;
  checkpoint?: Position;
  generation: number;
  /** Documents that had left memory for the new file and were read back when touched again. */
  readBack: number;
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
export async function rebuildReadModels(
  store: EventStore,
  definitions: ProjectionDefinition<unknown>[],
  livePath: string,
  onProgress?: (events: number) => void,
  options: { heldDocuments?: number; pageSize?: number } = {},
): Promise<RebuildReport> {
  const started = process.hrtime.bigint();
  const rebuiltPath = `${livePath}.rebuild-${process.pid}`;
  let after: Position | 'start' = 'start';
  let events = 0;
  let readBack: number;
  const rebuilt = new ReadModelDb(rebuiltPath, { scratch: true });
  try {
    for (const definition of definitions) rebuilt.reset(definition.name, definition.version);
    const held = new HeldDocuments(rebuilt, options.heldDocuments ?? HELD_DOCUMENTS);
    for (;;) {
      const page = await store.readAll({ after, maxCount: options.pageSize ?? PAGE });
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
      onProgress?.(events);
    }
    held.writeAll();
    readBack = held.readBack;
    const checkpoints =
      after === 'start'
        ? []
        : definitions.map((d) => ({ projection: d.name, position: after as Position, version: d.version }));
    rebuilt.commit(rebuilt.generation(), [], checkpoints);
  } finally {
    rebuilt.close();
  }
  const live = new ReadModelDb(livePath);
  try {
    const generation = live.swapInFrom(rebuiltPath);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { events, seconds, checkpoint: after === 'start' ? undefined : after, generation, readBack };
  } finally {
    live.close();
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(rebuiltPath + suffix)) rmSync(rebuiltPath + suffix);
  }
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

import type { ProjectedEvent, ProjectionDefinition } from '../../projections/projection';
import { documentChange, type DocumentChange } from './document-change';

/** Where a rebuild's documents go, and where one that left memory is found again. */
export interface DocumentSink {
  write(changes: DocumentChange[]): void;
  /** A document written earlier, whole. */
  read(projection: string, key: string): unknown;
}

/**
 * Folds pages of events, as `nextPage` gives them until an empty one, into `sink`: every projection's documents, none
 * of them checkpointed. At most `heldDocuments` whole documents stay in memory; the least recently touched go to the
 * sink (and are read back if an event touches them again), so memory stays bounded whatever the size of the store.
 */
export async function foldIntoSink(
  sink: DocumentSink,
  definitions: ReadonlyArray<ProjectionDefinition<unknown>>,
  nextPage: () => Promise<ProjectedEvent[]> | ProjectedEvent[],
  options: { heldDocuments: number; onProgress?: (events: number) => void },
): Promise<{ events: number; readBack: number }> {
  const held = new HeldDocuments(sink, options.heldDocuments);
  let events = 0;
  for (;;) {
    const page = await nextPage();
    if (page.length === 0) break;
    for (const event of page) {
      for (const definition of definitions) {
        for (const key of definition.keysOf(event)) {
          held.set(definition, key, definition.evolve(held.get(definition, key), event, key));
        }
      }
    }
    held.spill();
    events += page.length;
    options.onProgress?.(events);
  }
  held.writeAll();
  return { events, readBack: held.readBack };
}

interface Held {
  definition: ProjectionDefinition<unknown>;
  key: string;
  /** Undefined: deleted (or never made). */
  doc: unknown;
}

/** The documents being rebuilt, least recently touched first, spilling to the sink past a limit. */
class HeldDocuments {
  private readonly held = new Map<string, Held>();
  /** Documents written to the sink and no longer in memory. */
  private readonly written = new Set<string>();
  readBack = 0;

  constructor(
    private readonly sink: DocumentSink,
    private readonly limit: number,
  ) {}

  get(definition: ProjectionDefinition<unknown>, key: string): unknown {
    const id = `${definition.name}\u0000${key}`;
    const held = this.held.get(id);
    if (held) return held.doc;
    if (!this.written.has(id)) return undefined;
    this.readBack++;
    return this.sink.read(definition.name, key);
  }

  set(definition: ProjectionDefinition<unknown>, key: string, doc: unknown): void {
    const id = `${definition.name}\u0000${key}`;
    this.held.delete(id);
    this.held.set(id, { definition, key, doc });
    this.written.delete(id);
  }

  /** Writes the least recently touched documents beyond the limit to the sink. */
  spill(): void {
    if (this.held.size <= this.limit) return;
    const out: Held[] = [];
    for (const [id, held] of this.held) {
      if (this.held.size - out.length <= this.limit) break;
      out.push(held);
      if (held.doc !== undefined) this.written.add(id);
    }
    for (const held of out) this.held.delete(`${held.definition.name}\u0000${held.key}`);
    this.sink.write(out.map(changeOf));
  }

  writeAll(): void {
    this.sink.write([...this.held.values()].map(changeOf));
    this.held.clear();
  }
}

function changeOf({ definition, key, doc }: Held): DocumentChange {
  return documentChange(definition, key, doc);
}

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
  /** When an event last touched it, in events folded: the least recent go first. */
  touched: number;
}

/**
 * The documents being rebuilt, spilling the least recently touched to the sink past a limit. Looked up per projection
 * and key, and ordered only when a page spills: a rebuild touches a document a few million times, and an id made of
 * both and a reordering on every touch were a tenth of a folding thread's time.
 */
class HeldDocuments {
  private readonly held = new Map<ProjectionDefinition<unknown>, Map<string, Held>>();
  private size = 0;
  private clock = 0;
  /** Per projection, the keys of documents written to the sink and no longer in memory. */
  private readonly written = new Map<ProjectionDefinition<unknown>, Set<string>>();
  readBack = 0;

  constructor(
    private readonly sink: DocumentSink,
    private readonly limit: number,
  ) {}

  get(definition: ProjectionDefinition<unknown>, key: string): unknown {
    const held = this.held.get(definition)?.get(key);
    if (held) return held.doc;
    if (!this.written.get(definition)?.has(key)) return undefined;
    this.readBack++;
    return this.sink.read(definition.name, key);
  }

  set(definition: ProjectionDefinition<unknown>, key: string, doc: unknown): void {
    let docs = this.held.get(definition);
    if (!docs) this.held.set(definition, (docs = new Map()));
    const held = docs.get(key);
    if (held) {
      held.doc = doc;
      held.touched = ++this.clock;
      return;
    }
    docs.set(key, { definition, key, doc, touched: ++this.clock });
    this.size++;
    this.written.get(definition)?.delete(key);
  }

  /** Writes the least recently touched documents beyond the limit to the sink. */
  spill(): void {
    if (this.size <= this.limit) return;
    const all = [...this.held.values()].flatMap((docs) => [...docs.values()]);
    const out = all.sort((a, b) => a.touched - b.touched).slice(0, this.size - this.limit);
    for (const held of out) {
      this.held.get(held.definition)!.delete(held.key);
      if (held.doc === undefined) continue;
      let keys = this.written.get(held.definition);
      if (!keys) this.written.set(held.definition, (keys = new Set()));
      keys.add(held.key);
    }
    this.size -= out.length;
    this.sink.write(out.map(changeOf));
  }

  writeAll(): void {
    this.sink.write([...this.held.values()].flatMap((docs) => [...docs.values()]).map(changeOf));
    this.held.clear();
    this.size = 0;
  }
}

function changeOf({ definition, key, doc }: Held): DocumentChange {
  return documentChange(definition, key, doc);
}

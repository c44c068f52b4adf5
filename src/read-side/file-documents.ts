import type { ProjectionDefinition } from '../../projections/projection';
import type { ReadModelDb } from './read-model.db';
import type { StoredChange } from './read-model.commit';
import type { DocumentSource } from './document-source';
import type { ReadModels } from './read-models';

/** Whole documents kept at hand for projections that hold only summaries in memory. */
const WHOLE_DOCUMENTS_CACHED = 512;
const SCAN_FROM_KEYS = 5000;

/** What a document weighs on file (UTF-16 code units): its row's text, and the events of its tail. */
export interface Weight {
  base: number;
  tail: number;
}

/**
 * The read-model file as the read side and the runner read it: whole documents (the most recent few hundred kept at
 * hand), keys, ranks, lookups and scans, for the projections that keep documents on file.
 */
export class FileDocuments {
  /** Recently written or read whole documents of summarising projections, least recent first. */
  private readonly recent = new Map<string, unknown>();
  /** What each of the recent documents weighs on file, when known. */
  private readonly weights = new Map<string, Weight>();

  constructor(
    private readonly db: ReadModelDb,
    private readonly definitions: ReadonlyArray<ProjectionDefinition<unknown>>,
    private readonly readModels: ReadModels,
  ) {}

  /** What ReadModels reads from the file. */
  source(): DocumentSource {
    const db = this.db;
    const definitionOf = (projection: string) => this.definitions.find((d) => d.name === projection);
    const onFile = (test: (d: ProjectionDefinition<unknown>) => unknown) =>
      new Set(this.definitions.filter((d) => d.onFileOnly && test(d)).map((d) => d.name));
    return {
      one: (projection, key) => {
        const definition = definitionOf(projection);
        return definition ? this.whole(definition, key) : undefined;
      },
      many: (projection, keys) => {
        const definition = definitionOf(projection);
        if (!definition) return keys.map(() => undefined);
        // Past a few thousand, one pass over the projection's rows beats a lookup per key.
        if ((definition.summarize || definition.onFileOnly) && keys.length >= SCAN_FROM_KEYS)
          return db.documentsByKey(projection, keys);
        return keys.map((key) => this.whole(definition, key));
      },
      keysAfter: (projection, after, limit) => db.keysAfter(projection, after, limit),
      count: (projection) => db.count(projection),
      note: (name) => db.note(name),
      setNote: (name, value) => db.setNote(name, value),
      keptOnFile: onFile(() => true),
      ranked: onFile((d) => d.rank),
      rankedBelow: (projection, below, limit) => {
        const definition = definitionOf(projection);
        return definition ? db.ranked(projection, below, limit, definition.summarize) : [];
      },
      lookedUp: onFile((d) => d.lookups),
      lookUp: (projection, value) => {
        const definition = definitionOf(projection);
        return definition ? db.lookedUp(projection, value, definition.summarize) : [];
      },
      countLookedUp: (projection, value) => db.countLookedUp(projection, value),
      scan: (projection) => {
        const definition = definitionOf(projection);
        return definition ? db.documents(projection, definition.summarize) : [];
      },
    };
  }

  /** As committed: from memory, or for a summarising projection from the recent ones or the file. */
  whole(definition: ProjectionDefinition<unknown>, key: string): unknown {
    if (!definition.summarize && !definition.onFileOnly) return this.readModels.get(definition.name, key);
    const id = `${definition.name}\u0000${key}`;
    if (this.recent.has(id)) return this.recent.get(id);
    const weighed = this.db.weighedDocument(definition.name, key);
    this.remember(definition.name, key, weighed?.doc, weighed && { base: weighed.base, tail: weighed.tail });
    return weighed?.doc;
  }

  /** What a whole document read or written lately weighs on file; undefined when not known. */
  weightOf(projection: string, key: string): Weight | undefined {
    return this.weights.get(`${projection}\u0000${key}`);
  }

  remember(projection: string, key: string, doc: unknown, weight?: Weight): void {
    const id = `${projection}\u0000${key}`;
    this.recent.delete(id);
    this.recent.set(id, doc);
    if (weight) this.weights.set(id, weight);
    else this.weights.delete(id);
    if (this.recent.size > WHOLE_DOCUMENTS_CACHED) {
      const oldest = this.recent.keys().next().value!;
      this.recent.delete(oldest);
      this.weights.delete(oldest);
    }
  }

  /** Remembers the documents of a committed batch with what they now weigh on file. */
  rememberCommitted(projection: string, key: string, doc: unknown, stored: StoredChange): void {
    const [, , text, , , , tail] = stored;
    const before = this.weightOf(projection, key);
    let weight: Weight | undefined;
    if (tail !== null) weight = before && { base: before.base, tail: tail.reduce((n, e) => n + e.length, before.tail) };
    else if (text !== null) weight = { base: text.length, tail: 0 };
    this.remember(projection, key, doc, weight);
  }

  /** The file now holds another set (a replay swapped it in): nothing remembered holds. */
  forget(): void {
    this.recent.clear();
    this.weights.clear();
  }
}

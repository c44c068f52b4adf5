import type { ProjectionDefinition } from '../../projections/projection';

/** A document as the read-model file keeps it, with what the file indexes it by. */
export interface DocumentChange {
  projection: string;
  key: string;
  /** Undefined deletes the document. */
  doc: unknown;
  /** For projections that summarise their documents: what the read side keeps in memory. */
  summary?: unknown;
  /** For projections that rank their documents: what the file orders them by. */
  rank?: number;
  /** For projections that look their documents up: the values the file finds this one by. */
  lookups?: readonly string[];
  /**
   * For projections that store changes: the events (as stored texts) to add to the document's tail instead of
   * writing it whole; `doc` is then what they make of it, and neither it nor its summary is written.
   */
  tail?: readonly string[];
}

/** How a projection's documents are indexed in the file, from what the read side holds of them. */
export interface Indexing {
  projection: string;
  rank?: (held: unknown) => number;
  lookups?: (held: unknown) => readonly string[];
}

/** What the file keeps of a projection's document (undefined: deleted): with its summary, rank and lookups. */
export function documentChange(definition: ProjectionDefinition<unknown>, key: string, doc: unknown): DocumentChange {
  if (doc === undefined) return { projection: definition.name, key, doc };
  const summary = definition.summarize?.(doc);
  const rank = definition.rank?.(doc);
  const lookups = definition.lookups?.(doc);
  return {
    projection: definition.name,
    key,
    doc,
    ...(summary !== undefined && { summary }),
    ...(rank !== undefined && { rank }),
    ...(lookups !== undefined && { lookups }),
  };
}

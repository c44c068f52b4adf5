/**
 * A projection as pure data and functions: which documents an event touches, and how one
 * document evolves with it — `(state, event) => state` per document. The runner in src/ stores
 * the documents and the checkpoint; the replay CLI and the tests fold with the same functions.
 */

/** What a projection sees of a stored event (structurally a subset of the store's StoredEvent). */
export interface ProjectedEvent {
  stream: string;
  revision: number;
  type: string;
  data: unknown;
  metadata: { [key: string]: unknown };
}

export interface ProjectionDefinition<Doc> {
  name: string;
  /** Bump when `evolve` changes meaning: the runner then rebuilds this projection from the start. */
  version: number;
  /** Keys of the documents this event changes; none to pass it by. */
  keysOf(event: ProjectedEvent): readonly string[];
  evolve(doc: Doc | undefined, event: ProjectedEvent, key: string): Doc | undefined;
  /**
   * Optional: the part of a document that queries over all documents read. When given, the read
   * side holds only summaries in memory and reads a whole document from its file when one is
   * asked for by key; `evolve` always gets the whole document.
   */
  summarize?(doc: Doc): Doc;
  /**
   * Optional: the documents live in the read-model file only, none in memory (a projection that grows without
   * bound). Queries read them from the file: the summaries to filter and order, then the whole documents answered.
   */
  onFileOnly?: boolean;
  /**
   * Optional, with onFileOnly: a number, unique to each document, that the file indexes it by, so that a query can
   * read documents from the highest down and stop once it has enough, instead of reading every summary to sort them.
   * It must be computable from the summary too: documents stored before it existed are ranked from their summaries.
   */
  rank?(doc: Doc): number;
  /**
   * Optional, with onFileOnly: values a query finds documents by (an alert: its case, its opinion). The file indexes
   * each, so that such a query reads those few documents instead of every summary. Computable from the summary too.
   */
  lookups?(doc: Doc): readonly string[];
  /**
   * Optional: documents that grow with every event they see (a case file keeps every fact of its case). Once one is
   * past a few kilobytes, the file stores the events it saw since it was last written whole, and writes it whole again
   * only when those weigh as much as it does: what storing an event costs stays the same however long the document
   * grows. Reading it back folds those events with `evolve`. Not with `rank` or `lookups`, which index whole writes.
   */
  storesChanges?: boolean;
  /**
   * Optional: every document is folded from the events of one stream only (a case file from its case's, an alert from
   * the one event that raised it). A rebuild may then fold the streams in parts, side by side.
   */
  documentsFollowOneStream?: boolean;
  /**
   * Optional: the streams whose events' metadata `evolve` reads; empty when it reads none. Left out, it may read any
   * event's. A rebuild reads metadata only where some projection does: it is mostly the hash chain, and a fifth of
   * what reading the store costs.
   */
  metadataOf?: readonly string[];
}

/** Folds events into a map of documents: what the runner does, without storage. */
export function foldDocuments<Doc>(
  definition: ProjectionDefinition<Doc>,
  events: Iterable<ProjectedEvent>,
  documents: Map<string, Doc> = new Map(),
): Map<string, Doc> {
  for (const event of events) {
    for (const key of definition.keysOf(event)) {
      const next = definition.evolve(documents.get(key), event, key);
      if (next === undefined) documents.delete(key);
      else documents.set(key, next);
    }
  }
  return documents;
}

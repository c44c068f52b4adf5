/** What the read models read from the read-model file: whole documents, keys, ranks, lookups, counts and notes. */
export interface DocumentSource {
  one(projection: string, key: string): unknown;
  /** In the order of `keys`, undefined where there is no document. */
  many(projection: string, keys: readonly string[]): unknown[];
  /** Every document as held (its summary, for projections that summarise), from the file. */
  scan(projection: string): Iterable<[string, unknown]>;
  /** Keys after `after` (`''`: from the first), in key order, from the file. */
  keysAfter(projection: string, after: string, limit: number): string[];
  count(projection: string): number;
  note(name: string): string | undefined;
  setNote(name: string, value: string): void;
  /** Projections whose documents are kept on file only (none of them in memory). */
  keptOnFile: ReadonlySet<string>;
  /** Those of them the file also indexes by rank. */
  ranked: ReadonlySet<string>;
  /** Documents as held, with their rank, from the highest rank below `below` down, from the file. */
  rankedBelow(projection: string, below: number, limit: number): Array<[string, unknown, number]>;
  /** Those of them the file also finds by lookup values. */
  lookedUp: ReadonlySet<string>;
  /** Documents as held that the file finds by this value, in no order. */
  lookUp(projection: string, value: string): Array<[string, unknown]>;
  /** How many documents the file finds by this value, from its index alone. */
  countLookedUp(projection: string, value: string): number;
}

/** A projection's documents still on file, read into memory a page at a time (see `ReadModels.replaceAll`). */
export interface DocumentsOnFile {
  /** The next page as held in memory, or an empty one when all were read. */
  nextPage(): Array<[string, unknown]>;
  /** One document as held in memory, from the file; undefined when there is none. */
  one(key: string): unknown;
}

import type Database from 'better-sqlite3';
import type { Position } from '../event-store/event-store.port';
import { formatPosition } from '../event-store/position';
import type { DocumentChange } from './document-change';
import { WRITER, type prepareStatements } from './read-model.schema';

type Statements = ReturnType<typeof prepareStatements>;

/**
 * A change as the file stores it: texts made on the event loop, so that the read-model writer thread only inserts
 * them (plain data crosses to a thread; documents would be copied field by field). A null document deletes.
 */
export type StoredChange = [
  projection: string,
  key: string,
  doc: string | null,
  summary: string | null,
  rank: number | null,
  lookups: readonly string[] | null,
  /** Events to add to the document's tail, the document itself left as it is; null writes it whole (or deletes). */
  tail: readonly string[] | null,
];

export interface Batch {
  generation: number;
  /** The instance that claimed the file, or undefined for a writer that claims nothing (a rebuild). */
  writer?: string;
  changes: StoredChange[];
  checkpoints: Array<[projection: string, position: string, version: number]>;
}

export function storedChange({ projection, key, doc, summary, rank, lookups, tail }: DocumentChange): StoredChange {
  if (doc === undefined) return [projection, key, null, null, null, null, null];
  if (tail !== undefined) return [projection, key, null, null, null, null, tail];
  const summaryText = summary === undefined ? null : JSON.stringify(summary);
  return [projection, key, JSON.stringify(doc), summaryText, rank ?? null, lookups ?? null, null];
}

export function storedBatch(
  generation: number,
  changes: DocumentChange[],
  checkpoints: Array<{ projection: string; position: Position; version: number }>,
  writer?: string,
): Batch {
  return {
    generation,
    writer,
    changes: changes.map(storedChange),
    checkpoints: checkpoints.map((c) => [c.projection, formatPosition(c.position), c.version]),
  };
}

export function writeChanges(statements: Statements, changes: readonly StoredChange[]): void {
  for (const [projection, key, doc, summary, rank, lookups, tail] of changes) {
    if (tail !== null) {
      for (const event of tail) statements.appendTail.run({ projection, key, event });
      continue;
    }
    // A document's lookups are replaced with it; the probe costs only projections that have them, and deletions.
    if (doc === null || lookups !== null) statements.forgetLookups.run(projection, key);
    // Written whole (or deleted), a document has no tail; the probe is one index lookup.
    statements.forgetTail.run(projection, key);
    if (doc === null) statements.remove.run(projection, key);
    else {
      statements.upsert.run(projection, key, doc, summary, rank);
      for (const value of lookups ?? []) statements.addLookup.run(projection, value, key);
    }
  }
}

/**
 * Commits a batch: its document changes and the checkpoints, all or nothing. Refuses (false, nothing written) when
 * the generation moved (the file now holds another, rebuilt set) or, given a writer, when another instance claimed
 * the file since.
 */
export function commitBatch(db: Database.Database, statements: Statements, batch: Batch): boolean {
  return db
    .transaction(() => {
      if (Number(statements.generation.get()) !== batch.generation) return false;
      if (batch.writer !== undefined && statements.note.get(WRITER) !== batch.writer) return false;
      writeChanges(statements, batch.changes);
      for (const [projection, position, version] of batch.checkpoints)
        statements.setCheckpoint.run(projection, position, version);
      return true;
    })
    .immediate();
}

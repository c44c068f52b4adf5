import type Database from 'better-sqlite3';
import { DuplicateEventIdError, WrongExpectedRevisionError } from './event-store.errors';
import type { EventToAppend, ExpectedRevision } from './event-store.port';
import { confirmIdempotent, NO_STREAM, planAppend } from './expected-revision';
import { chainParts, GENESIS_HASH, linkEvent } from './hash-chain';
import { uuidToBlob } from './sqlite.schema';
import { prepareWrites } from './sqlite.statements';

/**
 * One append as the writer thread receives it: every event id up front (the idempotency checks
 * need them all), then the events' chain parts in one or more chunks, so the writer can insert the
 * first ones while the event loop still prepares the rest.
 */
export interface AppendOpening {
  id: number;
  stream: string;
  expected: ExpectedRevision;
  eventIds: string[];
}

/** Per event, flat: event id, type, then the four ChainParts texts. */
export type PreparedChunk = string[];
export const PREPARED_FIELDS = 6;

/** Done on the event loop: the chain parts of each event, so the writer thread only links and inserts. */
export function prepareChunk(stream: string, events: readonly EventToAppend[]): PreparedChunk {
  const chunk: string[] = [];
  for (const { eventId, type, data, metadata } of events) {
    const parts = chainParts({ stream, eventId, type, data, metadata: metadata ?? {} });
    chunk.push(eventId, type, parts.head, parts.tail, parts.data, parts.metadataHead);
  }
  return chunk;
}

/** What became of one append; errors cross the thread as plain data (see `toAppendError`). */
export type AppendOutcome =
  | { id: number; ok: true; nextExpectedRevision: number; position: number; written: boolean }
  | { id: number; ok: false; error: CarriedError };

export interface CarriedError {
  name: string;
  message: string;
  code?: string;
  stream?: string;
  expected?: ExpectedRevision;
  actual?: number | 'no_stream';
  eventId?: string;
}

interface AppendInProgress {
  opening: AppendOpening;
  revision: number;
  prevHash: string;
  position: number;
  /** Decided before the last chunk (refused, found stored already, abandoned): later chunks are skipped. */
  outcome?: AppendOutcome;
}

/**
 * The write side of the SQLite store, run in its writer thread: appends that arrive together share
 * one transaction and so one fsync (group commit); each keeps its own savepoint, so each is still
 * all-or-nothing and checked against its own expected revision. The hash chain is linked here,
 * inside the transaction, so two writers can never fork a stream's chain.
 */
export class SqliteAppender {
  private readonly statements: ReturnType<typeof prepareWrites>;
  private current?: AppendInProgress;
  private recordedAt = 0;

  constructor(private readonly db: Database.Database) {
    this.statements = prepareWrites(db);
  }

  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  begin(): void {
    this.statements.begin.run();
    this.recordedAt = Date.now();
  }

  commit(): void {
    this.statements.commit.run();
  }

  rollback(): void {
    if (this.db.inTransaction) this.statements.rollback.run();
    this.current = undefined;
  }

  open(opening: AppendOpening): void {
    this.statements.savepoint.run();
    const head = this.statements.head.get(opening.stream) as [number, string] | undefined;
    const current = head ? head[0] : NO_STREAM;
    const append: AppendInProgress = {
      opening,
      revision: current,
      prevHash: head ? head[1] : GENESIS_HASH,
      position: 0,
    };
    this.current = append;
    this.decideEarly(append, () => {
      const plan = planAppend(opening.stream, opening.expected, current);
      if (plan.kind !== 'check_idempotent') return;
      const already = this.alreadyStored(opening, plan.from);
      if (already !== undefined) {
        append.outcome = { id: opening.id, ok: true, nextExpectedRevision: current, position: already, written: false };
        return;
      }
      confirmIdempotent(opening.stream, opening.expected, current, [], opening.eventIds);
    });
  }

  /** Inserts a chunk of the append in progress; after its last chunk, answers what became of it. */
  add(chunk: PreparedChunk, last: boolean): AppendOutcome | undefined {
    const append = this.current;
    if (!append) throw new Error('a chunk arrived with no append open');
    this.decideEarly(append, () => this.insert(append, chunk));
    if (!last) return undefined;
    this.current = undefined;
    if (append.outcome) return this.undo(append.outcome);
    this.statements.setHead.run(append.opening.stream, append.revision, append.prevHash);
    this.statements.release.run();
    return {
      id: append.opening.id,
      ok: true,
      nextExpectedRevision: append.revision,
      position: append.position,
      written: true,
    };
  }

  /** The event loop could not prepare the rest of the append: nothing of it stays. */
  abandon(): AppendOutcome {
    const append = this.current;
    if (!append) throw new Error('no append open to abandon');
    this.current = undefined;
    return this.undo(append.outcome ?? { id: append.opening.id, ok: false, error: { name: 'Abandoned', message: '' } });
  }

  private undo(outcome: AppendOutcome): AppendOutcome {
    this.statements.rollbackTo.run();
    this.statements.release.run();
    return outcome;
  }

  /** Runs a step of the append unless its outcome is known; an error becomes its outcome. */
  private decideEarly(append: AppendInProgress, step: () => void): void {
    if (append.outcome) return;
    try {
      step();
    } catch (error) {
      append.outcome = { id: append.opening.id, ok: false, error: carried(error) };
    }
  }

  private insert(append: AppendInProgress, chunk: PreparedChunk): void {
    const { stream } = append.opening;
    for (let i = 0; i < chunk.length; i += PREPARED_FIELDS) {
      const revision = append.revision + 1;
      const parts = { head: chunk[i + 2], tail: chunk[i + 3], data: chunk[i + 4], metadataHead: chunk[i + 5] };
      const { hash, metadata } = linkEvent(parts, revision, append.prevHash);
      try {
        const info = this.statements.insert.run(
          stream,
          revision,
          uuidToBlob(chunk[i]),
          chunk[i + 1],
          parts.data,
          metadata,
          this.recordedAt,
        );
        append.position = Number(info.lastInsertRowid);
      } catch (error) {
        this.answerStoredAlready(append, error);
        return;
      }
      append.revision = revision;
      append.prevHash = hash;
    }
  }

  /**
   * The unique index on event ids is the duplicate check: only when it fires is it worth asking
   * whether the whole append is stored already (a retry after a lost answer).
   */
  private answerStoredAlready(append: AppendInProgress, error: unknown): void {
    if ((error as { code?: unknown })?.code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
    const { opening } = append;
    this.statements.rollbackTo.run();
    const already = this.alreadyStored(opening);
    if (already === undefined) throw error;
    const head = this.statements.head.get(opening.stream) as [number, string] | undefined;
    const current = head ? head[0] : NO_STREAM;
    append.outcome = { id: opening.id, ok: true, nextExpectedRevision: current, position: already, written: false };
  }

  /** Position of the last event when all are stored already at the same place, else undefined. */
  private alreadyStored({ stream, eventIds }: AppendOpening, from?: number): number | undefined {
    const found = eventIds.map(
      (id) => this.statements.byId.get(uuidToBlob(id)) as [string, number, number] | undefined,
    );
    if (found.every((f) => f === undefined)) return undefined;
    const first = found[0];
    const samePlace =
      first !== undefined &&
      first[0] === stream &&
      (from === undefined || first[1] === from) &&
      found.every((f, i) => f !== undefined && f[0] === stream && f[1] === first[1] + i);
    if (!samePlace) throw new DuplicateEventIdError(stream, eventIds[found.findIndex((f) => f !== undefined)]);
    return found[found.length - 1]![2];
  }
}

/** An error as data that survives postMessage, with what its class carries. */
export function carried(error: unknown): CarriedError {
  if (error instanceof WrongExpectedRevisionError) {
    const { name, message, stream, expected, actual } = error;
    return { name, message, stream, expected, actual };
  }
  if (error instanceof DuplicateEventIdError) {
    const { name, message, stream, eventId } = error;
    return { name, message, stream, eventId };
  }
  const { name, message, code } = error as { name?: unknown; message?: unknown; code?: unknown };
  return {
    name: typeof name === 'string' ? name : 'Error',
    message: typeof message === 'string' ? message : String(error),
    code: typeof code === 'string' ? code : undefined,
  };
}

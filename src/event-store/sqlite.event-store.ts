import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { catchUpSubscription } from './catch-up-subscription';
import { DuplicateEventIdError, StoreUnavailableError, StreamNotFoundError } from './event-store.errors';
import type {
  AppendResult,
  EventStore,
  EventSubscription,
  EventToAppend,
  ExpectedRevision,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  SubscribeToAllOptions,
} from './event-store.port';
import { confirmIdempotent, NO_STREAM, planAppend } from './expected-revision';
import { chainedEventJson, GENESIS_HASH } from './hash-chain';
import { positionOf } from './position';
import { configure, migrate, type Synchronous, uuidToBlob } from './sqlite.schema';
import { prepareStatements, toStoredEvent, type EventRow } from './sqlite.statements';
import { assertAppendable } from './store-reads';

interface PendingAppend {
  stream: string;
  events: EventToAppend[];
  expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/**
 * The embedded store. Appends that arrive together share one transaction and so one fsync
 * (group commit); each keeps its own savepoint, so each is still all-or-nothing and checked
 * against its own expected revision.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly appended = new EventEmitter();
  private readonly statements: ReturnType<typeof prepareStatements>;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;

  constructor(
    readonly path: string,
    options: { synchronous?: Synchronous; pollMs?: number } = {},
  ) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    configure(this.db, options.synchronous ?? 'full');
    migrate(this.db);
    this.pollMs = options.pollMs ?? 100;
    this.appended.setMaxListeners(0);
    this.statements = prepareStatements(this.db);
  }

  private readonly pollMs: number;

  appendToStream(
    stream: string,
    events: EventToAppend[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new StoreUnavailableError('the event store is closed'));
      assertAppendable(stream, events);
      this.queue.push({ stream, events, expected: options.expectedRevision ?? 'any', resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Everything queued since the last flush goes into one transaction. */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const outcomes: Array<{ ok: true; result: AppendResult } | { ok: false; error: unknown }> = [];
    const recordedAt = Date.now();
    const { begin, commit, savepoint, release, rollbackTo } = this.statements;
    try {
      begin.run();
      for (const pending of batch) {
        savepoint.run();
        try {
          outcomes.push({ ok: true, result: this.write(pending, recordedAt) });
          release.run();
        } catch (error) {
          rollbackTo.run();
          release.run();
          outcomes.push({ ok: false, error: asStoreError(error) });
        }
      }
      commit.run();
    } catch (error) {
      if (this.db.inTransaction) this.statements.rollback.run();
      const failure = asStoreError(error);
      for (const pending of batch) pending.reject(failure);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    });
    if (outcomes.some((o) => o.ok && o.result.written)) this.appended.emit('appended');
  }

  private write({ stream, events, expected }: PendingAppend, recordedAt: number): AppendResult {
    const head = this.statements.head.get(stream) as [number, string] | undefined;
    const current = head ? head[0] : NO_STREAM;
    const plan = planAppend(stream, expected, current);
    if (plan.kind === 'check_idempotent') {
      const already = this.alreadyStored(stream, events, plan.from);
      if (already) return { nextExpectedRevision: current, position: already, written: false };
      const ids = events.map((e) => e.eventId);
      confirmIdempotent(stream, expected, current, [], ids);
    }
    try {
      return this.insert(stream, events, current, head ? head[1] : GENESIS_HASH, recordedAt);
    } catch (error) {
      // The unique index on event ids is the duplicate check: only when it fires is it worth
      // asking whether the whole append is stored already (a retry after a lost answer).
      if ((error as { code?: unknown })?.code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      this.statements.rollbackTo.run();
      const already = this.alreadyStored(stream, events);
      if (already) return { nextExpectedRevision: current, position: already, written: false };
      throw error;
    }
  }

  private insert(
    stream: string,
    events: EventToAppend[],
    current: number,
    headHash: string,
    recordedAt: number,
  ): AppendResult {
    let prevHash = headHash;
    let revision = current;
    let position = 0;
    for (const event of events) {
      revision++;
      const { hash, data, metadata } = chainedEventJson(
        {
          stream,
          revision,
          eventId: event.eventId,
          type: event.type,
          data: event.data,
          metadata: event.metadata ?? {},
        },
        prevHash,
      );
      prevHash = hash;
      const info = this.statements.insert.run(
        stream,
        revision,
        uuidToBlob(event.eventId),
        event.type,
        data,
        metadata,
        recordedAt,
      );
      position = Number(info.lastInsertRowid);
    }
    this.statements.setHead.run(stream, revision, prevHash);
    return { nextExpectedRevision: revision, position: positionOf(position), written: true };
  }

  /** Position of the last event when all are stored already at the same place, else undefined. */
  private alreadyStored(stream: string, events: EventToAppend[], from?: number): Position | undefined {
    const found = events.map(
      (e) => this.statements.byId.get(uuidToBlob(e.eventId)) as [string, number, number] | undefined,
    );
    if (found.every((f) => f === undefined)) return undefined;
    const first = found[0];
    const samePlace =
      first !== undefined &&
      first[0] === stream &&
      (from === undefined || first[1] === from) &&
      found.every((f, i) => f !== undefined && f[0] === stream && f[1] === first[1] + i);
    if (!samePlace) throw new DuplicateEventIdError(stream, events[found.findIndex((f) => f !== undefined)].eventId);
    return positionOf(found[found.length - 1]![2]);
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const backwards = options.direction === 'backwards';
    const max = options.maxCount ?? -1;
    const from = options.fromRevision ?? (backwards ? 'end' : 'start');
    const rows = (
      backwards
        ? this.statements.streamBackwards.all(
            stream,
            from === 'end' ? Number.MAX_SAFE_INTEGER : from === 'start' ? 0 : from,
            max,
          )
        : this.statements.streamForwards.all(
            stream,
            from === 'start' ? 0 : from === 'end' ? Number.MAX_SAFE_INTEGER : from,
            max,
          )
    ) as EventRow[];
    if (rows.length === 0 && !(await this.streamExists(stream))) throw new StreamNotFoundError(stream);
    return rows.map(toStoredEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    return this.readAllNow(options);
  }

  private readAllNow(options: ReadAllOptions): StoredEvent[] {
    const backwards = options.direction === 'backwards';
    const max = options.maxCount ?? -1;
    const after = options.after ?? (backwards ? 'end' : 'start');
    if (backwards) {
      const before = after === 'end' ? Number.MAX_SAFE_INTEGER : after === 'start' ? 0 : Number(after.commit);
      return (this.statements.allBackwards.all(before, max) as EventRow[]).map(toStoredEvent);
    }
    if (after === 'end') return [];
    const from = after === 'start' ? 0 : Number(after.commit);
    return (this.statements.allForwards.all(from, max) as EventRow[]).map(toStoredEvent);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): EventSubscription {
    return catchUpSubscription(
      {
        readAfter: async (after, maxCount) => this.readAllNow({ after, maxCount }),
        onAppended: (listener) => {
          this.appended.on('appended', listener);
          return () => this.appended.off('appended', listener);
        },
      },
      { ...options, pollMs: this.pollMs },
    );
  }

  async streamExists(stream: string): Promise<boolean> {
    return this.statements.head.get(stream) !== undefined;
  }

  async recordedHead(stream: string): Promise<{ revision: number; hash: string } | undefined> {
    const head = this.statements.head.get(stream) as [number, string] | undefined;
    return head && { revision: head[0], hash: head[1] };
  }

  async headPosition(): Promise<Position | undefined> {
    const last = this.statements.lastPosition.get() as number | null;
    return last === null ? undefined : positionOf(last);
  }

  /** Waits for queued appends, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    this.appended.emit('appended');
    this.appended.removeAllListeners();
    this.db.close();
  }
}

const UNAVAILABLE = new Set([
  'SQLITE_FULL',
  'SQLITE_READONLY',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
]);

/** Disk full, read-only file and the like become StoreUnavailableError; domain errors pass. */
function asStoreError(error: unknown): unknown {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && [...UNAVAILABLE].some((c) => code.startsWith(c))) {
    return new StoreUnavailableError(`the event store cannot write now (${code})`, error);
  }
  return error;
}

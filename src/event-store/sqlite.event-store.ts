import { EventEmitter } from 'node:events';
import Database from 'better-sqlite3';
import { createPrivately } from './private-file';
import { catchUpSubscription } from './catch-up-subscription';
import { StoreUnavailableError, StreamNotFoundError } from './event-store.errors';
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
import { positionOf } from './position';
import { configure, migrate, type Synchronous } from './sqlite.schema';
import { prepareReads, toStoredEvent, type EventRow } from './sqlite.statements';
import { SqliteWriter } from './sqlite-writer';
import { assertAppendable } from './store-reads';

/**
 * The embedded store. Reads run on the event loop through their own connection; appends go to a
 * writer thread (SqliteWriter), where appends that arrive together share one transaction and so
 * one fsync (group commit). SQLite's WAL lets the reads go on while the writer commits.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly appended = new EventEmitter();
  private readonly statements: ReturnType<typeof prepareReads>;
  private readonly writer: SqliteWriter;
  private readonly pollMs: number;
  private closed = false;

  constructor(
    readonly path: string,
    options: { synchronous?: Synchronous; pollMs?: number } = {},
  ) {
    if (path === ':memory:') throw new RangeError('the SQLite store needs a file: its writer thread opens it too');
    createPrivately(path);
    this.db = new Database(path);
    const synchronous = options.synchronous ?? 'full';
    configure(this.db, synchronous);
    migrate(this.db);
    this.pollMs = options.pollMs ?? 100;
    this.appended.setMaxListeners(0);
    this.statements = prepareReads(this.db);
    this.writer = new SqliteWriter({ path, synchronous }, () => this.appended.emit('appended'));
  }

  async appendToStream(
    stream: string,
    events: EventToAppend[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    if (this.closed) throw new StoreUnavailableError('the event store is closed');
    assertAppendable(stream, events);
    return this.writer.append(stream, events, options.expectedRevision ?? 'any');
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

  /** Waits for the appends under way, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writer.close();
    this.appended.emit('appended');
    this.appended.removeAllListeners();
    this.db.close();
  }
}

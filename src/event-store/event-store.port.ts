/**
 * The event-store port: the one interface every store adapter implements (in-memory, SQLite,
 * EventStoreDB). Semantics follow EventStoreDB, the production store:
 * - a stream's first event has revision 0;
 * - expected revision is `no_stream`, `any`, `stream_exists` or an exact revision;
 * - re-appending the same event ids at the same place succeeds without writing twice;
 * - `$all` positions are opaque and increasing; resuming "after" a position never repeats it.
 * Every stored event's metadata carries the tamper-evidence chain (`prevHash`, `hash`), computed by
 * the store inside its own concurrency guard (see hash-chain.ts).
 */

export const EVENT_STORE = Symbol('EVENT_STORE');

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type ExpectedRevision = 'no_stream' | 'any' | 'stream_exists' | number;

/**
 * A place in the global (`$all`) order. EventStoreDB needs both halves to resume a read; stores
 * with a single sequence use the same number for both.
 */
export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export interface EventToAppend {
  /** UUID; the app makes time-ordered (v7) ids so the store's id index stays cheap. */
  eventId: string;
  type: string;
  data: JsonValue;
  metadata?: JsonObject;
}

export interface StoredEvent {
  eventId: string;
  stream: string;
  revision: number;
  position: Position;
  type: string;
  data: JsonValue;
  /** What the writer gave, plus `prevHash` and `hash` added by the store. */
  metadata: JsonObject;
  recordedAt: Date;
}

export interface AppendResult {
  /** Revision of the stream's last event after the append (the next expected revision). */
  nextExpectedRevision: number;
  /** Position of the last event appended (or found, on an idempotent re-append). */
  position: Position;
  /** False when every event was already there (idempotent re-append): nothing written. */
  written: boolean;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  direction?: Direction;
  /** Inclusive. Default: `start` forwards, `end` backwards. */
  fromRevision?: number | 'start' | 'end';
  maxCount?: number;
}

export interface ReadAllOptions {
  direction?: Direction;
  /**
   * Exclusive: a checkpoint is the last position processed, and reading resumes after it.
   * Default: `start` forwards, `end` backwards.
   */
  after?: Position | 'start' | 'end';
  maxCount?: number;
}

export interface SubscribeToAllOptions {
  /** Exclusive, like ReadAllOptions.after. */
  after?: Position | 'start';
  /** Largest batch handed over at once. */
  maxBatch?: number;
}

/** What a subscription hands over: the events available now, and whether it has caught up. */
export interface SubscriptionBatch {
  events: StoredEvent[];
  /** True once the batch ends at the store's head as known at that moment. */
  caughtUp: boolean;
}

/** Catch-up then live, until closed. Iterate it; `close()` ends the iteration. */
export interface EventSubscription extends AsyncIterable<SubscriptionBatch> {
  close(): Promise<void>;
}

export interface EventStore {
  appendToStream(
    stream: string,
    events: EventToAppend[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult>;

  /** Throws StreamNotFoundError when the stream has no events. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;

  /** User events only (EventStoreDB's `$`-prefixed system events are skipped). */
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;

  subscribeToAll(options?: SubscribeToAllOptions): EventSubscription;

  streamExists(stream: string): Promise<boolean>;

  /** Position of the newest event, or undefined for an empty store. */
  headPosition(): Promise<Position | undefined>;

  /**
   * The stream's head as the store records it apart from the events (revision and last hash), for
   * stores that keep one: lets `verify` notice a deleted last event, which a chain alone cannot.
   */
  recordedHead?(stream: string): Promise<{ revision: number; hash: string } | undefined>;

  close(): Promise<void>;
}

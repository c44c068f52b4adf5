import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  WrongExpectedVersionError,
  type JSONType,
  type ResolvedEvent,
} from '@eventstore/db-client';
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
import { confirmIdempotent, NO_STREAM as NO_REVISION, planAppend } from './expected-revision';
import { chainMetadata, GENESIS_HASH } from './hash-chain';
import { drain, mapAll, positionOf, retryOnce, sleep, toPortError, toStoredEvent } from './esdb.mapping';
import { EsdbSubscription, type ReconnectOptions } from './esdb.subscription';
import { comparePositions } from './position';
import { assertAppendable } from './store-reads';

export interface EsdbEventStoreOptions {
  /** How a dropped subscription comes back (defaults: 250 ms doubling to 5 s, 20 attempts in a row). */
  reconnect?: Partial<ReconnectOptions>;
  /** Rounds of re-read and re-chain an `any`/`stream_exists` append gets under contention (default 100). */
  maxAppendAttempts?: number;
}

// Raw records per `$all` page: system events are skipped client-side, so a page may yield fewer.
const MIN_PAGE = 64;
const MAX_PAGE = 4096;
const HASH = /^[0-9a-f]{64}$/;

/**
 * The port on EventStoreDB (20.10+, positions on stream reads from 22.6) through @eventstore/db-client.
 * The hash chain needs the previous event's hash, so an append reads the stream's tail, chains the
 * new events at the revisions that follow, and appends expecting exactly that revision: a writer
 * that raced it makes the append fail instead of forking the chain, and the append is redone.
 */
export class EsdbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly reconnect: ReconnectOptions;
  private readonly maxAppendAttempts: number;
  private readonly subscriptions = new Set<EventSubscription>();

  constructor(connectionString: string, options: EsdbEventStoreOptions = {}) {
    this.client = EventStoreDBClient.connectionString(connectionString);
    this.reconnect = { delayMs: 250, maxDelayMs: 5_000, maxAttempts: 20, ...options.reconnect };
    this.maxAppendAttempts = options.maxAppendAttempts ?? 100;
  }

  async appendToStream(
    stream: string,
    events: EventToAppend[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    assertAppendable(stream, events);
    const expected = options.expectedRevision ?? 'any';
    // EventStoreDB hands ids back lower-case, and the hash covers the id: chain what will be read back.
    const proposed = events.map((event) => ({ ...event, eventId: event.eventId.toLowerCase() }));
    for (let attempt = 1; ; attempt++) {
      const result = await this.tryAppend(stream, proposed, expected);
      if (result !== 'raced') return result;
      if (attempt >= this.maxAppendAttempts) {
        throw new StoreUnavailableError(
          `stream ${stream}: gave up after ${attempt} appends lost to concurrent writers`,
        );
      }
      await sleep(Math.random() * Math.min(2 ** attempt, 50));
    }
  }

  /** One round: read the tail, decide, chain, append. 'raced' when another writer got in between. */
  private async tryAppend(
    stream: string,
    events: EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult | 'raced'> {
    const ids = events.map((e) => e.eventId);
    const tail = await this.readRevisions(stream, 'end', events.length, 'backwards');
    tail.reverse();
    const last = tail[tail.length - 1];
    const current = last ? last.revision : NO_REVISION;
    const plan = planAppend(stream, expected, current);
    if (plan.kind === 'check_idempotent') {
      const stored = await this.readRevisions(stream, plan.from, ids.length, 'forwards');
      if (sameIds(stored, ids))
        return { nextExpectedRevision: current, position: stored[stored.length - 1].position, written: false };
      rejectDuplicates(stream, [...stored, ...tail], ids);
      confirmIdempotent(
        stream,
        expected,
        current,
        stored.map((e) => e.eventId),
        ids,
      );
    } else {
      // Like the other stores, a retried append found whole at the end counts as already done.
      if (last && sameIds(tail, ids)) return { nextExpectedRevision: current, position: last.position, written: false };
      rejectDuplicates(stream, tail, ids);
    }

    let prevHash = last ? hashOf(last) : GENESIS_HASH;
    const proposals = events.map((event, i) => {
      const input = { ...event, stream, revision: current + 1 + i, metadata: event.metadata ?? {} };
      const metadata = chainMetadata(input, prevHash);
      prevHash = String(metadata.hash);
      // The client's JSONType leaves out top-level numbers, booleans and null; it serialises them all the same.
      return jsonEvent({ id: event.eventId, type: event.type, data: event.data as JSONType, metadata });
    });
    let nextRevision: bigint;
    try {
      const expectedRevision = current === NO_REVISION ? NO_STREAM : BigInt(current);
      ({ nextExpectedRevision: nextRevision } = await this.client.appendToStream(stream, proposals, {
        expectedRevision,
      }));
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return 'raced';
      throw toPortError(error, { stream, expected });
    }
    const revision = current + events.length;
    if (nextRevision !== BigInt(revision)) {
      // Only a stream deleted and recreated behind our back gets here; its chain no longer matches.
      throw new Error(
        `stream ${stream}: events chained for revisions up to ${revision} were stored up to ${nextRevision}`,
      );
    }
    // The append reply's position is the transaction's, not necessarily the last event's own.
    const [written] = await this.readRevisions(stream, revision, 1, 'forwards');
    return { nextExpectedRevision: revision, position: written.position, written: true };
  }

  /** Reads on the leader: the decision to append must not rest on a follower's stale copy. */
  private async readRevisions(
    stream: string,
    from: number | 'end',
    count: number,
    direction: 'forwards' | 'backwards',
  ): Promise<StoredEvent[]> {
    try {
      const records = await retryOnce(() =>
        drain(
          this.client.readStream(stream, {
            fromRevision: from === 'end' ? END : BigInt(from),
            maxCount: count,
            direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
            requiresLeader: true,
          }),
        ),
      );
      return mapAll(records, true);
    } catch (error) {
      const mapped = toPortError(error, { stream });
      if (mapped instanceof StreamNotFoundError) return [];
      throw mapped;
    }
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const backwards = options.direction === 'backwards';
    const maxCount = checkCount(options.maxCount);
    const from = options.fromRevision ?? (backwards ? 'end' : 'start');
    if (typeof from === 'number' && (!Number.isSafeInteger(from) || from < 0)) {
      throw new RangeError(`fromRevision must be a revision >= 0, 'start' or 'end'`);
    }
    if (maxCount === 0) {
      if (!(await this.streamExists(stream))) throw new StreamNotFoundError(stream);
      return [];
    }
    try {
      const records = await retryOnce(() =>
        drain(
          this.client.readStream(stream, {
            fromRevision: from === 'start' ? START : from === 'end' ? END : BigInt(from),
            maxCount,
            direction: backwards ? BACKWARDS : FORWARDS,
          }),
        ),
      );
      return mapAll(records, true);
    } catch (error) {
      throw toPortError(error, { stream });
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const backwards = options.direction === 'backwards';
    const maxCount = checkCount(options.maxCount);
    let cursor = options.after ?? (backwards ? 'end' : 'start');
    if (maxCount === 0 || cursor === (backwards ? 'start' : 'end')) return [];
    const out: StoredEvent[] = [];
    while (out.length < maxCount) {
      const page = Math.min(MAX_PAGE, Math.max(MIN_PAGE, maxCount - out.length + 1));
      let records: ResolvedEvent[];
      const fromPosition = cursor;
      try {
        records = await retryOnce(() =>
          drain(this.client.readAll({ fromPosition, maxCount: page, direction: backwards ? BACKWARDS : FORWARDS })),
        );
      } catch (error) {
        throw toPortError(error);
      }
      for (const record of records) {
        const position = positionOf(record);
        // `after` is exclusive; EventStoreDB's forwards read includes its start. Checking both
        // directions keeps page seams exact whichever way a server treats the start point.
        if (position && typeof cursor === 'object') {
          const order = comparePositions(position, cursor);
          if (backwards ? order >= 0 : order <= 0) continue;
        }
        const event = toStoredEvent(record);
        if (event && out.length < maxCount) out.push(event);
      }
      const lastPosition = records.length > 0 ? positionOf(records[records.length - 1]) : undefined;
      if (records.length < page || !lastPosition) break;
      cursor = lastPosition;
    }
    return out;
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): EventSubscription {
    const subscription: EventSubscription = new EsdbSubscription(
      this.client,
      options,
      this.reconnect,
      () => this.headPosition(),
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async streamExists(stream: string): Promise<boolean> {
    return (await this.readRevisions(stream, 'end', 1, 'backwards')).length > 0;
  }

  async headPosition(): Promise<Position | undefined> {
    const [newest] = await this.readAll({ direction: 'backwards', maxCount: 1 });
    return newest?.position;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }
}

function checkCount(maxCount: number | undefined): number {
  if (maxCount === undefined) return Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(maxCount) || maxCount < 0) throw new RangeError('maxCount must be an integer >= 0');
  return maxCount;
}

const sameIds = (stored: readonly StoredEvent[], ids: readonly string[]) =>
  stored.length === ids.length && stored.every((event, i) => event.eventId === ids[i]);

function rejectDuplicates(stream: string, stored: readonly StoredEvent[], ids: readonly string[]): void {
  const wanted = new Set(ids);
  const clash = stored.find((event) => wanted.has(event.eventId));
  if (clash) throw new DuplicateEventIdError(stream, clash.eventId);
}

function hashOf(event: StoredEvent): string {
  const hash = event.metadata.hash;
  if (typeof hash !== 'string' || !HASH.test(hash)) {
    // Extending a stream whose end carries no chain would vouch for events nobody chained.
    throw new Error(`stream ${event.stream}: revision ${event.revision} carries no hash; refusing to extend its chain`);
  }
  return hash;
}

/**
 * Translation between @eventstore/db-client's shapes and the port's: events, revisions (bigint in
 * the client, number in the port), positions (bigint pairs on both sides) and errors.
 */
import {
  CancelledError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  StreamDeletedError,
  StreamNotFoundError as EsdbStreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type ResolvedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import { StoreUnavailableError, StreamNotFoundError, WrongExpectedRevisionError } from './event-store.errors';
import type { ExpectedRevision, JsonObject, JsonValue, Position, StoredEvent } from './event-store.port';

/** EventStoreDB's own events: `$`-prefixed types (`$metadata`, `$>` links…) or streams (`$stats-…`, `$projections-…`). */
export const isSystemEvent = (stream: string, type: string): boolean => stream.startsWith('$') || type.startsWith('$');

/** Revisions are 64-bit in EventStoreDB; the port's are numbers, exact only up to 2^53 - 1. */
export function toRevision(revision: bigint, stream: string): number {
  if (revision < 0n || revision > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`stream ${stream}: revision ${revision} cannot be represented exactly as a number`);
  }
  return Number(revision);
}

function fromEsdbExpected(expected: AppendExpectedRevision, stream: string): ExpectedRevision {
  return typeof expected === 'bigint' ? toRevision(expected, stream) : expected;
}

/** The position of a record in `$all`; undefined before EventStoreDB 22.6 for stream reads. */
export function positionOf(resolved: ResolvedEvent): Position | undefined {
  const position = resolved.event?.position;
  return position ? { commit: position.commit, prepare: position.prepare } : undefined;
}

const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

/**
 * The port's view of a record. Link events whose target is gone come without `event` and map to
 * undefined, as do system events unless `keepSystem` (a user stream's own events are never skipped).
 */
export function toStoredEvent(
  resolved: ResolvedEvent,
  options: { keepSystem?: boolean } = {},
): StoredEvent | undefined {
  const event = resolved.event;
  if (!event) return undefined;
  if (!options.keepSystem && isSystemEvent(event.streamId, event.type)) return undefined;
  if (!event.isJson) {
    throw new TypeError(`event ${event.id} in ${event.streamId} is not JSON; this store writes JSON events only`);
  }
  const position = positionOf(resolved);
  if (!position) {
    throw new TypeError(`event ${event.id} in ${event.streamId} came without a position (EventStoreDB 22.6+ needed)`);
  }
  return {
    eventId: event.id,
    stream: event.streamId,
    revision: toRevision(event.revision, event.streamId),
    position,
    type: event.type,
    // The client parses JSON content itself; what JSON.parse returns is a JsonValue by construction.
    data: event.data as JsonValue,
    metadata: isJsonObject(event.metadata) ? event.metadata : {},
    recordedAt: event.created,
  };
}

/** gRPC status codes that mean "the server could not be reached or did not answer". */
const UNREACHABLE_CODES = new Set([4, 14]);

/** Whether an error is worth retrying a subscription for: the node went away, not the request was wrong. */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof UnavailableError ||
    error instanceof CancelledError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof NotLeaderError ||
    (typeof error === 'object' &&
      error !== null &&
      'code' in error &&
      typeof error.code === 'number' &&
      UNREACHABLE_CODES.has(error.code))
  );
}

/** The port's error for a client error; anything without a port equivalent passes through unchanged. */
export function toPortError(error: unknown, context: { stream?: string; expected?: ExpectedRevision } = {}): unknown {
  if (error instanceof WrongExpectedVersionError) {
    const stream = context.stream ?? error.streamName;
    const actual = error.actualVersion === 'no_stream' ? 'no_stream' : toRevision(error.actualVersion, stream);
    return new WrongExpectedRevisionError(
      stream,
      context.expected ?? fromEsdbExpected(error.expectedVersion, stream),
      actual,
    );
  }
  if (error instanceof EsdbStreamNotFoundError || error instanceof StreamDeletedError) {
    return new StreamNotFoundError(context.stream ?? error.streamName ?? '');
  }
  if (error instanceof MaxAppendSizeExceededError) {
    return new RangeError(
      `append to ${context.stream ?? 'a stream'} exceeds the server's maximum append size of ${error.maxAppendSize} bytes`,
    );
  }
  if (isTransient(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new StoreUnavailableError(`EventStoreDB unavailable: ${message}`, error);
  }
  return error;
}

/**
 * Reads are retried once on a transient failure: when any call on its channel fails that way, the
 * client replaces the channel, and calls that had not started on the old one fail with it.
 * Appends are not retried here; their caller retries with the same ids, which is idempotent.
 */
export async function retryOnce<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!isTransient(error)) throw error;
    await sleep(50);
    return read();
  }
}

export async function drain<E>(read: StreamingRead<E>): Promise<E[]> {
  const out: E[] = [];
  for await (const item of read) out.push(item);
  return out;
}

export function mapAll(records: readonly ResolvedEvent[], keepSystem: boolean): StoredEvent[] {
  const out: StoredEvent[] = [];
  for (const record of records) {
    const event = toStoredEvent(record, { keepSystem });
    if (event) out.push(event);
  }
  return out;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

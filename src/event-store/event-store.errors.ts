import type { ExpectedRevision } from './event-store.port';

/** The stream is not where the writer expected it. `actual` is its revision, or `no_stream`. */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'STORE.WRONG_EXPECTED_REVISION';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${stream}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export class StreamNotFoundError extends Error {
  readonly code = 'STORE.STREAM_NOT_FOUND';
  constructor(readonly stream: string) {
    super(`stream ${stream} not found`);
    this.name = 'StreamNotFoundError';
  }
}

/** An event id already stored elsewhere than where this append would put it. */
export class DuplicateEventIdError extends Error {
  readonly code = 'STORE.DUPLICATE_EVENT_ID';
  constructor(
    readonly stream: string,
    readonly eventId: string,
  ) {
    super(`event ${eventId} is already stored, not at this place of stream ${stream}`);
    this.name = 'DuplicateEventIdError';
  }
}

/** The store cannot take writes now (disk full, read-only file, server down). Nothing was written. */
export class StoreUnavailableError extends Error {
  readonly code = 'STORE.UNAVAILABLE';
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

import { WrongExpectedRevisionError } from './event-store.errors';
import type { ExpectedRevision } from './event-store.port';

/** Stream revision before an append: the last event's revision, or -1 when there is none. */
export type CurrentRevision = number;

export const NO_STREAM = -1;

/**
 * What an append finds when it compares the writer's expectation with the stream:
 * `append` at the current end, or `check_idempotent` when the events may already be stored at
 * `from` (EventStoreDB answers such a re-append with success and writes nothing).
 */
export type AppendPlan = { kind: 'append' } | { kind: 'check_idempotent'; from: number };

export function planAppend(stream: string, expected: ExpectedRevision, current: CurrentRevision): AppendPlan {
  const actual = current === NO_STREAM ? 'no_stream' : current;
  switch (expected) {
    case 'any':
      return { kind: 'append' };
    case 'stream_exists':
      if (current === NO_STREAM) throw new WrongExpectedRevisionError(stream, expected, actual);
      return { kind: 'append' };
    case 'no_stream':
      return current === NO_STREAM ? { kind: 'append' } : { kind: 'check_idempotent', from: 0 };
    default:
      if (!Number.isSafeInteger(expected) || expected < 0) {
        throw new RangeError(`expected revision must be a revision >= 0, no_stream, any or stream_exists`);
      }
      if (current === expected) return { kind: 'append' };
      if (current > expected) return { kind: 'check_idempotent', from: expected + 1 };
      throw new WrongExpectedRevisionError(stream, expected, actual);
  }
}

/**
 * After `check_idempotent`: the events are already stored when the ids at `from`… match, in order.
 * Otherwise the writer's expectation was wrong.
 */
export function confirmIdempotent(
  stream: string,
  expected: ExpectedRevision,
  current: CurrentRevision,
  storedIds: readonly string[],
  appendingIds: readonly string[],
): void {
  const same = storedIds.length === appendingIds.length && storedIds.every((id, i) => id === appendingIds[i]);
  if (!same) throw new WrongExpectedRevisionError(stream, expected, current === NO_STREAM ? 'no_stream' : current);
}

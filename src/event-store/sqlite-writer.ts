import { DuplicateEventIdError, StoreUnavailableError, WrongExpectedRevisionError } from './event-store.errors';
import type { AppendResult, EventToAppend, ExpectedRevision } from './event-store.port';
import { positionOf } from './position';
import {
  prepareChunk,
  type AppendOpening,
  type AppendOutcome,
  type CarriedError,
  type PreparedChunk,
} from './sqlite.appender';
import type { Synchronous } from './sqlite.schema';
import { WorkerThread } from './worker-thread';

export interface WriterOptions {
  path: string;
  synchronous: Synchronous;
}

export type ToWriter =
  | { kind: 'open'; opening: AppendOpening; chunk: PreparedChunk; last: boolean }
  | { kind: 'more'; id: number; chunk: PreparedChunk; last: boolean }
  | { kind: 'abandon'; id: number }
  | { kind: 'close' };

export type FromWriter =
  { kind: 'committed'; outcomes: AppendOutcome[] } | { kind: 'failed'; ids: number[]; error: CarriedError };

/** Events prepared and sent at a time: the writer inserts a chunk while the next one is prepared. */
const CHUNK = 100;

interface Pending {
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
  answered: Promise<unknown>;
  /** Why the event loop could not prepare the rest of the append; the writer's answer is then only a receipt. */
  refused?: unknown;
}

/**
 * The event loop's side of the SQLite store's writer thread. Preparing an event for the hash chain
 * (its canonical texts) happens here, linking and inserting it and the commit's fsync there, so the
 * two overlap and the event loop never waits on the disk. An append is answered once the
 * transaction holding it has committed.
 */
export class SqliteWriter {
  private readonly thread: WorkerThread<ToWriter, FromWriter>;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(
    options: WriterOptions,
    private readonly onCommitted: () => void,
  ) {
    this.thread = new WorkerThread(
      { dir: __dirname, name: 'sqlite-writer.worker', workerData: options },
      { message: (message) => this.receive(message), exit: (failure) => this.lose(failure) },
    );
  }

  append(stream: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    const first = prepareChunk(stream, events.slice(0, CHUNK));
    const id = this.nextId++;
    const opening: AppendOpening = { id, stream, expected, eventIds: events.map((e) => e.eventId) };
    const answer = this.expect(id);
    this.thread.post({ kind: 'open', opening, chunk: first, last: events.length <= CHUNK });
    this.thread.owes(this.pending.size);
    for (let from = CHUNK; from < events.length; from += CHUNK) {
      try {
        const chunk = prepareChunk(stream, events.slice(from, from + CHUNK));
        this.thread.post({ kind: 'more', id, chunk, last: from + CHUNK >= events.length });
      } catch (error) {
        this.pending.get(id)!.refused = error;
        this.thread.post({ kind: 'abandon', id });
        break;
      }
    }
    return answer;
  }

  /** Waits for the appends under way, then ends the thread (its connection closes the file). */
  async close(): Promise<void> {
    await Promise.allSettled([...this.pending.values()].map((p) => p.answered));
    await this.thread.close({ kind: 'close' });
  }

  private expect(id: number): Promise<AppendResult> {
    let pending!: Pending;
    const answer = new Promise<AppendResult>((resolve, reject) => {
      pending = { resolve, reject, answered: Promise.resolve() };
    });
    pending.answered = answer.catch(() => undefined);
    this.pending.set(id, pending);
    return answer;
  }

  private take(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    this.thread.owes(this.pending.size);
    return pending;
  }

  /**
   * Appends it never answered may or may not have committed: the caller retries with the same event ids, which a
   * re-append of stored events answers without writing them twice.
   */
  private lose(failure: unknown): void {
    const lost = new StoreUnavailableError('the event store writer stopped', failure);
    for (const id of [...this.pending.keys()]) this.fail(id, lost);
  }

  private receive(message: FromWriter): void {
    if (message.kind === 'committed') {
      for (const outcome of message.outcomes) this.settle(outcome);
      if (message.outcomes.some((o) => o.ok && o.written)) this.onCommitted();
    } else if (message.kind === 'failed') {
      const error = asStoreError(revive(message.error));
      for (const id of message.ids) this.fail(id, error);
    }
  }

  private settle(outcome: AppendOutcome): void {
    const pending = this.take(outcome.id);
    if (!pending) return;
    if (pending.refused !== undefined) pending.reject(pending.refused);
    else if (outcome.ok) {
      const { nextExpectedRevision, position, written } = outcome;
      pending.resolve({ nextExpectedRevision, position: positionOf(position), written });
    } else pending.reject(asStoreError(revive(outcome.error)));
  }

  private fail(id: number, error: unknown): void {
    const pending = this.take(id);
    pending?.reject(pending.refused ?? error);
  }
}

function revive(error: CarriedError): Error {
  switch (error.name) {
    case 'WrongExpectedRevisionError':
      return new WrongExpectedRevisionError(error.stream!, error.expected!, error.actual!);
    case 'DuplicateEventIdError':
      return new DuplicateEventIdError(error.stream!, error.eventId!);
    case 'RangeError':
      return new RangeError(error.message);
    default:
      return Object.assign(new Error(error.message), { name: error.name, code: error.code });
  }
}

const UNAVAILABLE = [
  'SQLITE_FULL',
  'SQLITE_READONLY',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
];

/** Disk full, read-only file and the like become StoreUnavailableError; domain errors pass. */
function asStoreError(error: unknown): unknown {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && UNAVAILABLE.some((c) => code.startsWith(c))) {
    return new StoreUnavailableError(`the event store cannot write now (${code})`, error);
  }
  return error;
}

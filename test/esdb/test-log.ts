import { randomUUID } from 'node:crypto';

/**
 * The test server's storage: one in-memory transaction log shared by every gRPC service, with the
 * EventStoreDB rules the adapter depends on (expected versions, idempotent re-append by event id,
 * `$all` positions, system events). The services only translate protobuf to and from this.
 */

export interface ProposedEvent {
  /** Lower-case UUID, as EventStoreDB formats ids it hands back. */
  eventId: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

export interface LogRecord extends ProposedEvent {
  stream: string;
  revision: bigint;
  /** 100-ns ticks since the Unix epoch, as EventStoreDB sends `created`. */
  created: bigint;
  commit: bigint;
  prepare: bigint;
}

export type Expected =
  { kind: 'any' } | { kind: 'no_stream' } | { kind: 'stream_exists' } | { kind: 'revision'; revision: bigint };

export type AppendOutcome =
  | { kind: 'success'; currentRevision: bigint; commit: bigint; prepare: bigint }
  | { kind: 'wrong_expected_version'; current: bigint | 'no_stream' }
  | { kind: 'too_large'; maxAppendSize: number };

export interface LogPosition {
  commit: bigint;
  prepare: bigint;
}

export const comparePosition = (a: LogPosition, b: LogPosition): number =>
  a.commit !== b.commit ? (a.commit < b.commit ? -1 : 1) : a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;

// Sizes only shape the positions (byte offsets in a real log); any increasing scheme would do.
const RECORD_OVERHEAD = 80n;
const COMMIT_RECORD_SIZE = 40n;
const NODE = '127.0.0.1:2113';

export class TestLog {
  private readonly all: LogRecord[] = [];
  private readonly streams = new Map<string, LogRecord[]>();
  private readonly listeners = new Set<(records: readonly LogRecord[]) => void>();
  private nextPosition: bigint;

  constructor(
    positionOffset: bigint,
    private readonly maxAppendSize: number,
  ) {
    this.nextPosition = positionOffset;
    this.seedSystemEvents();
  }

  /** EventStoreDB's append decision, including idempotent re-appends by event id. */
  append(stream: string, expected: Expected, events: readonly ProposedEvent[]): AppendOutcome {
    const size = events.reduce((sum, e) => sum + e.data.length + e.customMetadata.length + e.type.length, 0);
    if (size > this.maxAppendSize) return { kind: 'too_large', maxAppendSize: this.maxAppendSize };
    const existing = this.streams.get(stream) ?? [];
    const current = BigInt(existing.length) - 1n;
    const wrong = { kind: 'wrong_expected_version', current: current < 0n ? 'no_stream' : current } as const;
    switch (expected.kind) {
      case 'any': {
        const first = existing.findIndex((r) => r.eventId === events[0]?.eventId);
        if (first < 0) return this.write(stream, existing, events);
        return this.idempotent(existing, BigInt(first), events) ?? wrong;
      }
      case 'no_stream':
        if (current < 0n) return this.write(stream, existing, events);
        return this.idempotent(existing, 0n, events) ?? wrong;
      case 'stream_exists':
        return current < 0n ? wrong : this.write(stream, existing, events);
      case 'revision':
        if (expected.revision === current) return this.write(stream, existing, events);
        if (expected.revision < current) return this.idempotent(existing, expected.revision + 1n, events) ?? wrong;
        return wrong;
    }
  }

  /** Appends without checks, for the `$`-prefixed noise a real server writes on its own. */
  appendSystem(stream: string, type: string, data: unknown, contentType = 'application/json'): void {
    const bytes = contentType === 'application/json' ? JSON.stringify(data) : String(data);
    const event = {
      eventId: randomUUID(),
      type,
      contentType,
      data: Buffer.from(bytes),
      customMetadata: new Uint8Array(),
    };
    this.write(stream, this.streams.get(stream) ?? [], [event]);
  }

  /** A burst of what a running server writes by itself: statistics, projection results, links. */
  appendSystemNoise(count: number): void {
    for (let i = 0; i < count; i++) {
      if (i % 3 === 0) this.appendSystem('$projections-counter-result', 'Result', { count: i });
      else if (i % 3 === 1) this.appendSystem(`$stats-${NODE}`, '$statistics-collected', { 'proc-id': 1, i });
      else this.appendSystem('$ce-case', '$>', `${i}@case-${i}`, 'application/octet-stream');
    }
  }

  stream(name: string): readonly LogRecord[] | undefined {
    const records = this.streams.get(name);
    return records && records.length > 0 ? records : undefined;
  }

  get records(): readonly LogRecord[] {
    return this.all;
  }

  /** Index of the first record at or after `position` in `$all`. */
  indexAtOrAfter(position: LogPosition): number {
    let lo = 0;
    let hi = this.all.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (comparePosition(this.all[mid], position) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Called synchronously after each write, so a subscriber registered in the same tick misses nothing. */
  onAppend(listener: (records: readonly LogRecord[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private idempotent(
    existing: readonly LogRecord[],
    from: bigint,
    events: readonly ProposedEvent[],
  ): AppendOutcome | undefined {
    const start = Number(from);
    const stored = existing.slice(start, start + events.length);
    if (stored.length !== events.length || stored.some((r, i) => r.eventId !== events[i].eventId)) return undefined;
    const last = stored[stored.length - 1];
    return { kind: 'success', currentRevision: last.revision, commit: last.commit, prepare: stored[0].prepare };
  }

  /**
   * Events of one append get increasing prepare positions and share the commit position of the
   * commit record written after them, so `$all` order is (commit, prepare) and both halves matter.
   */
  private write(stream: string, existing: LogRecord[], events: readonly ProposedEvent[]): AppendOutcome {
    const created = BigInt(Date.now()) * 10_000n;
    let prepare = this.nextPosition;
    const prepares = events.map((e) => {
      const at = prepare;
      prepare += RECORD_OVERHEAD + BigInt(e.data.length + e.customMetadata.length);
      return at;
    });
    const commit = prepare;
    this.nextPosition = commit + COMMIT_RECORD_SIZE;
    const records = events.map((e, i): LogRecord => ({
      ...e,
      stream,
      revision: BigInt(existing.length + i),
      created,
      commit,
      prepare: prepares[i],
    }));
    existing.push(...records);
    this.streams.set(stream, existing);
    this.all.push(...records);
    for (const listener of [...this.listeners]) listener(records);
    const last = records[records.length - 1];
    return { kind: 'success', currentRevision: last.revision, commit, prepare: prepares[0] };
  }

  /** What a fresh EventStoreDB node has in `$all` before anyone writes. */
  private seedSystemEvents(): void {
    this.appendSystem(`$$$stats-${NODE}`, '$metadata', { $maxAge: 86400 });
    this.appendSystem('$users', '$UserCreated', { LoginName: 'admin' });
    this.appendSystem('$user-admin', '$user', { loginName: 'admin', fullName: 'Event Store Administrator' });
    this.appendSystem('$projections-$all', '$ProjectionsInitialized', {});
    this.appendSystemNoise(3);
  }
}

/**
 * Streams.Read: stream and `$all` reads (count), and catch-up subscriptions (confirmation,
 * catch-up, checkpoints when filtered, `caught_up`, then live), as EventStoreDB answers them.
 */
import { randomUUID } from 'node:crypto';
import { status as GrpcStatus, type ServerWritableStream } from '@grpc/grpc-js';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { BadRequest, eventResponse, serviceError, streamIdentifier, streamNameOf } from './messages';
import { comparePosition, type LogPosition, type LogRecord, type TestLog } from './test-log';

type Call = ServerWritableStream<ReadReq, ReadResp>;
type Source =
  | { kind: 'stream'; name: string; from: bigint | 'start' | 'end' }
  | { kind: 'all'; from: LogPosition | 'start' | 'end' };

interface Filter {
  matches(record: LogRecord): boolean;
  /** Records scanned between two checkpoint messages. */
  checkpointEvery: number;
}

export interface ReadServiceOptions {
  /** Servers before 23.10 never send `caught_up`; turn it off to act like one. */
  caughtUp: boolean;
}

/** Live subscriptions, so a test can drop them as a failing node would. */
export class SubscriptionRegistry {
  private readonly drops = new Set<() => void>();
  private readonly armed: number[] = [];

  add(drop: () => void): () => void {
    this.drops.add(drop);
    return () => this.drops.delete(drop);
  }

  dropAll(): void {
    for (const drop of [...this.drops]) drop();
  }

  /** The next subscription to start is dropped once it has sent this many events. */
  armDrop(afterEvents: number): void {
    this.armed.push(afterEvents);
  }

  takeArmedDrop(): number | undefined {
    return this.armed.shift();
  }
}

export function readHandler(log: TestLog, registry: SubscriptionRegistry, options: ReadServiceOptions) {
  return (call: Call): void => {
    try {
      const request = call.request.getOptions();
      if (!request) throw new BadRequest('read without options');
      const source = sourceOf(request);
      const filter = request.hasFilter() ? filterOf(request.getFilter()!) : undefined;
      if (request.hasSubscription()) subscribe(call, log, registry, source, filter, options);
      else readOnce(call, log, source, filter, request.getReadDirection(), BigInt(request.getCount()));
    } catch (error) {
      const code = error instanceof BadRequest ? GrpcStatus.INVALID_ARGUMENT : GrpcStatus.INTERNAL;
      call.emit('error', serviceError(code, error instanceof Error ? error.message : String(error)));
    }
  };
}

function sourceOf(options: ReadReq.Options): Source {
  const stream = options.getStream();
  if (stream) {
    const name = streamNameOf(stream.getStreamIdentifier());
    if (stream.hasStart()) return { kind: 'stream', name, from: 'start' };
    if (stream.hasEnd()) return { kind: 'stream', name, from: 'end' };
    return { kind: 'stream', name, from: BigInt(stream.getRevision()) };
  }
  const all = options.getAll();
  if (!all) throw new BadRequest('read of neither a stream nor $all');
  if (all.hasStart()) return { kind: 'all', from: 'start' };
  if (all.hasEnd()) return { kind: 'all', from: 'end' };
  const position = all.getPosition()!;
  return {
    kind: 'all',
    from: { commit: BigInt(position.getCommitPosition()), prepare: BigInt(position.getPreparePosition()) },
  };
}

function filterOf(options: ReadReq.Options.FilterOptions): Filter {
  const onStream = options.hasStreamIdentifier();
  const expression = onStream ? options.getStreamIdentifier() : options.getEventType();
  if (!expression) throw new BadRequest('filter without expression');
  const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  const prefixes = expression.getPrefixList();
  const window = options.hasMax() ? options.getMax() : 32;
  return {
    matches(record) {
      const value = onStream ? record.stream : record.type;
      return regex ? regex.test(value) : prefixes.some((prefix) => value.startsWith(prefix));
    },
    checkpointEvery: Math.max(1, window * Math.max(1, options.getCheckpointintervalmultiplier())),
  };
}

function readOnce(
  call: Call,
  log: TestLog,
  source: Source,
  filter: Filter | undefined,
  direction: ReadReq.Options.ReadDirection,
  count: bigint,
): void {
  const backwards = direction === ReadReq.Options.ReadDirection.BACKWARDS;
  let records: readonly LogRecord[];
  let index: number;
  if (source.kind === 'stream') {
    const stream = log.stream(source.name);
    if (!stream) {
      const notFound = new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(source.name));
      call.write(new ReadResp().setStreamNotFound(notFound));
      call.end();
      return;
    }
    records = stream;
    const last = records.length - 1;
    const from = source.from;
    // Revision n is at index n: streams here are never truncated or scavenged.
    if (backwards) index = from === 'end' ? last : from === 'start' ? 0 : Number(from > BigInt(last) ? last : from);
    else index = from === 'start' ? 0 : from === 'end' ? records.length : Number(from);
  } else {
    records = log.records;
    const from = source.from;
    // Forwards from P includes P; backwards from P excludes it.
    if (backwards) index = from === 'end' ? records.length - 1 : from === 'start' ? -1 : log.indexAtOrAfter(from) - 1;
    else index = from === 'start' ? 0 : from === 'end' ? records.length : log.indexAtOrAfter(from);
  }
  let sent = 0n;
  for (let i = index; i >= 0 && i < records.length && sent < count; i += backwards ? -1 : 1) {
    const record = records[i];
    if (filter && !filter.matches(record)) continue;
    call.write(eventResponse(record, source.kind === 'all'));
    sent++;
  }
  call.end();
}

// Catch-up goes out in pages, yielding between them, as a real server reads its log in pages:
// a drop in the middle of catch-up then really leaves the rest unsent.
const CATCH_UP_PAGE = 100;

function subscribe(
  call: Call,
  log: TestLog,
  registry: SubscriptionRegistry,
  source: Source,
  filter: Filter | undefined,
  options: ReadServiceOptions,
): void {
  const records = () => (source.kind === 'all' ? log.records : (log.stream(source.name) ?? []));
  let stopped = false;
  let scanned = 0;
  let lastScanned: LogRecord | undefined;
  let dropAfter = registry.takeArmedDrop();
  let flowing = true;
  const deliver = (record: LogRecord) => {
    if (stopped || (source.kind === 'stream' && record.stream !== source.name)) return;
    lastScanned = record;
    if (!filter || filter.matches(record)) {
      flowing = call.write(eventResponse(record, source.kind === 'all'));
      if (dropAfter !== undefined && --dropAfter <= 0) return drop();
    }
    if (filter && ++scanned % filter.checkpointEvery === 0) call.write(checkpoint(record));
  };
  const stopListening: Array<() => void> = [];
  const stop = () => {
    stopped = true;
    for (const fn of stopListening.splice(0)) fn();
  };
  const drop = () => {
    stop();
    call.emit('error', serviceError(GrpcStatus.UNAVAILABLE, 'subscription dropped by the test server'));
  };
  stopListening.push(registry.add(drop));
  call.on('cancelled', stop);
  call.on('close', stop);

  call.write(new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())));
  let index = startIndex(log, source);
  const catchUpPage = () => {
    if (stopped) return;
    const backlog = records();
    const end = Math.min(backlog.length, index + CATCH_UP_PAGE);
    while (index < end && !stopped) deliver(backlog[index++]);
    if (stopped) return;
    if (index < backlog.length) {
      if (flowing) setImmediate(catchUpPage);
      else call.once('drain', catchUpPage);
      return;
    }
    // Reached the end in this tick: going live now cannot miss an append or repeat one.
    if (filter && lastScanned) call.write(checkpoint(lastScanned));
    if (options.caughtUp) call.write(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
    stopListening.push(log.onAppend((appended) => appended.forEach(deliver)));
  };
  catchUpPage();
}

/** Subscriptions start strictly after the given revision or position. */
function startIndex(log: TestLog, source: Source): number {
  if (source.kind === 'stream') {
    if (source.from === 'end') return log.stream(source.name)?.length ?? 0;
    return source.from === 'start' ? 0 : Number(source.from) + 1;
  }
  const records = log.records;
  if (source.from === 'end') return records.length;
  if (source.from === 'start') return 0;
  const index = log.indexAtOrAfter(source.from);
  return index < records.length && comparePosition(records[index], source.from) === 0 ? index + 1 : index;
}

function checkpoint(record: LogRecord): ReadResp {
  return new ReadResp().setCheckpoint(
    new ReadResp.Checkpoint().setCommitPosition(record.commit.toString()).setPreparePosition(record.prepare.toString()),
  );
}

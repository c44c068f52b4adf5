import { EventEmitter } from 'node:events';
import { chainMetadata, GENESIS_HASH } from './hash-chain';
import { catchUpSubscription } from './catch-up-subscription';
import { DuplicateEventIdError, StreamNotFoundError } from './event-store.errors';
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
import { confirmIdempotent, planAppend } from './expected-revision';
import { positionOf } from './position';
import { assertAppendable, pageOfAll, pageOfStream } from './store-reads';

/** The port in memory, for unit tests: same rules as the durable stores, nothing survives. */
export class InMemoryEventStore implements EventStore {
  private readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly ids = new Map<string, StoredEvent>();
  private readonly appended = new EventEmitter();

  async appendToStream(
    stream: string,
    events: EventToAppend[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    assertAppendable(stream, events);
    const expected = options.expectedRevision ?? 'any';
    const existing = this.streams.get(stream) ?? [];
    const current = existing.length - 1;
    const plan = planAppend(stream, expected, current);
    const already = this.findAlreadyStored(stream, events, plan.kind === 'check_idempotent' ? plan.from : undefined);
    if (already) return { nextExpectedRevision: current, position: already.position, written: false };
    if (plan.kind === 'check_idempotent') {
      confirmIdempotent(
        stream,
        expected,
        current,
        [],
        events.map((e) => e.eventId),
      );
    }
    let prevHash = existing.length ? String(existing[existing.length - 1].metadata.hash) : GENESIS_HASH;
    const recordedAt = new Date();
    const stored = events.map((event, i) => {
      const revision = existing.length + i;
      const input = {
        stream,
        revision,
        eventId: event.eventId,
        type: event.type,
        data: event.data,
        metadata: event.metadata ?? {},
      };
      const metadata = chainMetadata(input, prevHash);
      prevHash = String(metadata.hash);
      return { ...input, metadata, position: positionOf(this.all.length + i + 1), recordedAt } satisfies StoredEvent;
    });
    for (const event of stored) this.ids.set(event.eventId, event);
    this.all.push(...stored);
    this.streams.set(stream, [...existing, ...stored]);
    this.appended.emit('appended');
    return {
      nextExpectedRevision: current + stored.length,
      position: stored[stored.length - 1].position,
      written: true,
    };
  }

  /** The events when all of them are stored already at `from` (or anywhere consecutive for `any`). */
  private findAlreadyStored(stream: string, events: EventToAppend[], from?: number): StoredEvent | undefined {
    const found = events.map((e) => this.ids.get(e.eventId));
    if (found.every((e) => e === undefined)) return undefined;
    const first = found[0];
    const consecutive =
      first !== undefined &&
      first.stream === stream &&
      (from === undefined || first.revision === from) &&
      found.every((e, i) => e?.stream === stream && e.revision === first.revision + i);
    if (!consecutive) {
      const clash = found.find((e) => e !== undefined)!;
      throw new DuplicateEventIdError(stream, clash.eventId);
    }
    return found[found.length - 1];
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const events = this.streams.get(stream);
    if (!events) throw new StreamNotFoundError(stream);
    return pageOfStream(events, options);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    return pageOfAll(this.all, options);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): EventSubscription {
    return catchUpSubscription(
      {
        readAfter: async (after: Position | 'start', maxCount: number) => pageOfAll(this.all, { after, maxCount }),
        onAppended: (listener) => {
          this.appended.on('appended', listener);
          return () => this.appended.off('appended', listener);
        },
      },
      options,
    );
  }

  async streamExists(stream: string): Promise<boolean> {
    return (this.streams.get(stream)?.length ?? 0) > 0;
  }

  async headPosition(): Promise<Position | undefined> {
    return this.all[this.all.length - 1]?.position;
  }

  async close(): Promise<void> {
    this.appended.removeAllListeners();
  }
}

/**
 * The port's catch-up subscription over EventStoreDB's `subscribeToAll`, surviving dropped
 * connections: it resumes strictly after the last record received, so no event is skipped or
 * handed over twice, and it keeps what was received before the drop.
 */
import { excludeSystemEvents, START, type AllStreamSubscription, type EventStoreDBClient } from '@eventstore/db-client';
import { StoreUnavailableError } from './event-store.errors';
import type { EventSubscription, Position, StoredEvent, SubscriptionBatch } from './event-store.port';
import { isTransient, positionOf, toPortError, toStoredEvent } from './esdb.mapping';
import { comparePositions } from './position';

export interface ReconnectOptions {
  /** First delay before resubscribing; doubles per consecutive failure up to maxDelayMs. */
  delayMs: number;
  maxDelayMs: number;
  /** Consecutive failed attempts before the subscription gives up with StoreUnavailableError. */
  maxAttempts: number;
}

type Item =
  | { kind: 'event'; event: StoredEvent }
  /** The server's head as known when it said so: the batch ending here is caught up. */
  | { kind: 'caught_up' }
  /** A new connection starts catching up again from the resume point. */
  | { kind: 'resumed' };

// The client is paused while this many items wait, so a slow consumer does not buffer $all.
const HIGH_WATER = 10_000;

export class EsdbSubscription implements EventSubscription {
  private readonly queue: Item[] = [];
  private queuedEvents = 0;
  private readonly maxBatch: number;
  private resumeAfter: Position | 'start';
  private current?: AllStreamSubscription;
  private generation = 0;
  private failures = 0;
  private reconnectTimer?: NodeJS.Timeout;
  private wake?: () => void;
  private failure?: unknown;
  private closed = false;
  private readonly iterator: AsyncGenerator<SubscriptionBatch>;

  constructor(
    private readonly client: EventStoreDBClient,
    options: { after?: Position | 'start'; maxBatch?: number },
    private readonly reconnect: ReconnectOptions,
    /** The newest user event now, for servers that never say `caught_up` (before 23.10). */
    private readonly head: () => Promise<Position | undefined>,
    private readonly onClose: () => void,
  ) {
    this.maxBatch = Math.max(1, options.maxBatch ?? 1000);
    this.resumeAfter = options.after ?? 'start';
    this.iterator = this.batches();
    this.connect();
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionBatch> {
    return this.iterator;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.queue.length = 0;
    this.queuedEvents = 0;
    this.notify();
    this.onClose();
    const current = this.current;
    this.current = undefined;
    await current?.unsubscribe().catch(() => undefined);
  }

  private connect(): void {
    const generation = ++this.generation;
    const subscription = this.client.subscribeToAll({
      fromPosition: this.resumeAfter === 'start' ? START : this.resumeAfter,
      filter: excludeSystemEvents(),
    });
    this.current = subscription;
    const live = () => generation === this.generation && !this.closed;
    let received = 0;
    let caughtUpAfter: number | undefined;
    let headPosition: Position | undefined | 'unknown' = 'unknown';
    let marked = false;
    const markIfCaughtUp = (last?: Position) => {
      if (marked) return;
      const byServer = caughtUpAfter !== undefined && received >= caughtUpAfter;
      const byHead =
        headPosition !== 'unknown' &&
        (headPosition === undefined || (last !== undefined && comparePositions(last, headPosition) >= 0));
      if (!byServer && !byHead) return;
      marked = true;
      this.push({ kind: 'caught_up' });
    };

    subscription.on('data', (resolved) => {
      if (!live()) return;
      received++;
      const position = positionOf(resolved);
      try {
        const event = toStoredEvent(resolved);
        if (event) this.push({ kind: 'event', event });
      } catch (error) {
        return this.fail(error);
      }
      if (position) this.resumeAfter = position;
      markIfCaughtUp(position);
      if (this.queue.length >= HIGH_WATER) subscription.pause();
    });
    // Events the client has turned out but 'data' has not delivered yet precede the marker.
    subscription.on('caughtUp', () => {
      if (!live()) return;
      caughtUpAfter = received + subscription.readableLength;
      markIfCaughtUp();
    });
    subscription.on('confirmation', () => {
      if (live()) this.failures = 0;
    });
    subscription.on('error', (error) => this.dropped(generation, error, isTransient(error)));
    // A subscription has no natural end: a server closing it cleanly is a drop like any other.
    subscription.on('end', () => this.dropped(generation, new Error('subscription ended by the server'), true));

    this.head().then(
      (head) => {
        if (!live() || marked) return;
        const from = this.resumeAfter;
        headPosition = head;
        markIfCaughtUp(from === 'start' ? undefined : from);
      },
      () => undefined, // the server's own caught_up (or the next attempt) will tell
    );
  }

  private dropped(generation: number, error: unknown, transient: boolean): void {
    if (generation !== this.generation || this.closed) return;
    if (!transient) return this.fail(toPortError(error));
    this.generation++;
    void this.current?.unsubscribe().catch(() => undefined);
    this.current = undefined;
    this.failures++;
    if (this.failures > this.reconnect.maxAttempts) {
      return this.fail(new StoreUnavailableError('subscription to $all lost and not re-established', error));
    }
    const delay = Math.min(this.reconnect.delayMs * 2 ** (this.failures - 1), this.reconnect.maxDelayMs);
    this.reconnectTimer = setTimeout(() => {
      if (this.closed) return;
      this.push({ kind: 'resumed' });
      this.connect();
    }, delay);
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    this.generation++;
    void this.current?.unsubscribe().catch(() => undefined);
    this.current = undefined;
    this.notify();
  }

  private push(item: Item): void {
    this.queue.push(item);
    if (item.kind === 'event') this.queuedEvents++;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private async *batches(): AsyncGenerator<SubscriptionBatch> {
    let atHead = false;
    let reported = false;
    try {
      while (!this.closed) {
        if (this.queue.length === 0) {
          if (this.failure !== undefined) throw this.failure;
          await new Promise<void>((resolve) => (this.wake = resolve));
          continue;
        }
        const events: StoredEvent[] = [];
        let reachedMarker = false;
        while (this.queue.length > 0 && events.length < this.maxBatch && !reachedMarker) {
          const item = this.queue.shift()!;
          if (item.kind === 'event') {
            events.push(item.event);
            this.queuedEvents--;
          } else if (item.kind === 'resumed') atHead = false;
          else reachedMarker = atHead = true;
        }
        if (this.current?.isPaused() && this.queue.length < HIGH_WATER / 2) this.current.resume();
        const caughtUp = reachedMarker || (atHead && this.queuedEvents === 0);
        // An empty batch only ever says "caught up (again)": after the start or a reconnection.
        if (events.length === 0 && (!caughtUp || reported)) continue;
        reported = caughtUp;
        yield { events, caughtUp };
      }
    } finally {
      await this.close();
    }
  }
}

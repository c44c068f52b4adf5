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
import type { StoreWrites } from './store-writes';

/** What the app measures of appends (the metrics area provides it; the CLI has none). */
export interface AppendMetrics {
  appendObserved(seconds: number, outcome: 'written' | 'idempotent' | 'error'): void;
  eventAppended(type: string): void;
}

export const APPEND_METRICS = Symbol('APPEND_METRICS');

/**
 * The event-store port with append metrics around it: events appended by type and append latency, and whether
 * the store took the last append (readiness). A decorator rather than code in each adapter, so every store (SQLite, EventStoreDB, in-memory)
 * is measured the same way and the adapters stay about storage.
 */
export class InstrumentedEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly metrics: AppendMetrics,
    private readonly writes?: StoreWrites,
  ) {
    // Optional on the port: offered only where the wrapped store offers it.
    if (!inner.recordedHead) this.recordedHead = undefined;
  }

  async appendToStream(
    stream: string,
    events: EventToAppend[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const result = await this.inner.appendToStream(stream, events, options);
      this.metrics.appendObserved(seconds(), result.written ? 'written' : 'idempotent');
      this.writes?.observed();
      if (result.written) for (const event of events) this.metrics.eventAppended(event.type);
      return result;
    } catch (error) {
      this.metrics.appendObserved(seconds(), 'error');
      this.writes?.observed(error);
      throw error;
    }
  }

  readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    return this.inner.readStream(stream, options);
  }

  readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    return this.inner.readAll(options);
  }

  subscribeToAll(options?: SubscribeToAllOptions): EventSubscription {
    return this.inner.subscribeToAll(options);
  }

  streamExists(stream: string): Promise<boolean> {
    return this.inner.streamExists(stream);
  }

  headPosition(): Promise<Position | undefined> {
    return this.inner.headPosition();
  }

  recordedHead?(stream: string): Promise<{ revision: number; hash: string } | undefined> {
    return this.inner.recordedHead!(stream);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

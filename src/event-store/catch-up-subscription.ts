import type { EventSubscription, Position, StoredEvent, SubscriptionBatch } from './event-store.port';

/** What a store that can be read page by page offers to a catch-up subscription. */
export interface PagedSource {
  readAfter(after: Position | 'start', maxCount: number): Promise<StoredEvent[]>;
  /** Calls back when this process appended; returns the unsubscribe function. */
  onAppended(listener: () => void): () => void;
}

/**
 * Catch-up then live over a paged source: reads pages after the last position handed over, and
 * when none is left waits for an append in this process or, for writers in other processes on the
 * same file, for the next poll. Reading strictly after the last position means the switch from
 * catch-up to live can neither skip nor repeat an event.
 */
export function catchUpSubscription(
  source: PagedSource,
  options: { after?: Position | 'start'; maxBatch?: number; pollMs?: number },
): EventSubscription {
  const maxBatch = options.maxBatch ?? 1000;
  const pollMs = options.pollMs ?? 100;
  let after = options.after ?? 'start';
  let closed = false;
  let wake: (() => void) | undefined;
  const unsubscribe = source.onAppended(() => wake?.());

  const nextSignal = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, pollMs);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function* batches(): AsyncGenerator<SubscriptionBatch> {
    let announcedCaughtUp = false;
    try {
      while (!closed) {
        const events = await source.readAfter(after, maxBatch);
        if (closed) return;
        if (events.length > 0) {
          after = events[events.length - 1].position;
          const caughtUp = events.length < maxBatch;
          announcedCaughtUp = caughtUp;
          yield { events, caughtUp };
          continue;
        }
        if (!announcedCaughtUp) {
          announcedCaughtUp = true;
          yield { events: [], caughtUp: true };
          continue;
        }
        await nextSignal();
      }
    } finally {
      unsubscribe();
    }
  }

  const iterator = batches();
  return {
    [Symbol.asyncIterator]: () => iterator,
    async close() {
      closed = true;
      wake?.();
      unsubscribe();
    },
  };
}

import { StoreUnavailableError } from './event-store.errors';

/** How long readiness stays down after a refused append when no append has succeeded since. */
export const REFUSAL_HOLD_MS = 10_000;

export interface StoreRefusal {
  /** When the store last refused an append (ISO timestamp). */
  refusedAt: string;
  message: string;
}

/**
 * Whether the event store takes appends, as the appends themselves found it: readiness reports a store that reads but
 * refuses every write (a full disk, a read-only file, a lock held elsewhere, EventStoreDB gone), so that a load
 * balancer stops sending writes that would all get 503. Nothing probes the store with writes of its own: the next
 * append that succeeds clears the refusal, and with no traffic the refusal lapses after a hold, so that an instance
 * taken out of rotation is tried again.
 */
export class StoreWrites {
  private refusal?: { at: number; message: string };

  constructor(
    private readonly holdMs = REFUSAL_HOLD_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Notes how an append ended: only the store's refusals count, not a client's conflict or a duplicate. */
  observed(error?: unknown): void {
    if (error === undefined) this.refusal = undefined;
    else if (error instanceof StoreUnavailableError) this.refusal = { at: this.now(), message: error.message };
  }

  /** The refusal readiness reports, while it holds. */
  refused(): StoreRefusal | undefined {
    if (!this.refusal || this.now() - this.refusal.at >= this.holdMs) return undefined;
    return { refusedAt: new Date(this.refusal.at).toISOString(), message: this.refusal.message };
  }
}

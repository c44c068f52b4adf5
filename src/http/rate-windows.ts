import type { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** Slots per window: a hit leaves the count between 59/60 and 60/60 of the window after it came, never later. */
const SLOTS = 60;

interface Window {
  slotMs: number;
  /** Hits per slot, a ring: slot `s` (counted from the epoch) lives at `s % SLOTS`. */
  hits: number[];
  /** The newest slot counted; every slot more than SLOTS - 1 before it has been emptied. */
  head: number;
  total: number;
  expiresAt: number;
  blockedUntil: number;
}

/**
 * Hit counts for @nestjs/throttler, kept in this process: a sliding window of SLOTS slots per
 * tracker and route, so a request costs the same at any traffic. The package's own storage keeps
 * one timestamp per hit for the whole window and copies that list on every request: at the default
 * limit a busy client's requests each copied tens of thousands of timestamps, which was a third of
 * everything GET /opinions allocated and grew with the load it was meant to absorb (docs/benchmarks.md).
 *
 * The answers follow the package's storage: a hit over the limit blocks the tracker for
 * `blockDuration` (hits are not counted while blocked); with no block duration only the hits
 * over the limit are refused. `timeToExpire` counts down to a window that renews once it passes.
 */
export class RateWindows implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private lastSweep: number;

  constructor(private readonly now: () => number = Date.now) {
    this.lastSweep = now();
  }

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = this.now();
    this.sweep(now, ttl);
    const id = `${throttlerName}\u0000${key}`;
    let window = this.windows.get(id);
    if (!window) {
      // Fractional on purpose: SLOTS slots span the window exactly, so no hit counts longer than `ttl`.
      const slotMs = Math.max(ttl, 1) / SLOTS;
      const hits = new Array<number>(SLOTS).fill(0);
      window = { slotMs, hits, head: Math.floor(now / slotMs), total: 0, expiresAt: 0, blockedUntil: 0 };
      this.windows.set(id, window);
    }
    advance(window, Math.floor(now / window.slotMs));
    if (window.expiresAt <= now) window.expiresAt = now + ttl;
    return Promise.resolve(
      blockDuration > 0
        ? this.countWithBlock(window, now, limit, blockDuration)
        : countWithoutBlock(window, now, limit),
    );
  }

  private countWithBlock(window: Window, now: number, limit: number, blockDuration: number): ThrottlerStorageRecord {
    if (window.blockedUntil !== 0 && window.blockedUntil <= now) {
      // The block is over: the tracker starts again from nothing, as the package's storage does.
      window.blockedUntil = 0;
      window.hits.fill(0);
      window.total = 0;
    }
    if (window.blockedUntil === 0) {
      hit(window);
      if (window.total > limit) window.blockedUntil = now + blockDuration;
    }
    const blocked = window.blockedUntil !== 0;
    return {
      totalHits: window.total,
      timeToExpire: seconds(window.expiresAt - now),
      isBlocked: blocked,
      timeToBlockExpire: blocked ? seconds(window.blockedUntil - now) : 0,
    };
  }

  /** Forgets trackers whose every hit and block has run out, at most once a window. */
  private sweep(now: number, ttl: number): void {
    if (now - this.lastSweep < ttl) return;
    this.lastSweep = now;
    for (const [id, window] of this.windows) {
      advance(window, Math.floor(now / window.slotMs));
      if (window.total === 0 && window.blockedUntil <= now) this.windows.delete(id);
    }
  }

  /** How many trackers are held: for the specs, which check that idle ones are forgotten. */
  get size(): number {
    return this.windows.size;
  }
}

function countWithoutBlock(window: Window, now: number, limit: number): ThrottlerStorageRecord {
  const blocked = window.total >= limit;
  if (!blocked) hit(window);
  return {
    totalHits: window.total + (blocked ? 1 : 0),
    timeToExpire: seconds(window.expiresAt - now),
    isBlocked: blocked,
    timeToBlockExpire: blocked ? seconds(oldestHitLeaves(window) - now) : 0,
  };
}

/** When the oldest slot still counted leaves the window: the moment a refused tracker may try again. */
function oldestHitLeaves(window: Window): number {
  for (let s = window.head - SLOTS + 1; s < window.head; s++) {
    if (window.hits[((s % SLOTS) + SLOTS) % SLOTS] > 0) return (s + SLOTS) * window.slotMs;
  }
  return (window.head + SLOTS) * window.slotMs;
}

/** Empties the slots that left the window between the last count and `slot`. */
function advance(window: Window, slot: number): void {
  if (slot <= window.head) return;
  if (slot - window.head >= SLOTS) {
    window.hits.fill(0);
    window.total = 0;
  } else {
    for (let s = window.head + 1; s <= slot; s++) {
      window.total -= window.hits[s % SLOTS];
      window.hits[s % SLOTS] = 0;
    }
  }
  window.head = slot;
}

function hit(window: Window): void {
  window.hits[window.head % SLOTS]++;
  window.total++;
}

const seconds = (ms: number) => Math.ceil(ms / 1000);

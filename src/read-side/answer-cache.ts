/**
 * Answers kept by key, least recently used first out, within a count and a size in bytes. The size of
 * an entry may grow after it is stored (its compressed forms arrive later): `grew` accounts for it.
 * Bounded both ways because a reader chooses the keys: every `asOf` day is a new answer, and one
 * answer of a large store is megabytes, so a count alone lets a sweep of days hold gigabytes.
 */
export class AnswerCache<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private total = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxBytes: number,
  ) {}

  /** The value, now the most recently used. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores the value as the most recently used, evicting the least recently used until both bounds hold. */
  set(key: string, value: V, bytes: number): void {
    this.delete(key);
    // One answer larger than the whole budget would empty the cache for itself: it is sent, not kept.
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.total += bytes;
    this.evict();
  }

  /** The entry under `key`, if it is still `value`, now takes `extra` bytes more. */
  grew(key: string, value: V, extra: number): void {
    const entry = this.entries.get(key);
    if (!entry || entry.value !== value) return;
    entry.bytes += extra;
    this.total += extra;
    this.evict();
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.total -= entry.bytes;
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.total;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.total <= this.maxBytes) return;
      this.entries.delete(key);
      this.total -= entry.bytes;
    }
  }
}

import type { EventToAppend, Position, ReadAllOptions, ReadStreamOptions, StoredEvent } from './event-store.port';
import { comparePositions } from './position';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks every store makes before it touches anything. */
export function assertAppendable(stream: string, events: readonly EventToAppend[]): void {
  if (!stream || stream.startsWith('$')) throw new RangeError(`invalid stream name: ${JSON.stringify(stream)}`);
  if (events.length === 0) throw new RangeError('an append needs at least one event');
  const seen = new Set<string>();
  for (const event of events) {
    if (!UUID.test(event.eventId)) throw new RangeError(`event id is not a UUID: ${JSON.stringify(event.eventId)}`);
    if (seen.has(event.eventId.toLowerCase()))
      throw new RangeError(`event id appears twice in one append: ${event.eventId}`);
    seen.add(event.eventId.toLowerCase());
    if (!event.type || event.type.startsWith('$'))
      throw new RangeError(`invalid event type: ${JSON.stringify(event.type)}`);
  }
}

export function pageOfStream(events: readonly StoredEvent[], options: ReadStreamOptions): StoredEvent[] {
  const backwards = options.direction === 'backwards';
  const max = options.maxCount ?? Number.MAX_SAFE_INTEGER;
  const from = options.fromRevision ?? (backwards ? 'end' : 'start');
  if (backwards) {
    const start = from === 'end' ? events.length - 1 : from === 'start' ? 0 : Math.min(from, events.length - 1);
    const out: StoredEvent[] = [];
    for (let i = start; i >= 0 && out.length < max; i--) out.push(events[i]);
    return out;
  }
  const start = from === 'start' ? 0 : from === 'end' ? events.length : from;
  return events.slice(start, start + max);
}

/** For stores that keep `$all` as an array ordered by position. */
export function pageOfAll(all: readonly StoredEvent[], options: ReadAllOptions): StoredEvent[] {
  const backwards = options.direction === 'backwards';
  const max = options.maxCount ?? Number.MAX_SAFE_INTEGER;
  const after = options.after ?? (backwards ? 'end' : 'start');
  if (backwards) {
    let i = after === 'end' ? all.length - 1 : after === 'start' ? -1 : firstIndexAtOrAfter(all, after) - 1;
    const out: StoredEvent[] = [];
    for (; i >= 0 && out.length < max; i--) out.push(all[i]);
    return out;
  }
  if (after === 'end') return [];
  let start = after === 'start' ? 0 : firstIndexAtOrAfter(all, after);
  if (start < all.length && after !== 'start' && comparePositions(all[start].position, after) === 0) start++;
  return all.slice(start, start + max);
}

function firstIndexAtOrAfter(all: readonly StoredEvent[], position: Position): number {
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (comparePositions(all[mid].position, position) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

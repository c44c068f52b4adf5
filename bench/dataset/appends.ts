/**
 * The generated events as appends, the same for both stores: each event gets a time-ordered
 * (v7) id and the metadata the recorder writes (actor, recordedAt, source, requestId), and the
 * appends come in a fixed, seeded order. Both sides read these plans, so they store the same
 * events in the same order.
 */
import type { EventToAppend, JsonObject, JsonValue } from '../../src/event-store/event-store.port';
import type { CaseEvent } from '../../domain/case/case.events';
import { generateCases, type DatasetOptions, type GeneratedCase } from './domain-events';
import { Rng } from './rng';

export interface PlannedAppend {
  stream: string;
  events: EventToAppend[];
  /** The stream's revision before this append, or `no_stream`. */
  expectedRevision: number | 'no_stream';
}

const BASE_MS = Date.UTC(2025, 0, 1);

/** Deterministic UUID v7 ids and recorder metadata, one after the other. */
export class EventStamper {
  private readonly rng: Rng;
  private count = 0;

  constructor(
    seed: number,
    private readonly actor = 'recorder-key',
  ) {
    this.rng = new Rng(seed ^ 0x1d5);
  }

  stamp(event: CaseEvent): EventToAppend {
    const n = this.count++;
    const ms = BASE_MS + n;
    const hex = ms.toString(16).padStart(12, '0');
    const r1 = this.rng.hex8();
    const r2 = this.rng.hex8();
    const r3 = this.rng.hex8();
    const variant = ((parseInt(r2[0], 16) & 0x3) | 0x8).toString(16);
    const eventId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${r1.slice(0, 3)}-${variant}${r2.slice(1, 4)}-${r2.slice(4)}${r3}`;
    const metadata: JsonObject = {
      actor: this.actor,
      recordedAt: new Date(ms).toISOString(),
      source: 'api',
      requestId: `${r1}-${r3.slice(0, 4)}`,
    };
    return { eventId, type: event.type, data: event.data as unknown as JsonValue, metadata };
  }
}

/**
 * The interleaved history of a store fed by people working on many cases at once: `window` cases
 * are open at a time, each takes its next 1–3 events per turn (a round: one append per open case,
 * none of them to the same stream), and a finished case makes room for the next. Only the open
 * cases are held in memory.
 */
export function* interleavedAppends(options: DatasetOptions, window = 256): Generator<PlannedAppend[]> {
  const rng = new Rng(options.seed ^ 0x17e7);
  const stamper = new EventStamper(options.seed ^ 0x5a17);
  const cases = generateCases(options);
  let open: Array<{ generated: GeneratedCase; next: number }> = [];
  const refill = () => {
    while (open.length < window) {
      const next = cases.next();
      if (next.done) return;
      open.push({ generated: next.value, next: 0 });
    }
  };
  refill();
  while (open.length > 0) {
    const round: PlannedAppend[] = [];
    for (const item of open) {
      const take = Math.min(rng.int(1, 3), item.generated.events.length - item.next);
      round.push({
        stream: `case-${item.generated.caseId}`,
        events: item.generated.events.slice(item.next, item.next + take).map((e) => stamper.stamp(e)),
        expectedRevision: item.next === 0 ? 'no_stream' : item.next - 1,
      });
      item.next += take;
    }
    yield round;
    open = open.filter((item) => item.next < item.generated.events.length);
    refill();
  }
}

/** Appends of `perAppend` events each, to streams `bulk-0`, `bulk-1`, …: the domain events in case order. */
export function* bulkAppends(
  options: DatasetOptions,
  total: number,
  perAppend = 1000,
  salt = 0,
): Generator<PlannedAppend> {
  const stamper = new EventStamper(options.seed ^ salt);
  let batch: EventToAppend[] = [];
  let stream = 0;
  let made = 0;
  for (const generated of generateCases(options)) {
    for (const event of generated.events) {
      batch.push(stamper.stamp(event));
      if (++made === total || batch.length === perAppend) {
        yield { stream: `bulk-${stream++}`, events: batch, expectedRevision: 'no_stream' };
        batch = [];
      }
      if (made === total) return;
    }
  }
  if (batch.length) yield { stream: `bulk-${stream}`, events: batch, expectedRevision: 'no_stream' };
}

/**
 * Single events for writers working side by side: each writer takes the next whole case and
 * appends its events one by one at the exact revision, as the recorder does.
 */
export class SingleEventFeed {
  private readonly cases: Generator<GeneratedCase>;
  private readonly stamper: EventStamper;

  constructor(
    options: DatasetOptions,
    private readonly prefix: string,
    salt: number,
  ) {
    this.cases = generateCases(options);
    this.stamper = new EventStamper(options.seed ^ salt);
  }

  /** `count` appends shared out among `writers` writers (whole cases each, in revision order). */
  static split(
    options: DatasetOptions,
    prefix: string,
    salt: number,
    count: number,
    writers: number,
  ): PlannedAppend[][] {
    const feed = new SingleEventFeed(options, prefix, salt);
    const next = Array.from({ length: writers }, () => feed.writer());
    const lists: PlannedAppend[][] = next.map(() => []);
    for (let i = 0; i < count; i++) {
      const append = next[i % writers]();
      if (!append) break;
      lists[i % writers].push(append);
    }
    return lists;
  }

  /** A writer: gives the next single-event append each time it is called, or undefined at the end. */
  writer(): () => PlannedAppend | undefined {
    let current: GeneratedCase | undefined;
    let next = 0;
    return () => {
      if (!current || next >= current.events.length) {
        const taken = this.cases.next();
        if (taken.done) return undefined;
        current = taken.value;
        next = 0;
      }
      const revision = next++;
      return {
        stream: `${this.prefix}-${current.caseId}`,
        events: [this.stamper.stamp(current.events[revision])],
        expectedRevision: revision === 0 ? 'no_stream' : revision - 1,
      };
    };
  }
}

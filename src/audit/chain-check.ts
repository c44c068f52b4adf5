import type { EventStore, Position, StoredEvent } from '../event-store/event-store.port';
import { ChainVerifier, type ChainBreak, type ChainInput } from '../event-store/hash-chain';

export type VerifyResult =
  { ok: true; streams: number; events: number } | { ok: false; events: number; break: ChainBreak };

/** Small enough that a page's events die in the young generation (see read-side/rebuild.ts). */
const PAGE = 1000;

/** Recomputes every chain in one pass over `$all`, then compares heads the store keeps apart. */
export async function verifyStore(store: EventStore, onProgress?: (events: number) => void): Promise<VerifyResult> {
  const verifier = new ChainVerifier();
  let after: Position | 'start' = 'start';
  let events = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: PAGE });
    if (page.length === 0) break;
    for (const event of page) {
      const broken = verifier.check(event);
      if (broken) return { ok: false, events, break: broken };
      events++;
    }
    after = page[page.length - 1].position;
    onProgress?.(events);
  }
  for (const stream of verifier.streams()) {
    const broken = await compareHead(store, verifier, stream);
    if (broken) return { ok: false, events, break: broken };
  }
  return { ok: true, streams: verifier.streams().length, events };
}

/** One stream's chain, and its head where the store keeps one. */
export async function verifyStream(store: EventStore, stream: string, events: StoredEvent[]): Promise<VerifyResult> {
  const verifier = new ChainVerifier();
  for (const event of events) {
    const broken = verifier.check(event);
    if (broken) return { ok: false, events: verifier.checked, break: broken };
  }
  const broken = await compareHead(store, verifier, stream);
  return broken
    ? { ok: false, events: verifier.checked, break: broken }
    : { ok: true, streams: 1, events: verifier.checked };
}

/** The same check on events from an export file: no store needed. */
export function verifyEvents(
  events: readonly ChainInput[],
  recordedHead?: { revision: number; hash: string },
  stream: string | undefined = events[0]?.stream,
): VerifyResult {
  const verifier = new ChainVerifier();
  for (const event of events) {
    const broken = verifier.check(event);
    if (broken) return { ok: false, events: verifier.checked, break: broken };
  }
  const head = stream === undefined ? undefined : verifier.head(stream);
  // With a recorded head, a file emptied of its events is a mismatch too ("no events").
  if (recordedHead && (head?.revision !== recordedHead.revision || head.hash !== recordedHead.hash)) {
    return { ok: false, events: verifier.checked, break: headBreak(stream ?? '', head, recordedHead) };
  }
  return { ok: true, streams: verifier.streams().length, events: verifier.checked };
}

async function compareHead(
  store: EventStore,
  verifier: ChainVerifier,
  stream: string,
): Promise<ChainBreak | undefined> {
  const recorded = await store.recordedHead?.(stream);
  if (!recorded) return undefined;
  const head = verifier.head(stream);
  if (head?.revision === recorded.revision && head.hash === recorded.hash) return undefined;
  return headBreak(stream, head, recorded);
}

function headBreak(
  stream: string,
  head: { revision: number; hash: string } | undefined,
  recorded: { revision: number; hash: string },
): ChainBreak {
  return {
    stream,
    revision: recorded.revision,
    eventId: '',
    problem: 'head_mismatch',
    expected: `revision ${recorded.revision}, hash ${recorded.hash}`,
    actual: head ? `chain ends at revision ${head.revision}, hash ${head.hash}` : 'no events',
  };
}

export function describeBreak(b: ChainBreak): string {
  const what = {
    hash_mismatch: 'its content does not match its hash (altered)',
    prev_hash_mismatch: 'it does not link to the event before it (an event was removed, inserted or moved)',
    revision_gap: 'revisions are not consecutive (an event was removed or moved)',
    head_mismatch: 'the chain does not end where the store recorded the stream head (events removed at the end)',
  }[b.problem];
  return `stream ${b.stream}, revision ${b.revision}${b.eventId ? ` (event ${b.eventId})` : ''}: ${what}; expected ${b.expected}, found ${b.actual}`;
}

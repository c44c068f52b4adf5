import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { JsonObject, JsonValue } from './event-store.port';

/**
 * Tamper evidence: every event's metadata carries `prevHash` (the previous event's `hash` in the
 * same stream, or GENESIS_HASH for revision 0) and `hash` = SHA-256 (hex) of the RFC 8785 (JCS)
 * serialisation of { stream, revision, eventId, type, data, metadata, prevHash }, where `metadata`
 * is the event's metadata without `prevHash` and `hash`. docs/tamper-evidence.md explains it.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainInput {
  stream: string;
  revision: number;
  eventId: string;
  type: string;
  data: JsonValue;
  metadata: JsonObject;
}

export function contentOf(metadata: JsonObject): JsonObject {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { prevHash, hash, ...rest } = metadata;
  return rest;
}

export function hashEvent(event: ChainInput, prevHash: string): string {
  const canonical = canonicalize({
    stream: event.stream,
    revision: event.revision,
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    metadata: contentOf(event.metadata),
    prevHash,
  });
  if (canonical === undefined) throw new Error('event cannot be serialised canonically');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** The metadata to store for an event appended after `prevHash`. */
export function chainMetadata(event: ChainInput, prevHash: string): JsonObject {
  const metadata = contentOf(event.metadata);
  return { ...metadata, prevHash, hash: hashEvent({ ...event, metadata }, prevHash) };
}

export type ChainBreak = {
  stream: string;
  revision: number;
  eventId: string;
  problem: 'hash_mismatch' | 'prev_hash_mismatch' | 'revision_gap' | 'head_mismatch';
  expected: string;
  actual: string;
};

/**
 * Checks chains as events go by, in global or stream order: one small state per stream, so a
 * whole store can be verified in one pass over `$all`.
 */
export class ChainVerifier {
  private readonly heads = new Map<string, { next: number; hash: string }>();
  checked = 0;

  check(event: ChainInput): ChainBreak | undefined {
    const head = this.heads.get(event.stream) ?? { next: 0, hash: GENESIS_HASH };
    const at = { stream: event.stream, revision: event.revision, eventId: event.eventId };
    if (event.revision !== head.next) {
      return { ...at, problem: 'revision_gap', expected: String(head.next), actual: String(event.revision) };
    }
    const storedPrev = String(event.metadata.prevHash ?? '');
    if (storedPrev !== head.hash)
      return { ...at, problem: 'prev_hash_mismatch', expected: head.hash, actual: storedPrev };
    const recomputed = hashEvent(event, head.hash);
    const stored = String(event.metadata.hash ?? '');
    if (stored !== recomputed) return { ...at, problem: 'hash_mismatch', expected: recomputed, actual: stored };
    this.heads.set(event.stream, { next: head.next + 1, hash: stored });
    this.checked++;
    return undefined;
  }

  /** Where each stream's verified chain ends: to compare with a head the store keeps apart. */
  head(stream: string): { revision: number; hash: string } | undefined {
    const head = this.heads.get(stream);
    return head && { revision: head.next - 1, hash: head.hash };
  }

  streams(): string[] {
    return [...this.heads.keys()];
  }
}

/** Recomputes a stream's chain, in revision order; the first break found, or undefined. */
export function findChainBreak(events: readonly ChainInput[]): ChainBreak | undefined {
  const verifier = new ChainVerifier();
  for (const event of events) {
    const broken = verifier.check(event);
    if (broken) return broken;
  }
  return undefined;
}

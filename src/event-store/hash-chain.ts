import { hash as oneShotHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { canonicalJson, canonicalJsonWithout, plainCanonicalJson, plainCanonicalJsonWithout } from './canonical-json';
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

const CHAIN_FIELDS: ReadonlySet<string> = new Set(['prevHash', 'hash']);

export function hashEvent(event: ChainInput, prevHash: string): string {
  return sha256Hex(canonicalForm(event, prevHash, canonicalParts(event)));
}

/**
 * The JCS texts of an event's data and of its metadata less the chain fields; `plain` when both
 * came from the fast path, whose texts are also the values' JSON (chainedEventJson stores them).
 */
interface CanonicalParts {
  data: string;
  content: string;
  plain: boolean;
}

function canonicalParts(event: ChainInput): CanonicalParts | undefined {
  const { stream, eventId, type, metadata } = event;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return undefined;
  if (typeof stream !== 'string' || typeof eventId !== 'string' || typeof type !== 'string') return undefined;
  if (!Number.isFinite(event.revision)) return undefined;
  const plainData = plainCanonicalJson(event.data);
  const plainContent = plainCanonicalJsonWithout(metadata, CHAIN_FIELDS);
  const data = plainData ?? canonicalJson(event.data);
  const content = plainContent ?? canonicalJsonWithout(metadata, CHAIN_FIELDS);
  if (data === undefined || content === undefined) return undefined;
  return { data, content, plain: plainData !== undefined && plainContent !== undefined };
}

/**
 * The JCS text of { stream, revision, eventId, type, data, metadata (less its chain fields),
 * prevHash }, written member by member in JCS key order rather than built as an object and
 * canonicalised: the same bytes (canonical-json.spec.ts), without the copies.
 */
function canonicalForm(event: ChainInput, prevHash: string, parts: CanonicalParts | undefined): string {
  const { stream, revision, eventId, type, metadata } = event;
  if (!parts || typeof prevHash !== 'string') {
    const canonical = canonicalize({
      stream,
      revision,
      eventId,
      type,
      data: event.data,
      metadata: contentOf(metadata),
      prevHash,
    });
    if (canonical === undefined) throw new Error('event cannot be serialised canonically');
    return canonical;
  }
  return (
    `{"data":${parts.data},"eventId":${JSON.stringify(eventId)},"metadata":${parts.content},` +
    `"prevHash":${JSON.stringify(prevHash)},"revision":${JSON.stringify(revision)},` +
    `"stream":${JSON.stringify(stream)},"type":${JSON.stringify(type)}}`
  );
}

const sha256Hex = (text: string): string => oneShotHash('sha256', text, 'hex');

/** The metadata to store for an event appended after `prevHash`. */
export function chainMetadata(event: ChainInput, prevHash: string): JsonObject {
  const metadata = contentOf(event.metadata);
  return { ...metadata, prevHash, hash: hashEvent({ ...event, metadata }, prevHash) };
}

/**
 * For stores that keep data and metadata as JSON text: the hash and the two texts, made from the
 * canonical texts the hash was computed over rather than serialised a second time. Data is stored
 * as its JCS text, metadata as `{ ...its content in JCS key order, prevHash, hash }`: JSON that
 * parses to what JSON.stringify's text would (keys in another order), which
 * canonical-json.spec.ts checks on arbitrary events.
 */
export function chainedEventJson(
  event: ChainInput,
  prevHash: string,
): { hash: string; data: string; metadata: string } {
  const parts = canonicalParts(event);
  const hashed = sha256Hex(canonicalForm(event, prevHash, parts));
  const { metadata } = event;
  if (!parts?.plain || !isPlainContent(metadata)) {
    const json = JSON.stringify({ ...contentOf(metadata), prevHash, hash: hashed });
    return { hash: hashed, data: JSON.stringify(event.data), metadata: json };
  }
  const chain = `"prevHash":${JSON.stringify(prevHash)},"hash":${JSON.stringify(hashed)}}`;
  const json = parts.content === '{}' ? `{${chain}` : `${parts.content.slice(0, -1)},${chain}`;
  return { hash: hashed, data: parts.data, metadata: json };
}

/** A plain object with no chain fields of its own, as JSON.stringify would write it. */
function isPlainContent(metadata: JsonObject): boolean {
  const prototype: unknown = Object.getPrototypeOf(metadata);
  const own = (key: string) => Object.prototype.hasOwnProperty.call(metadata, key);
  return (
    (prototype === Object.prototype || prototype === null) &&
    typeof (metadata as { toJSON?: unknown }).toJSON !== 'function' &&
    !own('prevHash') &&
    !own('hash')
  );
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

import { hash as oneShotHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { plainCanonicalJson, plainCanonicalJsonWithout } from './canonical-json';
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
  return sha256Hex(hashedText(canonicalParts(event), event.revision, prevHash));
}

/**
 * An event's JCS texts, split around the two members only its place in the stream decides
 * (`prevHash` and `revision`), so they can be made before that place is known: the SQLite store
 * makes them on the event loop and links them to the stream's head in its writer thread.
 */
export interface ChainParts {
  /** The canonical form's members before `prevHash`: `{"data":…,"eventId":…,"metadata":…,`. */
  head: string;
  /** Its members after `revision`: `,"stream":…,"type":…}`. */
  tail: string;
  /** The data as stored: its JCS text when it is plain JSON (which parses to the same value), else JSON.stringify's. */
  data: string;
  /** The stored metadata up to its chain fields: `{"actor":…,` (or `{`); see chainedEventJson. */
  metadataHead: string;
}

/**
 * The canonical form of { stream, revision, eventId, type, data, metadata (less its chain fields),
 * prevHash }, written member by member in JCS key order rather than built as an object and
 * canonicalised: the same bytes (canonical-json.spec.ts), without the copies. A member whose
 * value JCS leaves out (undefined) is left out here too.
 */
function canonicalParts(event: Omit<ChainInput, 'revision'>): CanonicalParts {
  const plainData = plainCanonicalJson(event.data);
  const metadata = event.metadata;
  const isObject = typeof metadata === 'object' && metadata !== null;
  const plainContent = isObject ? plainCanonicalJsonWithout(metadata, CHAIN_FIELDS) : undefined;
  const data = plainData ?? canonicalize(event.data);
  const content = plainContent ?? canonicalize(contentOf(metadata));
  const before = members([
    ['data', data],
    ['eventId', textOf(event.eventId)],
    ['metadata', content],
  ]);
  const after = members([
    ['stream', textOf(event.stream)],
    ['type', textOf(event.type)],
  ]);
  return {
    head: `{${before}${before ? ',' : ''}`,
    tail: `${after ? ',' : ''}${after}}`,
    plainData,
    plainContent: isObject && isPlainContent(metadata) ? plainContent : undefined,
  };
}

interface CanonicalParts {
  head: string;
  tail: string;
  /** The JCS texts of data and of metadata less its chain fields, when they came from the fast path. */
  plainData?: string;
  plainContent?: string;
}

function hashedText({ head, tail }: CanonicalParts, revision: number, prevHash: string): string {
  const revisionText = Number.isFinite(revision) ? JSON.stringify(revision) : canonicalize(revision);
  return `${head}"prevHash":${textOf(prevHash)},"revision":${revisionText}${tail}`;
}

const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' ? JSON.stringify(value) : canonicalize(value);

function members(list: Array<[string, string | undefined]>): string {
  return list
    .filter(([, text]) => text !== undefined)
    .map(([key, text]) => `"${key}":${text}`)
    .join(',');
}

const sha256Hex = (text: string): string => oneShotHash('sha256', text, 'hex');

/** The metadata to store for an event appended after `prevHash`. */
export function chainMetadata(event: ChainInput, prevHash: string): JsonObject {
  const metadata = contentOf(event.metadata);
  return { ...metadata, prevHash, hash: hashEvent({ ...event, metadata }, prevHash) };
}

/**
 * For stores that keep data and metadata as JSON text, what can be made of an event before its
 * place in the stream is known. Data is stored as its JCS text when plain, metadata as
 * `{ ...its content in JCS key order, prevHash, hash }`: JSON that parses to what JSON.stringify's
 * text would (keys in another order), which canonical-json.spec.ts checks on arbitrary events.
 * Throws a RangeError for what the store cannot keep as JSON.
 */
export function chainParts(event: Omit<ChainInput, 'revision'>): ChainParts {
  const parts = canonicalParts(event);
  const data = parts.plainData ?? (JSON.stringify(event.data) as string | undefined);
  if (data === undefined) throw new RangeError(`event ${event.eventId}: data is not JSON`);
  return { head: parts.head, tail: parts.tail, data, metadataHead: metadataHead(event.metadata, parts.plainContent) };
}

/** `{…content…,` or `{`: the stored metadata's text before `"prevHash"`. */
function metadataHead(metadata: JsonObject, plainContent: string | undefined): string {
  const content = contentOf(metadata);
  // An own toJSON would make JSON.stringify write something else than the members and chain fields.
  const text = typeof content.toJSON === 'function' ? undefined : (plainContent ?? JSON.stringify(content));
  if (text === undefined || !text.startsWith('{')) throw new RangeError('event metadata is not a JSON object');
  return text === '{}' ? '{' : `${text.slice(0, -1)},`;
}

/** The event's hash and its stored metadata text, once its revision and the previous hash are known. */
export function linkEvent(parts: ChainParts, revision: number, prevHash: string): { hash: string; metadata: string } {
  const hash = sha256Hex(hashedText(parts, revision, prevHash));
  return { hash, metadata: `${parts.metadataHead}"prevHash":${JSON.stringify(prevHash)},"hash":"${hash}"}` };
}

/** chainParts and linkEvent in one step. */
export function chainedEventJson(
  event: ChainInput,
  prevHash: string,
): { hash: string; data: string; metadata: string } {
  const parts = chainParts(event);
  return { ...linkEvent(parts, event.revision, prevHash), data: parts.data };
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

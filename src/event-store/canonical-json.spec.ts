import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalJson, canonicalJsonWithout } from './canonical-json';
import type { JsonObject, JsonValue } from './event-store.port';
import {
  chainedEventJson,
  chainMetadata,
  chainParts,
  contentOf,
  GENESIS_HASH,
  hashEvent,
  linkEvent,
  type ChainInput,
} from './hash-chain';

/** What a call gives: its text, or the error it throws. */
function outcome(serialise: (value: unknown) => string | undefined, value: unknown): unknown {
  try {
    return { text: serialise(value) };
  } catch (error) {
    return { threw: (error as Error).message };
  }
}

/** Any UTF-16 code unit, lone surrogates included: JCS escaping must match on all of them. */
const codeUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)) });
const keys = fc.oneof(
  codeUnits,
  fc.constantFrom('a', 'b', 'A', '1', '10', '2', 'é', '\u{1F54A}', '', 'prevHash', 'hash'),
);
const numbers = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, 1e21, 1e-7, 123456789012345680000, 5e-324, Number.MAX_VALUE, 0.1 + 0.2),
);
const json: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    numbers.filter(Number.isFinite),
    codeUnits,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(keys, tie('value'), { maxKeys: 6 }),
  ),
})).value;

describe('canonicalJson', () => {
  it('gives the same bytes as canonicalize on any JSON value', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the same result as canonicalize on anything at all (or throws the same)', () => {
    const anything = fc.anything({
      key: keys,
      values: [numbers, codeUnits, fc.boolean(), fc.constant(null), fc.constant(undefined), fc.bigInt(), fc.date()],
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withDate: true,
      withTypedArray: true,
      withSparseArray: true,
      withNullPrototype: true,
      withObjectString: true,
    });
    fc.assert(
      fc.property(anything, (value) => {
        expect(outcome(canonicalJson, value)).toEqual(outcome(canonicalize, value));
      }),
      { numRuns: 3000 },
    );
  });

  it('handles the edge cases canonicalize has rules for', () => {
    const edge: unknown[] = [
      undefined,
      NaN,
      Infinity,
      -0,
      [undefined, () => 1, Symbol('s')],
      { a: undefined, b: () => 1, c: Symbol('s'), d: 1 },
      { toJSON: () => ({ z: 1, a: 2 }) },
      new Date(0),
      [1, , 3], // eslint-disable-line no-sparse-arrays
      { '\ud800': 'lone', '\udc00\ud800': 'reversed', '\u2028': 'line separator' },
      { 10: 'ten', 9: 'nine', b: 1, a: 2 },
    ];
    for (const value of edge) expect(outcome(canonicalJson, value)).toEqual(outcome(canonicalize, value));
  });

  it('leaves keys out without copying the object', () => {
    const skip = new Set(['prevHash', 'hash']);
    fc.assert(
      fc.property(fc.dictionary(keys, json, { maxKeys: 8 }), (object) => {
        const { prevHash: _p, hash: _h, ...rest } = object;
        expect(canonicalJsonWithout(object, skip)).toBe(canonicalize(rest));
      }),
    );
  });
});

/** The chain as first written: the object canonicalised by the package, hashed with createHash. */
function referenceHash(event: ChainInput, prevHash: string): string {
  const { stream, revision, eventId, type, data } = event;
  const canonical = canonicalize({
    stream,
    revision,
    eventId,
    type,
    data,
    metadata: contentOf(event.metadata),
    prevHash,
  });
  return createHash('sha256').update(canonical!, 'utf8').digest('hex');
}

const events: fc.Arbitrary<ChainInput> = fc.record({
  stream: codeUnits,
  revision: fc.nat(),
  eventId: fc.uuid(),
  type: codeUnits,
  data: json,
  metadata: fc.dictionary(keys, json, { maxKeys: 6 }) as fc.Arbitrary<JsonObject>,
});

describe('hash chain fast path', () => {
  it('hashes every event as the reference does', () => {
    fc.assert(
      fc.property(
        events,
        fc.oneof(
          fc.constant(GENESIS_HASH),
          fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }),
        ),
        (event, prev) => {
          expect(hashEvent(event, prev)).toBe(referenceHash(event, prev));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('stores texts that read back as JSON.stringify would, and the reference hash', () => {
    fc.assert(
      fc.property(events, (event) => {
        const { hash, data, metadata } = chainedEventJson(event, GENESIS_HASH);
        expect(JSON.parse(data)).toEqual(JSON.parse(JSON.stringify(event.data)));
        expect(JSON.parse(metadata)).toEqual(JSON.parse(JSON.stringify(chainMetadata(event, GENESIS_HASH))));
        expect(hash).toBe(referenceHash(event, GENESIS_HASH));
      }),
      { numRuns: 2000 },
    );
  });

  it('stores as JSON.stringify would what the canonical form writes otherwise', () => {
    const odd: ChainInput = {
      stream: 's',
      revision: 0,
      eventId: '0190f6a8-7c2e-7b1a-9f3d-2a4b5c6d7e8f',
      type: 'T',
      data: { boxed: Object(1), when: new Date(0), nested: [Object('x')] } as unknown as JsonValue,
      metadata: { at: new Date(0) } as unknown as JsonObject,
    };
    const { hash, data, metadata } = chainedEventJson(odd, GENESIS_HASH);
    expect(data).toBe(JSON.stringify(odd.data));
    expect(JSON.parse(metadata)).toEqual(JSON.parse(JSON.stringify(chainMetadata(odd, GENESIS_HASH))));
    expect(hash).toBe(referenceHash(odd, GENESIS_HASH));
  });

  it('keeps a known event hash', () => {
    const event: ChainInput = {
      stream: 'case-kz-whatsapp-group-2018',
      revision: 3,
      eventId: '0190f6a8-7c2e-7b1a-9f3d-2a4b5c6d7e8f',
      type: 'PersonConvicted',
      data: { personId: 'beket-mynbasov', occurredOn: '2019-08', sentence: { kind: 'imprisonment', months: 84 } },
      metadata: { actor: 'import', recordedAt: '2023-09-26T10:00:00.000Z', source: 'import' },
    };
    expect(hashEvent(event, GENESIS_HASH)).toBe(referenceHash(event, GENESIS_HASH));
  });

  it('links parts made before the revision and the previous hash were known, as the reference does', () => {
    const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });
    fc.assert(
      fc.property(events, hex64, (event, prev) => {
        const { revision, ...placeless } = event;
        const parts = chainParts(placeless);
        const { hash, metadata } = linkEvent(parts, revision, prev);
        expect(hash).toBe(referenceHash(event, prev));
        expect(JSON.parse(metadata)).toEqual(JSON.parse(JSON.stringify(chainMetadata(event, prev))));
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses what it could not store as JSON with its chain fields', () => {
    const event = { stream: 's', eventId: '0190f6a8-7c2e-7b1a-9f3d-2a4b5c6d7e8f', type: 'T', data: {}, metadata: {} };
    expect(() => chainParts({ ...event, data: undefined as unknown as JsonValue })).toThrow(RangeError);
    const toJSON = () => 'replaced';
    expect(() => chainParts({ ...event, metadata: { toJSON } as unknown as JsonObject })).toThrow(RangeError);
    expect(() => chainParts({ ...event, data: { n: Number.NaN } })).toThrow();
  });
});

import fc from 'fast-check';
import { startTestApp, type TestApp } from '../support/test-app';
import { Ledger, RECORD_ORDER, VALID, openBody, type Data } from './e2e-helpers';

/**
 * Fuzzing POST /cases/{id}/events (and POST /cases) with valid bodies of every type, mutated: fields
 * dropped, added or given wrong types, huge strings, deep nesting, unicode, impossible dates, and
 * raw JSON text with `__proto__`/`constructor` keys, numbers beyond 2^53 and broken syntax. Never a
 * 5xx, and every answer but 201 leaves the stream (and GET /cases/{id}) as it was.
 */

const CASE = 'fuzz-case';
const TYPES = Object.keys(VALID);
const ANSWERS = [201, 400, 409, 413, 422];

const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : { n: nested(depth - 1) });

const weird: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('2023-02-30', '2023-13', '2023/2022', '2023-09-27', '2024', '0000', '1900-02-29', '2020-02-29'),
  fc.constantFrom('', ' ', 'ann-a', 'ANN', 'zed-z', '__proto__', 'constructor', '\u0000', '\ud800', '🏳️‍🌈', 'ı̇'),
  fc.constantFrom(-1, 0, 1.5, 2 ** 53, 2 ** 53 + 2, -(2 ** 53) - 2, Number.MAX_VALUE, 1e-300),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.nat({ max: 40 }).map(nested),
  fc.constant('x'.repeat(60_000)),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 5 }),
);

type Mutation =
  | { kind: 'drop'; at: number }
  | { kind: 'set'; at: number; value: unknown }
  | { kind: 'add'; key: string; value: unknown }
  | { kind: 'top'; key: 'type' | 'expectedRevision' | 'extra' | 'data'; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: weird }),
  fc.record({ kind: fc.constant('add' as const), key: fc.string({ maxLength: 12 }), value: weird }),
  fc.record({
    kind: fc.constant('top' as const),
    key: fc.constantFrom('type' as const, 'expectedRevision' as const, 'extra' as const, 'data' as const),
    value: fc.oneof(weird, fc.constantFrom(...TYPES)),
  }),
);

/** Text-level changes JSON.stringify cannot make. */
const TEXT_EDITS: Array<(text: string) => string> = [
  (text) => text,
  (text) => text.replace('"data":{', '"data":{"__proto__":{"polluted":true},'),
  (text) => text.replace(/^\{/, '{"constructor":{"prototype":{"polluted":true}},'),
  (text) => text.replace('"data":{', '"data":{"prototype":{"polluted":true},'),
  (text) => text.replace(/^\{/, '{"expectedRevision":9007199254740993,'),
  (text) => text.replace(/^\{/, '{"expectedRevision":1e400,'),
  (text) => text.replace('"data":{', '"data":{"months":123456789012345678901234567890,'),
  (text) => text.replace(/^\{/, '{"type":"SubjectAdded",'),
  (text) => text.slice(0, Math.max(1, text.length - 3)),
  (text) => `[${text}]`,
  (text) => text.replace(/"(\w+)":/, '"$1\\u0000":'),
];

function mutate(base: { type: string; data: Data }, mutations: Mutation[]): Record<string, unknown> {
  const body: Record<string, unknown> = { type: base.type, data: structuredClone(base.data) };
  for (const m of mutations) {
    const data = body.data;
    if (m.kind === 'top') body[m.key] = m.value;
    else if (data === null || typeof data !== 'object' || Array.isArray(data)) continue;
    else if (m.kind === 'add') (data as Data)[m.key] = m.value;
    else {
      const keys = Object.keys(data);
      if (keys.length === 0) continue;
      const key = keys[m.at % keys.length];
      if (m.kind === 'drop') delete (data as Data)[key];
      else (data as Data)[key] = m.value;
    }
  }
  return body;
}

describe('fuzzing the write endpoints', () => {
  let t: TestApp;
  let ledger: Ledger;
  beforeAll(async () => {
    t = await startTestApp();
    ledger = new Ledger(t);
    await ledger.opened(CASE);
    for (const type of RECORD_ORDER) await ledger.recorded(CASE, type);
  });
  afterAll(() => t.close());

  type Snapshot = Awaited<ReturnType<Ledger['snapshot']>>;

  /** Returns the snapshot after the request, so the next run can start from it. */
  async function expectStoredOnlyOn201(
    caseId: string,
    send: () => PromiseLike<{ status: number; body: Data }>,
    known?: Snapshot,
  ): Promise<Snapshot> {
    const before = known ?? (await ledger.snapshot(caseId));
    const res = await send();
    if (res.status >= 500 || !ANSWERS.includes(res.status)) {
      throw new Error(`answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
    }
    const after = await ledger.snapshot(caseId);
    if (res.status === 201) {
      expect(after.stored).toBe(before.stored + 1);
      expect(res.body.revision).toBe(before.stored);
      expect(after.revision).toBe(res.body.revision);
    } else {
      expect(after).toEqual(before);
    }
    expect(Object.prototype).not.toHaveProperty('polluted');
    return after;
  }

  it('POST /cases/{id}/events: mutated bodies never get a 5xx, and refusals store nothing', async () => {
    const statuses = new Map<number, number>();
    let known: Snapshot | undefined;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...TYPES),
        fc.array(mutation, { maxLength: 4 }),
        fc.nat({ max: TEXT_EDITS.length * 3 }),
        async (type, mutations, edit) => {
          const body = mutate({ type, data: VALID[type] }, mutations);
          const text = (TEXT_EDITS[edit] ?? TEXT_EDITS[0])(JSON.stringify(body));
          const before = known;
          known = undefined; // a failed run leaves no stale snapshot for the shrinking runs
          const send = async () => {
            const res = await ledger.recordText(CASE, text);
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            return res;
          };
          known = await expectStoredOnlyOn201(CASE, send, before);
        },
      ),
      { numRuns: 200 },
    );
    // The fuzzer reached past validation as well as being stopped by it.
    expect(statuses.get(400)).toBeGreaterThan(20);
    expect((statuses.get(201) ?? 0) + (statuses.get(422) ?? 0)).toBeGreaterThan(10);
  });

  it('POST /cases: mutated openings and odd caseIds never get a 5xx, and refusals store nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,20}$/), fc.string({ unit: 'binary', maxLength: 70 })),
        fc.array(mutation, { maxLength: 3 }),
        async (caseId, mutations) => {
          const { type: _type, data } = mutate({ type: 'CaseOpened', data: openBody(caseId) }, mutations);
          // A mutation may replace the body's caseId with another valid one: check the case actually sent.
          const sent = (data as { caseId?: unknown } | null)?.caseId;
          const safeId = typeof sent === 'string' && /^[a-z0-9][a-z0-9-]{1,63}$/.test(sent) ? sent : 'not-a-case-id';
          const open = () =>
            t.http
              .post('/cases')
              .set(t.bearer('recorder'))
              .set('Content-Type', 'application/json')
              .send(JSON.stringify(data) ?? '');
          await expectStoredOnlyOn201(safeId, open);
          const path = `/cases/${encodeURIComponent(caseId)}/events`;
          const res = await t.http
            .post(path)
            .set(t.bearer('recorder'))
            .send({ type: 'SubjectAdded', data: VALID.SubjectAdded });
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
  });
});

import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { alertsProjection } from '../../projections/alerts/alerts.projection';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import { foldDocuments } from '../../projections/projection';
import { verifyStore } from '../../src/audit/chain-check';
import { ReadModels } from '../../src/read-side/read-models';
import { Ledger, RECORD_ORDER, VALID, openBody } from '../cases/e2e-helpers';
import { KEYS, startTestApp, type TestApp } from '../support/test-app';
import { BAD_UTF8, hostileHeader, hostileText, hostileValue, Invariants, TEXT_EDITS, withBadBytes } from './hostile';
import { allEvents, OPINION, report } from './reliability-support';
import { fillPath, rawRequest, requestBytes, routesOf, type Route } from './routes';
import { expectReadModelsToEqual } from '../support/read-model-check';

/**
 * fast-check against every route the app answers (read from its router): bodies with hostile values,
 * `__proto__` keys, deep nesting, numbers beyond 2^53, impossible dates, bytes that are not UTF-8;
 * hostile path parameters, query strings and headers (Idempotency-Key, Authorization, X-Request-Id…),
 * sent over a bare socket. Never a 5xx or a dropped connection; a refused write stores nothing and
 * leaves the read models' version as it was; a read never changes either; an accepted write stores
 * exactly the data sent.
 */

const CASE = 'hostile-case';
const admin = `Bearer ${KEYS.admin}`;
const TYPES = Object.keys(VALID);
let unique = 0;

/** A value one time in `oneIn`, else null. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | null> =>
  fc.oneof({ arbitrary: fc.constant(null), weight: oneIn - 1 }, { arbitrary, weight: 1 });

/** Percent-encodes the UTF-8 bytes of any text (encodeURIComponent throws on lone surrogates). */
const pct = (text: string) =>
  [...Buffer.from(text.slice(0, 1000))]
    .map((b) => (/[\w.~-]/.test(String.fromCharCode(b)) && b < 0x80 ? String.fromCharCode(b) : `%${b.toString(16)}`))
    .join('');
const segment: fc.Arbitrary<Buffer> = fc.oneof(
  hostileText.map((s) => Buffer.from(pct(s))),
  fc
    .constantFrom(...BAD_UTF8)
    .map((b) => Buffer.from([...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join(''))),
  fc.constantFrom(
    ...['%', '%E0%A4%A', '%2F%2E%2E', '..', '%00', 'a%2Fb', CASE.toUpperCase(), 'x'.repeat(5000)].map((s) =>
      Buffer.from(s),
    ),
  ),
  fc.constantFrom(...BAD_UTF8),
);
const query: fc.Arbitrary<Buffer> = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        'asOf',
        'knownAt',
        'format',
        'rule',
        'caseId',
        'opinionId',
        'status',
        '__proto__',
        'asOf[]',
        'a[b][c]',
      ),
      fc.oneof(
        hostileValue.map((v) => Buffer.from(pct(String(v)))),
        segment,
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => Buffer.concat(pairs.flatMap(([k, v], i) => [Buffer.from(`${i ? '&' : '?'}${k}=`), v])));

/** A body for a write route: mostly near-valid (so some get through), always with something hostile. */
function bodyFor(route: Route): fc.Arbitrary<{ data: Record<string, unknown> }> {
  if (route.path === '/cases/:caseId/events')
    return fc.oneof(
      fc.tuple(fc.constantFrom('question', 'to', 'note'), hostileText).map(([field, text]) => ({
        type: 'InquirySent',
        data: {
          inquiryId: `h-${++unique}`,
          occurredOn: '2023-09-20',
          to: 'Ombudsman',
          channel: 'writing',
          question: '?',
          opinionId: OPINION,
          [field]: text,
        },
      })),
      fc
        .tuple(fc.constantFrom(...TYPES), fc.string({ maxLength: 12 }), hostileValue)
        .map(([type, key, value]) => ({ type, data: { ...VALID[type], [key || 'note']: value } })),
    );
  if (route.path === '/cases')
    return fc.tuple(hostileText, hostileValue).map(([title, value]) => ({
      data: { ...openBody(`h-open-${++unique}`), title, ...(unique % 3 ? {} : { country: value }) },
    }));
  return hostileValue.map((value) => ({ data: { value } }));
}

describe('hostile input against every endpoint', () => {
  let t: TestApp;
  let port: number;
  let inv: Invariants;
  let routes: Route[];

  beforeAll(async () => {
    t = await startTestApp();
    const ledger = new Ledger(t);
    await ledger.opened(CASE);
    for (const type of RECORD_ORDER) await ledger.recorded(CASE, type);
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    routes = routesOf(t.app);
    inv = new Invariants(t);
    await inv.baseline();
  });
  afterAll(async () => {
    await t.close();
    report('hostile-input', { ...Object.fromEntries(inv.statuses), accepted: inv.accepted, refused: inv.refused });
  });

  const send = async (bytes: Buffer) => {
    const res = await rawRequest(port, bytes);
    const text = res.text.slice(res.text.indexOf('\r\n\r\n') + 4);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: res.status, body, text };
  };

  /** A 2xx to POST /cases or /cases/{id}/events stored exactly the data sent (no repair, no loss). */
  async function expectStoredAsSent(route: Route, text: string, answer: unknown): Promise<void> {
    const sent = JSON.parse(text.replace(/^\ufeff/, '')) as { caseId?: string; data?: unknown };
    const { caseId, revision } = answer as { caseId: string; revision: number };
    const [stored] = await inv.store.readStream(`case-${caseId}`, { fromRevision: revision, maxCount: 1 });
    if (route.path === '/cases') {
      const { caseId: _id, ...opened } = sent;
      expect(stored.data).toEqual(opened);
    } else expect(stored.data).toEqual(sent.data);
  }

  it('writes: fuzzed bodies and headers never get a 5xx; refused ones store nothing; accepted ones store what was sent', async () => {
    const writes = routes.filter((r) => r.method !== 'GET');
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['POST /cases', 'POST /cases/:caseId/events']),
    );
    const property = fc.asyncProperty(
      fc.oneof(
        ...writes.map((route) => ({
          // Mostly the case writes, which have data to check; every write route all the same.
          arbitrary: fc.tuple(fc.constant(route), bodyFor(route)),
          weight: route.path.startsWith('/cases') ? 6 : 1,
        })),
      ),
      fc.nat({ max: TEXT_EDITS.length * 2 }),
      sometimes(fc.constantFrom(...BAD_UTF8), 7),
      sometimes(segment, 6),
      sometimes(
        fc.tuple(fc.constantFrom('Idempotency-Key', 'X-Request-Id', 'Authorization', 'Content-Type'), hostileHeader),
        3,
      ),
      async ([route, body], edit, bad, param, header) => {
        const text = (TEXT_EDITS[edit] ?? TEXT_EDITS[0])(
          JSON.stringify(route.path === '/cases/:caseId/events' ? body : body.data),
        );
        const bytes = bad ? withBadBytes(text, bad) : Buffer.from(text);
        const path = fillPath(route.path, { caseId: CASE }, param ? '\u0000' : 'x').replace('\u0000', () =>
          param!.toString('latin1'),
        );
        const target = Buffer.from(path, 'latin1');
        const given = new Map<string, Buffer | string>([
          ['Authorization', admin],
          ['Content-Type', 'application/json'],
          ...(header ? [header] : []),
        ]);
        const res = await send(requestBytes(route.method, target, [...given.entries()], bytes));
        await inv.check(res.status, `${route.method} ${route.path}`, true, res.text);
        const accepted = res.status >= 200 && res.status < 300;
        if (accepted && !bad && route.path.startsWith('/cases')) await expectStoredAsSent(route, text, res.body);
      },
    );
    await fc.assert(property, { numRuns: 250 });
    expect(inv.accepted).toBeGreaterThan(15);
    expect(inv.refused).toBeGreaterThan(100);
  }, 240_000);

  it('reads: hostile path parameters, query strings and headers never get a 5xx and change nothing', async () => {
    const reads = routes.filter((r) => r.method === 'GET');
    expect(reads.length).toBeGreaterThanOrEqual(11);
    const property = fc.asyncProperty(
      fc.constantFrom(...reads),
      sometimes(segment, 2),
      query,
      fc.constantFrom('none', 'viewer', 'admin'),
      fc.tuple(
        fc.constantFrom(
          'X-Request-Id',
          'Idempotency-Key',
          'Authorization',
          'Accept',
          'If-None-Match',
          'Range',
          'Cookie',
        ),
        hostileHeader,
      ),
      async (route, param, q, who, [name, value]) => {
        const base = fillPath(route.path, { caseId: CASE, opinionId: pct(OPINION) }, 'x');
        const path = param ? Buffer.from(fillPath(route.path, {}, '\u0000'), 'latin1') : Buffer.from(base);
        const target = param
          ? Buffer.from(
              path.toString('latin1').replace('\u0000', () => param.toString('latin1')),
              'latin1',
            )
          : path;
        const auth: Array<[string, string]> =
          who === 'none' ? [] : [['Authorization', `Bearer ${KEYS[who as 'viewer']}`]];
        const res = await send(requestBytes('GET', Buffer.concat([target, q]), [...auth, [name, value]]));
        await inv.check(res.status, `GET ${route.path}`, false, res.text);
      },
    );
    await fc.assert(property, { numRuns: 250 });
  }, 240_000);

  it('after all of it: every chain verifies and the read models equal a clean replay of the store', async () => {
    const events = await allEvents(inv.store);
    expect(await verifyStore(inv.store)).toMatchObject({ ok: true, events: events.length });
    for (const projection of [caseFilesProjection, alertsProjection]) {
      const clean = foldDocuments(projection as typeof alertsProjection, events);
      expectReadModelsToEqual(t.app.get(ReadModels), projection as typeof alertsProjection, clean);
    }
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

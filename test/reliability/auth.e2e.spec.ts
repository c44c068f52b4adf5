import crypto from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Access } from '../../src/auth/access';
import { ApiKeyRegistry, keyFilePath } from '../../src/auth/api-keys';
import { loadConfig } from '../../src/config/app.config';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { Ledger, openBody } from '../cases/e2e-helpers';
import { KEYS, startTestApp, type TestApp } from '../support/test-app';
import { call, OPINION, report } from './reliability-support';
import { fillPath, routesOf, type Route } from './routes';

/**
 * Every route the app answers (read from its router, so routes added later are covered) against
 * anonymous callers, wrong keys and each role: 401 without a valid key unless the route is public
 * (or a read while READS_REQUIRE_KEY=false), 403 below the route's role, through otherwise; refused
 * requests store nothing. Keys: compared as SHA-256 digests with crypto.timingSafeEqual against every
 * key whatever matches; a generated key is kept only as its digest; no secret reaches the files.
 */

type Role = keyof typeof KEYS;
const CASE = 'auth-case';
const ROLES = Object.keys(KEYS) as Role[];
const RANK: Record<Role, number> = { viewer: 1, recorder: 2, auditor: 3, admin: 4 };
const NEEDED: Record<Exclude<Access, 'public'>, number> = { read: 1, record: 2, audit: 3, admin: 4 };

/** What the contract (api.md, Roles) says of the routes it names; any other route only needs a rule. */
const CONTRACT: Record<string, Access> = {
  'GET /health': 'public',
  'POST /cases': 'record',
  'POST /cases/:caseId/events': 'record',
  'GET /cases': 'read',
  'GET /cases/:caseId': 'read',
  'GET /opinions': 'read',
  'GET /opinions/:opinionId': 'read',
  'GET /authorities': 'read',
  'GET /countries': 'read',
  'GET /alerts': 'read',
  'GET /cases/:caseId/history': 'audit',
  'GET /cases/:caseId/state': 'audit',
  'GET /cases/:caseId/verify': 'audit',
  'GET /cases/:caseId/export': 'audit',
  'GET /alerts/deliveries': 'admin',
  'POST /alerts/deliveries/:deliveryId/redeliver': 'admin',
};

/** Wrong keys: unknown, near misses of real ones, other schemes, junk. */
const WRONG: Array<[string, string]> = [
  ['an unknown key', 'Bearer not-a-key-of-this-server-at-all'],
  ['a real key with one character changed', `Bearer ${KEYS.admin.slice(0, -1)}X`],
  ['a prefix of a real key', `Bearer ${KEYS.admin.slice(0, 10)}`],
  ['a real key and more', `Bearer ${KEYS.admin}0`],
  ['a real key in upper case', `Bearer ${KEYS.admin.toUpperCase()}`],
  ['a real key without the scheme', KEYS.admin],
  ['Basic with a real key', `Basic ${Buffer.from(`admin:${KEYS.admin}`).toString('base64')}`],
  ['an empty bearer', 'Bearer '],
  ['a 600-character bearer', `Bearer ${'k'.repeat(600)}`],
];

/** Public by its rule, or the API docs, which operability.md makes public and serves outside the guard. */
const isPublic = (route: Route) => route.access === 'public' || route.access === undefined;

describe.each([['false'], ['true']])('every route, READS_REQUIRE_KEY=%s', (readsRequireKey) => {
  let t: TestApp;
  let routes: Route[];
  let store: EventStore;
  let n = 0;
  let base = '';
  const tally = { requests: 0, refused: 0 };

  beforeAll(async () => {
    t = await startTestApp({ READS_REQUIRE_KEY: readsRequireKey, RATE_LIMIT_PER_MINUTE: '0' });
    store = t.app.get<symbol, EventStore>(EVENT_STORE);
    const ledger = new Ledger(t);
    await ledger.opened(CASE);
    await ledger.recorded(CASE, 'UnOpinionAdopted');
    routes = routesOf(t.app);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t.close();
    report(`auth READS_REQUIRE_KEY=${readsRequireKey}`, { routes: routes.length, ...tally });
  });

  /** Sends to a route with a body that would be accepted, so only the key decides. */
  function send(route: Route, authorization?: string) {
    const path = fillPath(route.path, { caseId: CASE, opinionId: encodeURIComponent(OPINION) });
    const body =
      route.method !== 'POST'
        ? undefined
        : route.path === '/cases'
          ? openBody(`auth-open-${++n}`)
          : route.path.endsWith('/events')
            ? { type: 'SubjectAdded', data: { personId: `p-${++n}`, name: 'N' } }
            : {};
    const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
    return call(`${base}${path}`, { method: route.method, body, headers });
  }

  /** Sends and checks the answer; a refusal must leave the store's head where it was. */
  async function expectAnswer(route: Route, authorization: string | undefined, expected: 401 | 403 | 'through') {
    const head = await store.headPosition();
    const res = await send(route, authorization);
    tally.requests++;
    const what = `${route.method} ${route.path} with ${authorization?.slice(0, 24) ?? 'no key'}`;
    if (expected === 'through') {
      expect([what, res.status === 401 || res.status === 403 || res.status >= 500]).toEqual([what, false]);
      return;
    }
    tally.refused++;
    expect([what, res.status, (res.body as { code?: string } | undefined)?.code]).toEqual([
      what,
      expected,
      expected === 401 ? 'AUTH.UNAUTHENTICATED' : 'AUTH.FORBIDDEN',
    ]);
    expect(await store.headPosition()).toEqual(head);
  }

  it('every route declares an access rule (only the public API docs are served outside the guard)', () => {
    expect(routes.length).toBeGreaterThanOrEqual(Object.keys(CONTRACT).length);
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      const rule =
        route.access ?? (/^\/docs(-json|\/|$)/.test(route.path) ? 'public (docs)' : 'NONE: outside the guard');
      const expected =
        CONTRACT[key] ?? (route.access ? expect.stringMatching(/^(public|read|record|audit|admin)$/) : 'public (docs)');
      expect([key, rule]).toEqual([key, expected]);
    }
  });

  it('anonymous: 401 unless the route is public or a read while reads need no key', async () => {
    for (const route of routes) {
      const open = isPublic(route) || (route.access === 'read' && readsRequireKey === 'false');
      await expectAnswer(route, undefined, open ? 'through' : 401);
    }
  });

  it.each(WRONG)('%s: 401 on every route but the public ones', async (_what, authorization) => {
    for (const route of routes) await expectAnswer(route, authorization, isPublic(route) ? 'through' : 401);
  });

  it.each(ROLES)('%s: 403 on routes above its role, through on the others', async (role) => {
    for (const route of routes) {
      const allowed = isPublic(route) || RANK[role] >= NEEDED[route.access as Exclude<Access, 'public'>];
      await expectAnswer(route, `Bearer ${KEYS[role]}`, allowed ? 'through' : 403);
    }
  });
});

describe('keys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-reliability-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const digest = (secret: string) => crypto.createHash('sha256').update(secret, 'utf8').digest();

  it('compares SHA-256 digests with crypto.timingSafeEqual, against every key, whether one matches or none', () => {
    const specs = ROLES.map((role) => ({ role, name: `${role}-key`, secret: KEYS[role] }));
    const registry = ApiKeyRegistry.fromSpecs(specs);
    const spy = jest.spyOn(crypto, 'timingSafeEqual');
    try {
      for (const presented of [KEYS.viewer, KEYS.admin, 'no-such-key-0123456789', KEYS.viewer.slice(0, -1)]) {
        spy.mockClear();
        registry.authenticate(presented);
        expect(spy).toHaveBeenCalledTimes(specs.length);
        for (const [given, stored] of spy.mock.calls as Array<[Buffer, Buffer]>) {
          expect(given).toEqual(digest(presented));
          expect(stored).toHaveLength(32);
          expect(specs.some((s) => digest(s.secret).equals(stored))).toBe(true);
        }
      }
      expect(registry.authenticate(KEYS.auditor)).toEqual({ name: 'auditor-key', role: 'auditor' });
      expect(registry.authenticate(`${KEYS.auditor} `)).toBeUndefined();
    } finally {
      spy.mockRestore();
    }
  });

  it('a generated key is stored only as its SHA-256, readable by its owner alone, and works', () => {
    const config = loadConfig({ SQLITE_PATH: join(dir, 'events.db'), READ_MODEL_PATH: join(dir, 'read-models.db') });
    const announced: string[] = [];
    const registry = ApiKeyRegistry.firstStart(config, (message) => announced.push(message));
    const secret = /keep it: (\S+)/.exec(announced.join('\n'))?.[1];
    expect(secret).toMatch(/^cl_[\w-]{32}$/);
    const file = keyFilePath(config);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(secret!);
    expect(JSON.parse(text)).toEqual([{ role: 'admin', name: 'admin', sha256: digest(secret!).toString('hex') }]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(registry.authenticate(secret!)).toEqual({ name: 'admin', role: 'admin' });
    const again = ApiKeyRegistry.firstStart(config, (message) => announced.push(message));
    expect(announced).toHaveLength(1);
    expect(again.authenticate(secret!)).toEqual({ name: 'admin', role: 'admin' });
  });

  it('no secret reaches the store or the read models, however many writes the keys made', async () => {
    const t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '0' });
    try {
      const ledger = new Ledger(t);
      for (const role of ['recorder', 'auditor', 'admin'] as const) {
        expect((await ledger.open(`secret-${role}`, ['ann-a'], role)).status).toBe(201);
      }
    } finally {
      await t.close();
    }
    const files = readdirSync(t.dir).map((name) => readFileSync(join(t.dir, name)).toString('latin1'));
    expect(files.join('').length).toBeGreaterThan(0);
    for (const secret of Object.values(KEYS)) expect(files.some((f) => f.includes(secret))).toBe(false);
  });
});

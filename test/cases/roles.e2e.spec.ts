import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiKeyRegistry } from '../../src/auth/api-keys';
import { loadConfig } from '../../src/config/app.config';
import { KEYS, startTestApp, type TestApp } from '../support/test-app';
import { Ledger, openBody, type Role } from './e2e-helpers';

/** Keys and roles: 401 without or with a wrong key, 403 for a viewer, and the admin key made on a first start. */

const CASE = 'roles-case';
const subject = (personId: string) => ({ type: 'SubjectAdded', data: { personId, name: 'N' } });
const READS = ['/cases', `/cases/${CASE}`, '/opinions', '/authorities', '/countries'];

describe('roles with API_KEYS set', () => {
  let t: TestApp;
  let ledger: Ledger;
  beforeAll(async () => {
    t = await startTestApp();
    ledger = new Ledger(t);
    await ledger.opened(CASE);
  });
  afterAll(() => t.close());

  const post = (headers: Record<string, string>, n: string) =>
    t.http
      .post(`/cases/${CASE}/events`)
      .set(headers)
      .send(subject(`p-${n}`));

  it('401 for an anonymous write, nothing stored', async () => {
    const res = await ledger.refused(CASE, () => t.http.post(`/cases/${CASE}/events`).send(subject('anon-a')), 401);
    expect(res.body).toMatchObject({
      code: 'AUTH.UNAUTHENTICATED',
      message: expect.stringMatching(/API key is required/),
    });
    await ledger.refused('anon-case', () => t.http.post('/cases').send(openBody('anon-case')), 401);
    expect((await ledger.getCase('anon-case')).status).toBe(404);
  });

  it.each<[string, string]>([
    ['an unknown key', `Bearer ${KEYS.recorder}x`],
    ['another scheme', `Basic ${Buffer.from(`u:${KEYS.recorder}`).toString('base64')}`],
    ['an empty bearer', 'Bearer '],
    ['a key without scheme', KEYS.recorder],
    ['a lower-case scheme', `bearer ${KEYS.recorder}`],
  ])('401 for %s, nothing stored', async (_what, authorization) => {
    const res = await ledger.refused(CASE, () => post({ Authorization: authorization }, 'wrong'), 401);
    expect(res.body.code).toBe('AUTH.UNAUTHENTICATED');
    await ledger.refused(
      'wrong-case',
      () => t.http.post('/cases').set({ Authorization: authorization }).send(openBody('wrong-case')),
      401,
    );
  });

  it('403 for a viewer, on both write routes, nothing stored', async () => {
    const res = await ledger.refused(CASE, () => post(t.bearer('viewer'), 'viewer'), 403);
    expect(res.body).toMatchObject({
      code: 'AUTH.FORBIDDEN',
      message: expect.stringMatching(/viewer role cannot record/),
    });
    await ledger.refused(
      'viewer-case',
      () => t.http.post('/cases').set(t.bearer('viewer')).send(openBody('viewer-case')),
      403,
    );
  });

  it('401 is decided before the body is looked at (a bad body without a key is 401, not 400)', async () => {
    await ledger.refused(CASE, () => t.http.post(`/cases/${CASE}/events`).send({ nonsense: true }), 401);
  });

  it.each<Role>(['recorder', 'auditor', 'admin'])('%s can write, and is the stored actor', async (role) => {
    const res = await post(t.bearer(role), role);
    expect(res.status).toBe(201);
    const stored = (await ledger.stored(CASE))[res.body.revision];
    expect(stored.metadata.actor).toBe(`${role}-key`);
    const opened = await ledger.open(`opened-by-${role}`, ['ann-a'], role);
    expect(opened.status).toBe(201);
    expect((await ledger.stored(`opened-by-${role}`))[0].metadata.actor).toBe(`${role}-key`);
  });

  it.each(READS)('GET %s is open to anonymous readers when READS_REQUIRE_KEY is false', async (path) => {
    expect((await t.http.get(path)).status).toBe(200);
    expect((await t.http.get(path).set(t.bearer('viewer'))).status).toBe(200);
  });

  it('GET /health answers anyone, key or not', async () => {
    const res = await t.http.get('/health');
    expect(res.status).toBe(200);
    expect(res.body.details.eventStore.status).toBe('up');
    expect((await t.http.get('/health').set(t.bearer('recorder'))).status).toBe(200);
  });

  it('a wrong key is 401 even on a read that needs none', async () => {
    expect((await t.http.get('/cases').set({ Authorization: 'Bearer not-a-key-of-ours' })).status).toBe(401);
  });
});

describe('READS_REQUIRE_KEY=true', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ READS_REQUIRE_KEY: 'true' });
    await new Ledger(t).opened(CASE);
  });
  afterAll(() => t.close());

  it.each(READS)('GET %s: 401 anonymous, 200 with any role', async (path) => {
    const anonymous = await t.http.get(path);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('AUTH.UNAUTHENTICATED');
    for (const role of Object.keys(KEYS) as Role[])
      expect((await t.http.get(path).set(t.bearer(role))).status).toBe(200);
  });

  it('GET /health stays public, with or without a key', async () => {
    expect((await t.http.get('/health')).status).toBe(200);
    expect((await t.http.get('/health').set(t.bearer('viewer'))).status).toBe(200);
  });
});

describe('first start without API_KEYS', () => {
  let t: TestApp;
  let printed = '';
  beforeAll(async () => {
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed += chunk.toString();
      return true;
    });
    try {
      t = await startTestApp({ API_KEYS: '' });
    } finally {
      spy.mockRestore();
    }
  });
  afterAll(() => t.close());

  const secret = () => /keep it: (\S+)/.exec(printed)?.[1] ?? '';
  const keyFile = () => join(t.dir, 'api-keys.json');

  it('treats an empty API_KEYS as unset', () => {
    expect(loadConfig({ API_KEYS: '' }).apiKeys).toBeUndefined();
  });

  it('prints a new admin key once and stores it beside the store, hashed only', () => {
    expect(secret()).toMatch(/^cl_[\w-]{20,}$/);
    expect(existsSync(keyFile())).toBe(true);
    const text = readFileSync(keyFile(), 'utf8');
    expect(text).not.toContain(secret());
    expect(JSON.parse(text)).toEqual([
      { role: 'admin', name: 'admin', sha256: createHash('sha256').update(secret()).digest('hex') },
    ]);
  });

  it('no write works without a key, nor with keys it was never given', async () => {
    const ledger = new Ledger(t);
    await ledger.refused('first-case', () => t.http.post('/cases').send(openBody('first-case')), 401);
    for (const role of Object.keys(KEYS) as Role[]) {
      await ledger.refused(
        'first-case',
        () => t.http.post('/cases').set(t.bearer(role)).send(openBody('first-case')),
        401,
      );
    }
  });

  it('the printed key writes, as admin', async () => {
    const res = await t.http
      .post('/cases')
      .set({ Authorization: `Bearer ${secret()}` })
      .send(openBody('first-case'));
    expect(res.status).toBe(201);
    expect((await new Ledger(t).stored('first-case'))[0].metadata.actor).toBe('admin');
  });

  it('a later start reads the same file: no new key, the printed one still works', () => {
    const before = readFileSync(keyFile(), 'utf8');
    const announce = jest.fn();
    const config = loadConfig({ SQLITE_PATH: join(t.dir, 'events.db'), API_KEYS: '' });
    const registry = ApiKeyRegistry.firstStart(config, announce);
    expect(announce).not.toHaveBeenCalled();
    expect(readFileSync(keyFile(), 'utf8')).toBe(before);
    expect(registry.authenticate(secret())).toEqual({ name: 'admin', role: 'admin' });
    expect(registry.authenticate(`${secret()}x`)).toBeUndefined();
  });
});

import { ConfigError, loadConfig } from '../../src/config/app.config';
import { startTestApp, type TestApp } from '../support/test-app';

const opened = (caseId: string) => ({
  caseId,
  title: 'Protected',
  country: 'KZ',
  subjects: [{ personId: 'p-1', name: 'P' }],
});

describe('protection', () => {
  describe('defaults', () => {
    let t: TestApp;
    beforeAll(async () => (t = await startTestApp({ BODY_LIMIT_KB: '2' })));
    afterAll(() => t.close());

    it('sets helmet security headers and no X-Powered-By', async () => {
      const res = await t.http.get('/cases');
      expect(res.status).toBe(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      // Plain HTTP: no HSTS (see test/reliability/hostile-clients.e2e.spec.ts for HTTPS behind a proxy).
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['x-request-id']).toMatch(/^[\w.:-]+$/);
    });

    it('keeps CORS off: no Access-Control headers for another origin, preflight included', async () => {
      const get = await t.http.get('/cases').set('Origin', 'https://elsewhere.example');
      expect(get.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await t.http
        .options('/cases')
        .set('Origin', 'https://elsewhere.example')
        .set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('refuses a body over BODY_LIMIT_KB with 413 and a stable code, storing nothing', async () => {
      const body = { ...opened('too-large'), note: 'x'.repeat(4096) };
      const res = await t.http.post('/cases').set(t.bearer('recorder')).send(body);
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ statusCode: 413, code: 'REQUEST.TOO_LARGE' });
      expect((await t.http.get('/cases/too-large')).status).toBe(404);
      const small = await t.http.post('/cases').set(t.bearer('recorder')).send(opened('small-enough'));
      expect(small.status).toBe(201);
    });
  });

  describe('CORS_ORIGINS', () => {
    let t: TestApp;
    beforeAll(async () => (t = await startTestApp({ CORS_ORIGINS: 'https://dashboard.example' })));
    afterAll(() => t.close());

    it('allows the named origin only', async () => {
      const allowed = await t.http
        .options('/cases')
        .set('Origin', 'https://dashboard.example')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type');
      expect(allowed.headers['access-control-allow-origin']).toBe('https://dashboard.example');
      expect(allowed.headers['access-control-allow-headers']).toMatch(/Authorization/i);
      const other = await t.http.get('/cases').set('Origin', 'https://elsewhere.example');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('rate limit', () => {
    let t: TestApp;
    beforeAll(async () => (t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '3' })));
    afterAll(() => t.close());

    it('limits each API key on its own, answering 429 with Retry-After and a stable code', async () => {
      for (let i = 0; i < 3; i++) expect((await t.http.get('/cases').set(t.bearer('viewer'))).status).toBe(200);
      const refused = await t.http.get('/cases').set(t.bearer('viewer'));
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ statusCode: 429, code: 'REQUEST.RATE_LIMITED' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // Another key has its own budget; so do anonymous callers (by address).
      expect((await t.http.get('/cases').set(t.bearer('auditor'))).status).toBe(200);
      expect((await t.http.get('/cases')).status).toBe(200);
    });

    it('throttles wrong keys by address before the key check, so guessing is slowed too', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await t.http.get('/countries').set('Authorization', 'Bearer wrong-key-0123456789abc')).status);
      }
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(3);
      expect(statuses).toContain(429);
    });

    it('never throttles the public health checks', async () => {
      for (let i = 0; i < 8; i++) expect((await t.http.get('/health')).status).toBe(200);
    });
  });

  it('rejects bad protection settings at start, naming the variable', () => {
    const attempt = (env: Record<string, string>) => () => loadConfig(env);
    expect(attempt({ RATE_LIMIT_PER_MINUTE: '-1' })).toThrow(ConfigError);
    expect(attempt({ RATE_LIMIT_PER_MINUTE: 'lots' })).toThrow(/RATE_LIMIT_PER_MINUTE/);
    expect(attempt({ BODY_LIMIT_KB: '0' })).toThrow(/BODY_LIMIT_KB/);
    expect(attempt({ CORS_ORIGINS: 'https://ok.example/with/path' })).toThrow(/CORS_ORIGINS/);
    expect(attempt({ READY_MAX_LAG_EVENTS: 'x' })).toThrow(/READY_MAX_LAG_EVENTS/);
    expect(attempt({ SHUTDOWN_TIMEOUT_SECONDS: '0' })).toThrow(/SHUTDOWN_TIMEOUT_SECONDS/);
    expect(loadConfig({}).rateLimitPerMinute).toBeGreaterThanOrEqual(100_000);
    expect(loadConfig({}).corsOrigins).toEqual([]);
  });
});

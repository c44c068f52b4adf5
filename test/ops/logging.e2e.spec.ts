import { KEYS } from '../support/test-app';
import { startServerProcess, type ServerProcess } from '../support/server-process';

const WEBHOOK_SECRET = 'whsec-do-not-log-5f3a9c1e7b';
const GUESSED_KEY = 'guessed-key-not-valid-0123456789';
const SECRETS = [...Object.values(KEYS), WEBHOOK_SECRET, GUESSED_KEY];

/** Requests that put every secret in front of the logger: keys in headers, the webhook secret in config. */
async function exercise(server: ServerProcess): Promise<void> {
  const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });
  const json = { 'Content-Type': 'application/json' };
  for (const secret of Object.values(KEYS)) {
    await fetch(`${server.url}/cases`, { headers: { ...bearer(secret), 'X-Request-Id': 'trace-me-1' } });
  }
  await fetch(`${server.url}/cases`, {
    method: 'POST',
    headers: { ...bearer(KEYS.recorder), ...json, 'Idempotency-Key': 'log-test-1', Cookie: `session=${KEYS.admin}` },
    body: JSON.stringify({
      caseId: 'log-case',
      title: 'Logged',
      country: 'KZ',
      subjects: [{ personId: 'p-1', name: 'P' }],
    }),
  });
  await fetch(`${server.url}/cases`, { method: 'POST', headers: { ...bearer(GUESSED_KEY), ...json }, body: '{}' });
  await fetch(`${server.url}/cases`, {
    method: 'POST',
    headers: { ...bearer(KEYS.recorder), ...json },
    body: '{"x":1}',
  });
  await fetch(`${server.url}/cases/log-case/history`, { headers: bearer(KEYS.viewer) }); // 403
  await fetch(`${server.url}/metrics`, {
    headers: { ...bearer(KEYS.admin), 'X-Signature': `sha256=${WEBHOOK_SECRET}` },
  });
}

async function stop(server: ServerProcess): Promise<number | null> {
  server.child.kill('SIGTERM');
  return server.exited;
}

const env = {
  LOG_LEVEL: 'debug',
  ALERT_WEBHOOK_URLS: 'http://127.0.0.1:9/hook',
  ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET,
};

describe('logs', () => {
  jest.setTimeout(60_000);

  it('in production: one JSON object a line, request ids on request lines, no key or webhook secret anywhere', async () => {
    const server = await startServerProcess({ ...env, NODE_ENV: 'production' });
    await exercise(server);
    expect(await stop(server)).toBe(0);
    const output = server.output();
    expect(SECRETS.filter((secret) => output.includes(secret))).toEqual([]);
    const lines = server
      .stdout()
      .split('\n')
      .filter((line) => line.trim());
    const records = lines.map((line) => JSON.parse(line) as { level: number; msg: string; req?: { id: string } });
    expect(records.every((r) => typeof r.level === 'number' && typeof r.msg === 'string')).toBe(true);
    // The redaction ran (the debug configuration line names the secrets' places), not merely had nothing to do.
    expect(output).toContain('"alertWebhookSecret":"[redacted]"');
    const traced = records.filter((r) => r.req?.id === 'trace-me-1');
    expect(traced.length).toBe(Object.keys(KEYS).length);
    expect(records.filter((r) => r.msg === 'request completed').every((r) => typeof r.req?.id === 'string')).toBe(true);
  });

  it('in development: pretty lines, and still no key or webhook secret', async () => {
    const server = await startServerProcess({ ...env, NODE_ENV: 'development' });
    await exercise(server);
    expect(await stop(server)).toBe(0);
    const output = server.output();
    expect(SECRETS.filter((secret) => output.includes(secret))).toEqual([]);
    const first = server.stdout().split('\n')[0];
    expect(() => JSON.parse(first)).toThrow();
    expect(first).toMatch(/INFO/);
    expect(output).toMatch(/trace-me-1/);
  });
});

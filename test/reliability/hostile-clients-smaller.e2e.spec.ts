import { statSync } from 'node:fs';
import { join } from 'node:path';
import { exportCsv, type CaseExport } from '../../src/audit/case-export';
import { ConfigError, loadConfig } from '../../src/config/app.config';
import { parseCsv } from '../audit/audit-support';
import { startServerProcess } from '../support/server-process';
import { startTestApp, type TestApp } from '../support/test-app';
import { report } from './reliability-support';

/**
 * The smaller findings of the hostile-client probe (5 and 7): secrets in output, weak secrets, formula cells in the
 * CSV export, file modes, HSTS over plain HTTP. /health/ready's internals are in shared-read-models.e2e.spec.ts,
 * the shutdown drain in src/http/http-drain.spec.ts.
 */

describe('secrets never printed (finding 5)', () => {
  const valid = 'a-valid-secret-7Hq2xPz9wK';

  it('names a malformed API_KEYS entry without echoing the variable', () => {
    let message = '';
    try {
      loadConfig({ API_KEYS: `admin:ops:${valid},viewer:bad name:another-secret-4Kd8sQ` });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/API_KEYS: key 2: name must be/);
    expect(message).not.toContain(valid);
    expect(message).not.toContain('another-secret');
  });

  it('names a bad webhook URL by its place, not its token', () => {
    expect(() =>
      loadConfig({ ALERT_WEBHOOK_URLS: 'ftp://hooks.example/T0K3N-9f8e7d', ALERT_WEBHOOK_SECRET: valid }),
    ).toThrow(/ALERT_WEBHOOK_URLS: URL 1 is not http\(s\)$/m);
  });

  it('logs the configuration at debug without ESDB credentials or webhook URL tokens', async () => {
    const server = await startServerProcess({
      LOG_LEVEL: 'debug',
      NODE_ENV: 'production',
      ESDB_CONNECTION_STRING: 'esdb://admin:esdb-pass-7f3k@127.0.0.1:2113?tls=false',
      ALERT_WEBHOOK_URLS: 'http://127.0.0.1:9/hooks/T0K3N-9f8e7d?sig=q5Zr',
      ALERT_WEBHOOK_SECRET: valid,
    });
    server.child.kill('SIGTERM');
    await server.exited;
    const output = server.output();
    expect(output).toContain('"msg":"configuration"');
    expect(['esdb-pass-7f3k', 'T0K3N-9f8e7d', 'q5Zr', valid].filter((s) => output.includes(s))).toEqual([]);
    expect(output).toContain('esdb://[redacted]@127.0.0.1:2113');
  }, 60_000);
});

describe('weak secrets, and one name for one key (finding 7)', () => {
  it('refuses a secret with too few different characters or too little entropy', () => {
    for (const secret of ['aaaaaaaaaaaaaaaa', 'abcdabcdabcdabcd', 'abcdefghabcdefgh']) {
      expect(() => loadConfig({ API_KEYS: `admin:ops:${secret}` })).toThrow(/too easy to guess/);
    }
    expect(() =>
      loadConfig({ ALERT_WEBHOOK_URLS: 'https://h.example/', ALERT_WEBHOOK_SECRET: 'x'.repeat(40) }),
    ).toThrow(/ALERT_WEBHOOK_SECRET: too easy to guess/);
    expect(loadConfig({ API_KEYS: 'admin:ops:Xk3_9aQz-Lm2Pq7R' }).apiKeys).toHaveLength(1);
  });

  it('refuses one name holding two keys', () => {
    expect(() =>
      loadConfig({ API_KEYS: 'viewer:ops:first-secret-0123456789,admin:ops:second-secret-0123456789' }),
    ).toThrow(/key 2 \(ops\): name used twice/);
  });
});

describe('CSV export cells a spreadsheet would run (finding 7)', () => {
  it("starts every cell that begins with = + - @ tab or CR with a ', in every column", () => {
    const hostile = ['=HYPERLINK("https://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx'];
    const exported = {
      events: hostile.map((actor, revision) => ({
        revision,
        eventId: actor,
        type: actor,
        data: { note: actor },
        metadata: { recordedAt: actor, actor, prevHash: actor, hash: actor },
      })),
    } as unknown as CaseExport;
    const [, ...rows] = parseCsv(exportCsv(exported));
    rows.forEach((cells, i) => {
      // revision is a number; the JSON columns start with `{`.
      expect(cells.slice(1, 7)).toEqual(Array(6).fill(`'${hostile[i]}`));
      expect(cells[7].startsWith('{')).toBe(true);
    });
    report('csv-formulas', { rows: rows.length, columnsChecked: 6 });
  });
});

describe('files, and security headers by transport (finding 7)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ API_KEYS: '' })));
  afterAll(() => t.close());

  it('creates the store, the read models, the outbox and the key file readable by their owner alone', async () => {
    await t.http.get('/health').expect(200);
    const files = ['events.db', 'read-models.db', 'webhook-outbox.db', 'api-keys.json'];
    const modes = files.map((file) => (statSync(join(t.dir, file)).mode & 0o777).toString(8));
    report('file-modes', Object.fromEntries(files.map((file, i) => [file, modes[i]])));
    expect(modes).toEqual(['600', '600', '600', '600']);
  });

  it('sends HSTS and upgrade-insecure-requests over HTTPS only', async () => {
    const plain = await t.http.get('/health');
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(plain.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
    expect(plain.headers['content-security-policy']).toMatch(/default-src 'self'/);
    // Behind a TLS-terminating proxy Express is told to trust, the request counts as secure.
    t.app.set('trust proxy', 'loopback');
    const secure = await t.http.get('/health').set('X-Forwarded-Proto', 'https');
    expect(secure.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(secure.headers['content-security-policy']).toMatch(/upgrade-insecure-requests/);
  });
});

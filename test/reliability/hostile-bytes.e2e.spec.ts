import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { Ledger, VALID } from '../cases/e2e-helpers';
import { KEYS, startTestApp, type TestApp } from '../support/test-app';
import { BAD_UTF8, Invariants, withBadBytes } from './hostile';
import { report } from './reliability-support';
import { rawRequest, requestBytes } from './routes';

/**
 * What no HTTP client library would send, over a bare socket: bodies that are not UTF-8 (the bug
 * fixed in app.setup.ts: they were stored with U+FFFD in place of the bytes), wrong charsets, broken
 * gzip and a gzip bomb, oversized bodies and headers, raw bytes in paths and headers, request
 * smuggling framing; and paths that try to leave the dashboard's folder. Each is answered 4xx (or,
 * for a path, never with a file from elsewhere), and nothing is stored.
 */

const CASE = 'bytes-case';
const admin = `Bearer ${KEYS.admin}`;

describe('raw bytes and framing', () => {
  let t: TestApp;
  let port: number;
  let inv: Invariants;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '0' });
    const ledger = new Ledger(t);
    await ledger.opened(CASE);
    await ledger.recorded(CASE, 'UnOpinionAdopted');
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    inv = new Invariants(t);
    await inv.baseline();
  });
  afterAll(async () => {
    await t.close();
    report('hostile-bytes', { ...Object.fromEntries(inv.statuses), refused: inv.refused });
  });

  const send = async (bytes: Buffer) => {
    const res = await rawRequest(port, bytes);
    return { status: res.status, text: res.text.slice(res.text.indexOf('\r\n\r\n') + 4) };
  };

  it('bytes no client library sends: answered 4xx, nothing stored', async () => {
    const inquiry = JSON.stringify({ type: 'InquirySent', data: { ...VALID.InquirySent, inquiryId: 'raw-1' } });
    const post = (headers: Array<[string, Buffer | string]>, body: Buffer, target = `/cases/${CASE}/events`) =>
      send(requestBytes('POST', target, [['Authorization', admin], ...headers], body));
    const json: [string, string] = ['Content-Type', 'application/json'];
    const chunked = (size: string) =>
      Buffer.from(
        `POST /cases/${CASE}/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: ${admin}\r\n` +
          `Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${size}\r\n{}\r\n0\r\n\r\n`,
      );
    const cases: Array<[string, () => Promise<{ status: number; text: string }>]> = [
      ...BAD_UTF8.map((bad): [string, () => Promise<{ status: number; text: string }>] => [
        `a body with bytes ${bad.toString('hex')} in a string`,
        () => post([json], withBadBytes(inquiry, bad)),
      ]),
      [
        'charset=utf-16 declared, UTF-8 sent',
        () => post([['Content-Type', 'application/json; charset=utf-16']], Buffer.from(inquiry)),
      ],
      ['charset=latin1', () => post([['Content-Type', 'application/json; charset=latin1']], Buffer.from(inquiry))],
      ['gzip that is not gzip', () => post([json, ['Content-Encoding', 'gzip']], Buffer.from(inquiry))],
      [
        'a gzip bomb (40 MB of zeros)',
        () => post([json, ['Content-Encoding', 'gzip']], gzipSync(Buffer.alloc(40 << 20))),
      ],
      [
        'a body of 3 MB',
        () => post([json], Buffer.from(JSON.stringify({ type: 'x', data: { s: 'x'.repeat(3 << 20) } }))),
      ],
      ['a path with a raw 0xFF', () => post([json], Buffer.from(inquiry), `/cases/${CASE}\xff/events`)],
      [
        'a header with a raw NUL',
        () => post([json, ['X-Request-Id', Buffer.from([0x61, 0x00, 0x62])]], Buffer.from(inquiry)),
      ],
      ['a 20 kB header', () => post([json, ['X-Pad', 'p'.repeat(20_000)]], Buffer.from(inquiry))],
      [
        'Content-Length and Transfer-Encoding both',
        () => post([json, ['Transfer-Encoding', 'chunked']], Buffer.from('0\r\n\r\n')),
      ],
      ['a broken chunk size', () => send(chunked('zz'))],
      ['a chunk size beyond 2^53', () => send(chunked('fffffffffffffffffff'))],
    ];
    for (const [what, run] of cases) {
      const res = await run();
      expect([what, res.status >= 400 && res.status < 500]).toEqual([what, true]);
      await inv.check(res.status, what, true, res.text);
    }
  }, 120_000);

  it('paths that try to leave the dashboard folder get no file from elsewhere', async () => {
    const targets = [
      '/dashboard/../../package.json',
      '/dashboard/..%2F..%2Fpackage.json',
      '/dashboard/%2e%2e/%2e%2e/%2e%2e/package.json',
      '/dashboard/..%2f..%2f..%2f..%2f..%2f..%2fetc/passwd.js',
      '/dashboard/....//....//package.json.js',
      '/dashboard/%252e%252e/%252e%252e/package.json',
      '/dashboard/..%5c..%5cpackage.json',
      '/dashboard/.env.js',
      '/dashboard/%00index.html',
      `/dashboard/${'a/'.repeat(2000)}x.js`,
    ];
    for (const target of targets) {
      const res = await send(requestBytes('GET', target, []));
      await inv.check(res.status, `GET ${target}`, false, res.text);
      expect([target, /"name": "compliance-ledger"|root:x:0:0|API_KEYS/.test(res.text)]).toEqual([target, false]);
    }
  });
});

import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from '../support/test-app';

/** An answer's status, headers and raw bytes, undecoded (supertest would decompress them). */
async function raw(t: TestApp, path: string, headers: Record<string, string>) {
  const server = t.app.getHttpServer();
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (resolve, reject) => {
      get({ host: '127.0.0.1', port, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    },
  );
}

describe('cached answers of the read side', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const subjects = Array.from({ length: 40 }, (_, i) => ({ personId: `person-${i}`, name: `Person number ${i}` }));
    await t.http
      .post('/cases')
      .set(t.bearer('recorder'))
      .send({ caseId: 'kz-cached', title: 'A case with many people', country: 'KZ', subjects })
      .expect(201);
  });
  afterAll(() => t.close());

  it('sends the same JSON plain, gzip or brotli, as the client accepts', async () => {
    const plain = await raw(t, '/cases', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const body = plain.body;
    expect(body.length).toBeGreaterThan(1024);
    const gzipped = await raw(t, '/cases', { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.body).equals(body)).toBe(true);
    const brotli = await raw(t, '/cases', { 'accept-encoding': 'br, gzip' });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(brotli.body).equals(body)).toBe(true);
    // Between equally acceptable encodings the smaller wins, whatever the client's order (a browser's: gzip first).
    const browser = await raw(t, '/cases', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(browser.headers['content-encoding']).toBe('br');
    // A weight below gzip's, or none at all, is respected.
    const lessBrotli = await raw(t, '/cases', { 'accept-encoding': 'gzip, br;q=0.5' });
    expect(lessBrotli.headers['content-encoding']).toBe('gzip');
    const noBrotli = await raw(t, '/cases', { 'accept-encoding': '*, br;q=0' });
    expect(noBrotli.headers['content-encoding']).toBe('gzip');
    for (const answer of [plain, gzipped, brotli, browser, lessBrotli, noBrotli]) {
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(answer.headers.vary).toMatch(/Accept-Encoding/i);
      expect(answer.headers['x-checkpoint']).toBe(plain.headers['x-checkpoint']);
      expect(answer.headers.etag).toBe(plain.headers.etag);
    }
    expect(JSON.parse(body.toString('utf8'))[0].caseId).toBe('kz-cached');
  });

  it('answers 304 to a client that has the current answer, and 200 once it changed', async () => {
    const first = await t.http.get('/cases').expect(200);
    const etag = first.headers.etag as string;
    await t.http.get('/cases').set('if-none-match', etag).expect(304);
    await t.http
      .post('/cases/kz-cached/events')
      .set(t.bearer('recorder'))
      .send({ type: 'SubjectAdded', data: { personId: 'one-more', name: 'One More' } })
      .expect(201);
    const changed = await t.http.get('/cases').set('if-none-match', etag).expect(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.body[0].subjects).toHaveLength(41);
  });

  it('keeps small answers uncompressed', async () => {
    const small = await raw(t, '/countries?asOf=2023-09-26', { 'accept-encoding': 'gzip' });
    expect(small.status).toBe(200);
    expect(small.headers['content-encoding']).toBeUndefined();
  });
});

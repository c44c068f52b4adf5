/**
 * The HTTP loads of workload 4, with autocannon: GET /opinions as browsers and dashboards ask, the
 * same bytes from a bare Node server, the cheapest route, and POSTs of new inquiries.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { log, now, since } from '../support/log';
import type { Figures } from '../support/phase';
import { RECORDER_SECRET } from './server';
/**
 * autocannon keeps each answer's body as a string, decoding every chunk (`body += chunk`): for a
 * 0.8 MB compressed answer that is about 15 ms of the client's own time per request, which it then
 * counts as the server's latency (a bare Node server measured 54 req/s, p50 18 ms that way, and
 * 2,582 req/s, p50 0 ms without it). No workload here checks a body, so the clients only count bytes.
 */
function countBytesOnly(client: unknown): void {
  (client as { pipelinedRequests: { addBody: (data: Buffer) => void } }).pipelinedRequests.addBody = () => {};
}

export async function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const counted = { setupClient: countBytesOnly, ...options };
    autocannon(counted, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const round2 = (n: number) => Math.round(n * 100) / 100;

const BROWSER = 'gzip, deflate, br, zstd';

/**
 * GET /opinions: the first answer (computed), then many with autocannon: as a browser asks
 * (compressed), as a dashboard that polls asks (If-None-Match: 304 while nothing changed), and
 * uncompressed. Hands back the compressed bytes for the ceiling measure.
 */
export async function readOpinions(
  url: string,
  seconds: number,
  connections: number,
): Promise<{ figures: Figures; compressed: Buffer; encoding: string }> {
  const started = now();
  const first = await fetch(`${url}/opinions`, { headers: { 'accept-encoding': 'identity' } });
  const body = await first.text();
  const coldMs = since(started) * 1000;
  const opinions = (JSON.parse(body) as unknown[]).length;
  const etag = first.headers.get('etag') ?? '';
  const figures: Figures = { opinions, opinionsBodyBytes: Buffer.byteLength(body), opinionsColdMs: round2(coldMs) };
  const compressed = await rawGet(`${url}/opinions`, { 'accept-encoding': BROWSER });
  figures.opinionsCompressedBytes = compressed.body.length;
  // `connections` clients side by side, then one dashboard alone: the latency one user sees, without queueing
  // behind nine other downloads of the same answer.
  for (const [name, headers, clients] of [
    ['opinions', { 'accept-encoding': BROWSER }, connections],
    ['opinionsRevalidated', { 'accept-encoding': BROWSER, 'if-none-match': etag }, connections],
    ['opinionsIdentity', { 'accept-encoding': 'identity' }, connections],
    ['opinionsOneClient', { 'accept-encoding': BROWSER }, 1],
    ['opinionsOneClientRevalidated', { 'accept-encoding': BROWSER, 'if-none-match': etag }, 1],
  ] as const) {
    const result = await cannon({ url: `${url}/opinions`, connections: clients, duration: seconds, headers });
    Object.assign(figures, latencies(name, result, name.endsWith('Revalidated') ? 304 : 200));
    log(`ours: GET /opinions ${name}: ${describe(result)}`);
  }
  return { figures, compressed: compressed.body, encoding: compressed.encoding };
}

/**
 * What autocannon and this machine's loopback can do at all with an answer of this size: the same
 * compressed bytes served by a bare Node HTTP server (no framework, no work), in its own process.
 */
export async function bareCeiling(
  body: Buffer,
  encoding: string,
  seconds: number,
  connections: number,
): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bare-'));
  const file = join(dir, 'body');
  writeFileSync(file, body);
  const script = `
    const body = require('node:fs').readFileSync(${JSON.stringify(file)});
    const headers = { 'content-type': 'application/json', 'content-length': body.length${encoding ? `, 'content-encoding': ${JSON.stringify(encoding)}` : ''} };
    const server = require('node:http').createServer((req, res) => { res.writeHead(200, headers); res.end(body); });
    server.listen(0, '127.0.0.1', () => process.send(server.address().port));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const port = await new Promise<number>((resolve) => child.once('message', (p) => resolve(p as number)));
    const result = await cannon({ url: `http://127.0.0.1:${port}/`, connections, duration: seconds });
    log(`bare node server, same ${body.length} bytes: ${describe(result)}`);
    const alone = await cannon({ url: `http://127.0.0.1:${port}/`, connections: 1, duration: seconds });
    log(`bare node server, same ${body.length} bytes, one client: ${describe(alone)}`);
    return { ...latencies('bareCeiling', result), ...latencies('bareCeilingOneClient', alone) };
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Throughput and latency; `failed` counts every answer but the one expected (autocannon counts 304 as non-2xx). */
export function latencies(name: string, result: autocannon.Result, expected = 200): Figures {
  const answered = result.statusCodeStats?.[String(expected) as `${number}`]?.count ?? 0;
  return {
    [`${name}PerSec`]: Math.round(result.requests.average),
    [`${name}P50Ms`]: result.latency.p50,
    [`${name}P99Ms`]: result.latency.p99,
    [`${name}Failed`]: result.requests.total - answered + result.errors,
  };
}

export const describe = (result: autocannon.Result) =>
  `${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms` +
  (result.errors ? `, ${result.errors} errors` : '');

/** One GET with the bytes as sent (fetch would decompress them). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ body: Buffer; encoding: string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ body: Buffer.concat(chunks), encoding: String(res.headers['content-encoding'] ?? '') }),
      );
    }).on('error', reject);
  });
}

/**
 * GET /health from as many connections as the POSTs: the cheapest route through the whole HTTP stack (Express, Nest,
 * guards, logging), for what any route can do here at all.
 */
export async function cheapestRoute(url: string, seconds: number, connections: number): Promise<Figures> {
  const result = await cannon({ url: `${url}/health`, connections, duration: seconds });
  log(`ours: GET /health: ${describe(result)}`);
  return latencies('health', result);
}

/** POST /cases/{caseId}/events: a new inquiry in a random case each time, from many connections. */
export async function postEvents(
  url: string,
  options: { seconds: number; connections: number; caseIds: string[]; today: string },
): Promise<Figures> {
  let n = 0;
  const result = await cannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${RECORDER_SECRET}` },
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const i = n++;
          const caseId = options.caseIds[(i * 7919) % options.caseIds.length];
          return {
            ...request,
            path: `/cases/${caseId}/events`,
            body: inquiryBody(i, options.today),
          };
        },
      },
    ],
  });
  log(
    `ours: POST /cases/{id}/events: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`,
  );
  return {
    postEventsPerSec: Math.round(result.requests.average),
    postP50Ms: result.latency.p50,
    postP99Ms: result.latency.p99,
    postNon2xx: result.non2xx + result.errors,
    postConnections: options.connections,
  };
}

/** The body every benchmark POST sends: a new inquiry, `i` making its id unique. */
export function inquiryBody(i: number, today: string): string {
  return JSON.stringify({
    type: 'InquirySent',
    data: {
      inquiryId: `bench-${process.pid}-${i}`,
      occurredOn: today,
      to: "General Prosecutor's Office",
      channel: 'writing',
      question: 'Why have the people named in the Working Group opinion not been released?',
      sources: [{ title: 'Letter sent by registered post', publisher: 'Forum 18', publishedOn: today }],
    },
  });
}

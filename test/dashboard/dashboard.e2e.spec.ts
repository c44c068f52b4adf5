import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveFeed } from '../../src/dashboard/live-feed';
import { startDashboardApp, type DashboardApp } from '../support/dashboard-app';
import { openSse, type SseStream } from '../support/sse-client';
import { KEYS } from '../support/test-app';

const opened = (caseId: string) => ({
  caseId,
  title: 'A case',
  country: 'KZ',
  subjects: [{ personId: 'a-person', name: 'A Person' }],
});

describe('dashboard files and live events, anonymous reads', () => {
  let t: DashboardApp;
  const streams: SseStream[] = [];
  beforeAll(async () => (t = await startDashboardApp({}, { heartbeatMs: 200 })), 60_000);
  afterAll(async () => {
    streams.forEach((s) => s.close());
    await t.close();
  });
  const sse = async (headers: Record<string, string> = {}, path = '/events') => {
    const stream = await openSse(`${t.url}${path}`, headers);
    streams.push(stream);
    return stream;
  };

  it('serves the page at / and its modules under /dashboard/', async () => {
    const page = await t.http.get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<script type="module" src="/dashboard/main.js">');
    const script = await t.http.get('/dashboard/main.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect((await t.http.get('/dashboard/views/case.view.js')).status).toBe(200);
    expect((await t.http.get('/dashboard/styles.css')).headers['content-type']).toMatch(/^text\/css/);
  });

  it('serves nothing outside the built folder', async () => {
    for (const path of ['/dashboard/nothing.js', '/dashboard/..%2f..%2fpackage.json', '/dashboard/%2e%2e/index.html']) {
      const res = await t.http.get(path);
      expect([path, res.status]).toEqual([path, 404]);
    }
  });

  it('tells the page which day is today and that reads need no key', async () => {
    const meta = await t.http.get('/dashboard/meta');
    expect(meta.body).toEqual({ today: '2023-09-26', readsRequireKey: false });
  });

  it('streams each recorded event as { type, stream, revision, checkpoint }, the checkpoint the reads then carry', async () => {
    const stream = await sse();
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(stream.headers['cache-control']).toContain('no-cache');
    const hello = await stream.next((m) => m.event === 'hello');
    expect(JSON.parse(hello.data)).toEqual({ checkpoint: expect.any(String), heartbeatMs: 200 });

    const recorded = await t.http.post('/cases').set(t.bearer('recorder')).send(opened('live-one'));
    expect(recorded.status).toBe(201);
    const message = await stream.next((m) => m.event === 'message');
    const event = JSON.parse(message.data) as Record<string, unknown>;
    expect(event).toEqual({ type: 'CaseOpened', stream: 'case-live-one', revision: 0, checkpoint: expect.any(String) });
    expect(message.id).toBe(event.checkpoint);
    const read = await t.http.get('/cases/live-one');
    expect(read.headers['x-checkpoint']).toBe(event.checkpoint);

    await t.http
      .post('/cases/live-one/events')
      .set(t.bearer('recorder'))
      .send({ type: 'PersonArrested', data: { personIds: ['a-person'], occurredOn: '2023-09' } })
      .expect(201);
    const next = JSON.parse((await stream.next((m) => m.event === 'message')).data) as Record<string, unknown>;
    expect(next).toMatchObject({ type: 'PersonArrested', stream: 'case-live-one', revision: 1 });
  });

  it('sends heartbeats carrying the current checkpoint', async () => {
    const stream = await sse();
    const beat = await stream.next((m) => m.event === 'heartbeat', 2000);
    expect(JSON.parse(beat.data)).toEqual({ checkpoint: expect.stringMatching(/^\d+\/\d+$/), heartbeatMs: 200 });
  });

  it('forgets a client that goes away', async () => {
    const feed = t.app.get(LiveFeed);
    const before = feed.size;
    const stream = await sse();
    await stream.next((m) => m.event === 'hello');
    expect(feed.size).toBe(before + 1);
    stream.close();
    for (let i = 0; i < 50 && feed.size > before; i++) await new Promise((r) => setTimeout(r, 20));
    expect(feed.size).toBe(before);
  });
});

describe('dashboard with READS_REQUIRE_KEY=true', () => {
  let t: DashboardApp;
  const streams: SseStream[] = [];
  beforeAll(async () => (t = await startDashboardApp({ READS_REQUIRE_KEY: 'true' })), 60_000);
  afterAll(async () => {
    streams.forEach((s) => s.close());
    await t.close();
  });

  it('still serves the page and its meta to anyone, saying a key is needed', async () => {
    expect((await t.http.get('/')).status).toBe(200);
    expect((await t.http.get('/dashboard/main.js')).status).toBe(200);
    expect((await t.http.get('/dashboard/meta')).body).toEqual({ today: '2023-09-26', readsRequireKey: true });
  });

  it('refuses anonymous reads and accepts a viewer key', async () => {
    expect((await t.http.get('/opinions')).status).toBe(401);
    expect((await t.http.get('/opinions').set(t.bearer('viewer'))).status).toBe(200);
  });

  it('opens the live stream only with a key in the Authorization header, never in the URL', async () => {
    const anonymous = await openSse(`${t.url}/events`);
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body)).toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });

    const inUrl = await openSse(`${t.url}/events?key=${KEYS.viewer}`);
    expect(inUrl.status).toBe(401);

    const wrong = await openSse(`${t.url}/events`, { Authorization: 'Bearer not-a-known-key-at-all' });
    expect(wrong.status).toBe(401);

    const viewer = await openSse(`${t.url}/events`, t.bearer('viewer'));
    streams.push(viewer);
    expect(viewer.status).toBe(200);
    await viewer.next((m) => m.event === 'hello');
    await t.http.post('/cases').set(t.bearer('recorder')).send(opened('keyed')).expect(201);
    expect(JSON.parse((await viewer.next((m) => m.event === 'message')).data)).toMatchObject({ stream: 'case-keyed' });
  });
});

describe('dashboard not built', () => {
  let t: DashboardApp;
  beforeAll(async () => (t = await startDashboardApp({}, { publicDir: mkdtempSync(join(tmpdir(), 'no-dashboard-')) })));
  afterAll(() => t.close());

  it('answers 503 with what to run, and the API keeps working', async () => {
    const page = await t.http.get('/');
    expect(page.status).toBe(503);
    expect(page.body.message).toContain('npm run build');
    expect((await t.http.get('/opinions')).status).toBe(200);
  });
});

import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { StoredEvent } from '../../src/event-store/event-store.port';
import { formatPosition } from '../../src/event-store/position';
import { startTestApp, type TestApp } from '../support/test-app';
import { Ledger, VALID, type Data } from './e2e-helpers';

/** Metadata the server sets (actor, recordedAt, requestId, idempotencyKey, hash chain), and read-your-writes. */

const CASE = 'metadata-case';
const subject = (personId: string) => ({ type: 'SubjectAdded', data: { personId, name: `Name of ${personId}` } });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The chain as docs/tamper-evidence.md defines it, computed here independently of the store. */
function expectedHash(event: StoredEvent, prevHash: string): string {
  const { prevHash: _prev, hash: _hash, ...metadata } = event.metadata;
  const canonical = canonicalize({
    stream: event.stream,
    revision: event.revision,
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    metadata,
    prevHash,
  })!;
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

describe('metadata set by the server', () => {
  let t: TestApp;
  let ledger: Ledger;
  let started: number;
  beforeAll(async () => {
    t = await startTestApp();
    ledger = new Ledger(t);
    started = Date.now();
    const res = await t.http
      .post('/cases')
      .set(t.bearer('auditor'))
      .set('X-Request-Id', 'open-req-1')
      .send({
        caseId: CASE,
        title: 'Metadata',
        country: 'KZ',
        subjects: [{ personId: 'ann-a', name: 'Ann' }],
      });
    expect(res.status).toBe(201);
  });
  afterAll(() => t.close());

  it('records actor (the key name), recordedAt, requestId and source on the opening', async () => {
    const [opened] = await ledger.stored(CASE);
    expect(opened.metadata).toMatchObject({ actor: 'auditor-key', requestId: 'open-req-1', source: 'api' });
    expect(opened.metadata.idempotencyKey).toBeUndefined();
    const recordedAt = Date.parse(opened.metadata.recordedAt as string);
    expect(opened.metadata.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(recordedAt).toBeGreaterThanOrEqual(started - 1000);
    expect(recordedAt).toBeLessThanOrEqual(Date.now());
  });

  it('echoes X-Request-Id and stores it; stores the Idempotency-Key', async () => {
    const res = await ledger
      .record(CASE, subject('bob-b'), { key: 'client-key-1', role: 'recorder' })
      .set('X-Request-Id', 'req-42.a:b');
    expect(res.status).toBe(201);
    expect(res.headers['x-request-id']).toBe('req-42.a:b');
    const stored = (await ledger.stored(CASE))[res.body.revision];
    expect(stored.eventId).toBe(res.body.eventId);
    expect(stored.metadata).toMatchObject({
      actor: 'recorder-key',
      requestId: 'req-42.a:b',
      idempotencyKey: 'client-key-1',
    });
  });

  it('makes a request id when none (or an unusable one) is sent, and stores the one it echoes', async () => {
    for (const sent of [undefined, 'has spaces in it', 'x'.repeat(200)]) {
      const req = ledger.record(CASE, subject(`p-${sent?.length ?? 0}`));
      const res = await (sent === undefined ? req : req.set('X-Request-Id', sent));
      expect(res.status).toBe(201);
      expect(res.headers['x-request-id']).toMatch(UUID);
      expect((await ledger.stored(CASE))[res.body.revision].metadata.requestId).toBe(res.headers['x-request-id']);
    }
  });

  it('echoes X-Request-Id on refusals too', async () => {
    const res = await ledger.record(CASE, { type: 'Nope', data: {} }).set('X-Request-Id', 'refused-1');
    expect(res.status).toBe(400);
    expect(res.headers['x-request-id']).toBe('refused-1');
  });

  it('chains every event: prevHash is the previous hash (zeros first), hash covers content and metadata', async () => {
    const stored = await ledger.stored(CASE);
    expect(stored.length).toBeGreaterThan(3);
    let prev = '0'.repeat(64);
    for (const event of stored) {
      expect(event.metadata.prevHash).toBe(prev);
      expect(event.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(event.metadata.hash).toBe(expectedHash(event, prev));
      prev = event.metadata.hash as string;
    }
  });

  it.each<[string, Data]>([
    ['metadata beside the event', { ...subject('cal-c'), metadata: { actor: 'someone-else' } }],
    ['an actor inside data', { type: 'SubjectAdded', data: { ...VALID.SubjectAdded, actor: 'someone-else' } }],
    ['a hash inside data', { type: 'SubjectAdded', data: { ...VALID.SubjectAdded, hash: '0'.repeat(64) } }],
    ['an eventId beside the event', { ...subject('cal-c'), eventId: '00000000-0000-0000-0000-000000000000' }],
    ['a recordedAt beside the event', { ...subject('cal-c'), recordedAt: '2001-01-01T00:00:00.000Z' }],
  ])('a client cannot set metadata: %s is 400, nothing stored', async (_what, body) => {
    const res = await ledger.refused(CASE, () => ledger.record(CASE, body), 400, 'REQUEST.INVALID');
    expect(res.body.message).toMatch(/is not a known field/);
  });

  it('ignores headers that look like metadata', async () => {
    const res = await ledger
      .record(CASE, subject('dee-d'))
      .set({ 'X-Actor': 'mallory', 'X-Recorded-At': '2001-01-01' });
    expect(res.status).toBe(201);
    expect((await ledger.stored(CASE))[res.body.revision].metadata.actor).toBe('recorder-key');
  });
});

describe('read-your-writes', () => {
  let t: TestApp;
  let ledger: Ledger;
  beforeAll(async () => {
    t = await startTestApp();
    ledger = new Ledger(t);
  });
  afterAll(() => t.close());

  it('every 201 is followed by a GET that shows it, with the checkpoint of the write', async () => {
    const opened = await ledger.open('ryw-case', ['ann-a']);
    expect(opened.headers['x-checkpoint']).toBe(formatPosition((await ledger.store.headPosition())!));
    for (let i = 0; i < 25; i++) {
      const res = await ledger.record('ryw-case', subject(`p-${i}`));
      expect(res.status).toBe(201);
      const checkpoint = res.headers['x-checkpoint'];
      const stored = (await ledger.stored('ryw-case'))[res.body.revision];
      expect(checkpoint).toBe(formatPosition(stored.position));
      const view = await ledger.getCase('ryw-case');
      expect(view.body.revision).toBe(res.body.revision);
      expect(view.body.subjects).toContainEqual(expect.objectContaining({ personId: `p-${i}` }));
      expect(view.headers['x-checkpoint']).toBe(checkpoint);
    }
  });

  it('holds for concurrent writers: each answer is already visible when it arrives', async () => {
    await ledger.opened('ryw-many', ['ann-a']);
    await Promise.all(
      Array.from({ length: 10 }, async (_x, i) => {
        const res = await ledger.record('ryw-many', subject(`q-${i}`));
        expect(res.status).toBe(201);
        const view = await ledger.getCase('ryw-many');
        expect(view.body.revision).toBeGreaterThanOrEqual(res.body.revision);
        expect(view.body.subjects).toContainEqual(expect.objectContaining({ personId: `q-${i}` }));
      }),
    );
  });

  it.each(['/cases', '/cases/ryw-case', '/opinions', '/authorities', '/countries'])(
    'GET %s carries X-Checkpoint',
    async (path) => {
      const res = await t.http.get(path);
      expect(res.status).toBe(200);
      expect(res.headers['x-checkpoint']).toBe(formatPosition((await ledger.store.headPosition())!));
    },
  );

  it('a refusal answers no checkpoint and moves none', async () => {
    const before = (await ledger.getCase('ryw-case')).headers['x-checkpoint'];
    const res = await ledger.record('ryw-case', subject('ann-a'));
    expect(res.status).toBe(422);
    expect(res.headers['x-checkpoint']).toBeUndefined();
    expect((await ledger.getCase('ryw-case')).headers['x-checkpoint']).toBe(before);
  });
});

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { startTestApp, type TestApp } from '../support/test-app';
import { GENESIS, importExample, sleep, WHATSAPP_CASE } from './audit-support';

/** The auditor's HTTP surface: history, as-of/known-at states, verification and export, and who may read them. */
describe('audit over HTTP', () => {
  let t: TestApp;
  const CASE = 'audit-history';
  const sources = [
    { url: 'https://example.org/report', title: 'Report', publisher: 'Example', publishedOn: '2023-01-05' },
  ];
  const posted: Array<{ type: string; data: Record<string, unknown>; key?: string }> = [];
  const answers: Array<{ revision: number; eventId?: string }> = [];
  let before: number;
  let after: number;

  const record = async (caseId: string, type: string, data: Record<string, unknown>, key?: string) => {
    const req =
      type === 'CaseOpened'
        ? t.http.post('/cases').send({ caseId, ...data })
        : t.http.post(`/cases/${caseId}/events`).send({ type, data });
    const res = await req.set({ ...t.bearer('recorder'), ...(key ? { 'Idempotency-Key': key } : {}) });
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
    return res.body as { revision: number; eventId?: string };
  };
  const get = (path: string, query: Record<string, string> = {}, role: 'auditor' | 'admin' = 'auditor') =>
    t.http.get(path).query(query).set(t.bearer(role));

  beforeAll(async () => {
    t = await startTestApp();
    await importExample(t.app.get<EventStore>(EVENT_STORE));
    before = Date.now();
    const events: Array<{ type: string; data: Record<string, unknown>; key?: string }> = [
      {
        type: 'CaseOpened',
        data: { title: 'History case', country: 'KZ', subjects: [{ personId: 'ana', name: 'Ana' }], sources },
        key: 'open-history-1',
      },
      { type: 'SubjectAdded', data: { personId: 'bo', name: 'Bo' } },
      {
        type: 'PersonArrested',
        data: { personIds: ['ana', 'bo'], occurredOn: '2019-03', authority: 'Police', sources },
        key: 'arrest-1',
      },
      {
        type: 'EventCorrected',
        data: {
          revision: 1,
          reason: 'name misspelt',
          replacement: { type: 'SubjectAdded', data: { personId: 'bo', name: 'Bö' } },
        },
      },
      {
        type: 'EventCorrected',
        data: {
          revision: 1,
          reason: 'name checked again',
          replacement: { type: 'SubjectAdded', data: { personId: 'bo', name: 'Bo Ö.' } },
        },
      },
      {
        type: 'EventCorrected',
        data: {
          revision: 2,
          reason: 'month was a guess',
          replacement: { type: 'PersonArrested', data: { personIds: ['ana', 'bo'], occurredOn: '2019' } },
        },
      },
    ];
    for (const event of events) {
      posted.push(event);
      answers.push(await record(CASE, event.type, event.data, event.key));
    }
    after = Date.now();
  });
  afterAll(() => t.close());

  describe('GET /cases/{id}/history', () => {
    it('lists every stored event in order, with its metadata and chain fields', async () => {
      const res = await get(`/cases/${CASE}/history`);
      expect(res.status).toBe(200);
      const history = res.body as Array<Record<string, unknown>>;
      const stored = await t.app.get<EventStore>(EVENT_STORE).readStream(`case-${CASE}`);
      expect(history).toHaveLength(posted.length);
      history.forEach((entry, i) => {
        expect(entry).toMatchObject({
          revision: i,
          eventId: stored[i].eventId,
          type: posted[i].type,
          data: posted[i].data,
          actor: 'recorder-key',
          sources: (posted[i].data.sources as unknown) ?? [],
          prevHash: i === 0 ? GENESIS : history[i - 1].hash,
          hash: stored[i].metadata.hash,
        });
        expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
        if (answers[i].eventId) expect(entry.eventId).toBe(answers[i].eventId);
        expect(answers[i].revision).toBe(i);
        const recordedAt = Date.parse(entry.recordedAt as string);
        expect(recordedAt).toBeGreaterThanOrEqual(before);
        expect(recordedAt).toBeLessThanOrEqual(after);
        if (i > 0) expect(recordedAt).toBeGreaterThanOrEqual(Date.parse(history[i - 1].recordedAt as string));
        if (posted[i].key) expect(entry.idempotencyKey).toBe(posted[i].key);
        else expect(entry).not.toHaveProperty('idempotencyKey');
      });
    });

    it('flags corrected events with the correcting revisions and keeps both in the history', async () => {
      const history = (await get(`/cases/${CASE}/history`)).body as Array<Record<string, unknown>>;
      expect(history.map((e) => e.correctedBy)).toEqual([undefined, [3, 4], [5], undefined, undefined, undefined]);
      // The corrected events keep their original data; the corrections carry the replacement.
      expect(history[1]).toMatchObject({ type: 'SubjectAdded', data: { personId: 'bo', name: 'Bo' } });
      expect(history[2]).toMatchObject({ type: 'PersonArrested', data: { occurredOn: '2019-03' } });
      expect(history[5]).toMatchObject({ type: 'EventCorrected', data: { revision: 2, reason: 'month was a guess' } });
    });

    it('answers the same history to an admin, and a chain that verifies', async () => {
      const asAdmin = await get(`/cases/${CASE}/history`, {}, 'admin');
      expect(asAdmin.status).toBe(200);
      expect(asAdmin.body).toEqual((await get(`/cases/${CASE}/history`)).body);
      const verified = await get(`/cases/${CASE}/verify`);
      expect(verified.status).toBe(200);
      expect(verified.body).toMatchObject({ ok: true, streams: 1, events: posted.length });
      expect(verified.body.message).toBe(`${posted.length} events verified`);
    });
  });

  describe('access', () => {
    const paths = ['history', 'state', 'verify', 'export'].map((p) => `/cases/${WHATSAPP_CASE}/${p}`);

    it('refuses anonymous callers (401) and viewers and recorders (403); lets auditors and admins in', async () => {
      const seen: Record<string, number[]> = {};
      for (const path of paths) {
        seen[path] = [
          (await t.http.get(path)).status,
          (await t.http.get(path).set({ Authorization: 'Bearer not-a-known-key-0123456789' })).status,
          (await t.http.get(path).set(t.bearer('viewer'))).status,
          (await t.http.get(path).set(t.bearer('recorder'))).status,
          (await t.http.get(path).set(t.bearer('auditor'))).status,
          (await t.http.get(path).set(t.bearer('admin'))).status,
        ];
      }
      expect(seen).toEqual(Object.fromEntries(paths.map((p) => [p, [401, 401, 403, 403, 200, 200]])));
    });

    it('answers 404 for an unknown case on every audit route, 400 for a malformed case id', async () => {
      for (const p of ['history', 'state', 'verify', 'export']) {
        const missing = await get(`/cases/kz-no-such-case/${p}`);
        expect({ p, status: missing.status, code: missing.body.code }).toEqual({
          p,
          status: 404,
          code: 'CASE.NOT_FOUND',
        });
        expect((await get(`/cases/Not_A_Case/${p}`)).status).toBe(400);
      }
    });
  });

  describe('GET /cases/{id}/state, bitemporal', () => {
    const CASE_B = 'audit-bitemporal';
    let beforeCorrection: string;
    let firstCorrection: string;

    beforeAll(async () => {
      const subjects = ['ana', 'bo', 'cy'].map((personId) => ({ personId, name: personId.toUpperCase() }));
      await record(CASE_B, 'CaseOpened', { title: 'Bitemporal case', country: 'KZ', subjects });
      // Ana's arrest entered a year late; Bo's arrest entered by mistake (it was someone else).
      await record(CASE_B, 'PersonArrested', { personIds: ['ana'], occurredOn: '2023-05-02' });
      await record(CASE_B, 'PersonArrested', { personIds: ['bo'], occurredOn: '2022-02' });
      await sleep(15);
      const replacement = { type: 'PersonArrested', data: { personIds: ['ana'], occurredOn: '2022-05-02' } };
      await record(CASE_B, 'EventCorrected', { revision: 1, reason: 'year mistyped', replacement });
      await sleep(15);
      await record(CASE_B, 'EventCorrected', { revision: 2, reason: 'Bo was never arrested' });
      const history = (await get(`/cases/${CASE_B}/history`)).body as Array<{ recordedAt: string }>;
      beforeCorrection = history[2].recordedAt;
      firstCorrection = history[3].recordedAt;
      expect(Date.parse(firstCorrection)).toBeGreaterThan(Date.parse(beforeCorrection));
      expect(Date.parse(history[4].recordedAt)).toBeGreaterThan(Date.parse(firstCorrection));
    });

    interface StateBody {
      case: {
        subjects: Array<{ personId: string; custody: string }>;
        timeline: Array<{ personId: string; facts: Array<{ on: { text: string } }> }>;
      };
    }
    const state = async (query: Record<string, string>): Promise<StateBody> => {
      const res = await get(`/cases/${CASE_B}/state`, query);
      expect(res.status).toBe(200);
      return res.body as StateBody;
    };
    const custody = (body: StateBody) => Object.fromEntries(body.case.subjects.map((s) => [s.personId, s.custody]));
    const anaArrestedOn = (body: StateBody) =>
      body.case.timeline.find((p) => p.personId === 'ana')!.facts.map((f) => f.on.text);
    const asOf = '2022-12-31';

    it('before the correction was recorded, shows the fact as first recorded (the wrong date)', async () => {
      const body = await state({ asOf, knownAt: beforeCorrection });
      expect(body).toMatchObject({ asOf, knownAt: beforeCorrection, revision: 2, eventsKnown: 3 });
      expect(custody(body)).toEqual({ ana: 'at_liberty', bo: 'detained', cy: 'at_liberty' });
      // One millisecond before the correction is the same knowledge; the boundary itself is inclusive.
      const justBefore = new Date(Date.parse(firstCorrection) - 1).toISOString();
      expect(await state({ asOf, knownAt: justBefore })).toMatchObject({ revision: 2, eventsKnown: 3 });
      const atCorrection = await state({ asOf, knownAt: firstCorrection });
      expect(atCorrection).toMatchObject({ revision: 3, eventsKnown: 4 });
      expect(custody(atCorrection)).toEqual({ ana: 'detained', bo: 'detained', cy: 'at_liberty' });
    });

    it('after the corrections, uses the replacement and drops the withdrawn fact', async () => {
      const body = await state({ asOf, knownAt: new Date().toISOString() });
      expect(body).toMatchObject({ revision: 4, eventsKnown: 5 });
      expect(custody(body)).toEqual({ ana: 'detained', bo: 'at_liberty', cy: 'at_liberty' });
    });

    it('takes knownAt alone: everything recorded by then, whatever its date', async () => {
      const then = await state({ knownAt: beforeCorrection });
      expect(then).toMatchObject({ asOf: null, knownAt: beforeCorrection, revision: 2 });
      expect(custody(then)).toEqual({ ana: 'detained', bo: 'detained', cy: 'at_liberty' });
      expect(anaArrestedOn(then)).toEqual(['2023-05-02']);
      const now = await state({ knownAt: new Date().toISOString() });
      expect(anaArrestedOn(now)).toEqual(['2022-05-02']);
      expect(custody(now)).toEqual({ ana: 'detained', bo: 'at_liberty', cy: 'at_liberty' });
    });

    it('takes knownAt with a zone offset or as a bare date (end of that day, UTC)', async () => {
      const kazakhstan = new Date(Date.parse(beforeCorrection) + 5 * 3600_000).toISOString().replace('Z', '+05:00');
      expect(await state({ asOf, knownAt: kazakhstan })).toMatchObject({ knownAt: beforeCorrection, revision: 2 });
      // Before the case was recorded nothing was known about it.
      expect(await state({ knownAt: '2020-01-01' })).toMatchObject({
        knownAt: '2020-01-01T23:59:59.999Z',
        revision: -1,
        eventsKnown: 0,
        case: { subjects: [] },
      });
    });

    it('takes asOf alone: the corrected facts, as of that day', async () => {
      const body = await state({ asOf });
      expect(body).toMatchObject({ asOf, knownAt: null, revision: 4, eventsKnown: 5 });
      expect(custody(body)).toEqual({ ana: 'detained', bo: 'at_liberty', cy: 'at_liberty' });
      const earlier = await state({ asOf: '2022-05-01' });
      expect(custody(earlier)).toEqual({ ana: 'at_liberty', bo: 'at_liberty', cy: 'at_liberty' });
    });

    it('answers 400 naming the parameter for an invalid knownAt or asOf', async () => {
      const badKnownAt = [
        'yesterday',
        '2023-02-30',
        '2023-09-26T12:00:00',
        '2023-09-26T25:00:00Z',
        '2023-02-30T10:00Z',
      ];
      const badAsOf = ['2023-02-30', '2023-9-1', '26.09.2023', '2023-09-26T00:00:00Z'];
      const bad = [...badKnownAt.map((v) => ['knownAt', v]), ...badAsOf.map((v) => ['asOf', v])];
      for (const [name, value] of bad) {
        const res = await get(`/cases/${CASE_B}/state`, { [name]: value });
        expect({ name, value, status: res.status }).toEqual({ name, value, status: 400 });
        expect(JSON.stringify(res.body)).toContain(name);
      }
    });
  });

  describe('GET /cases/{id}/state on the worked example', () => {
    const custodyOf = (body: { case: { subjects: Array<{ custody: string }> } }) =>
      body.case.subjects.map((s) => s.custody);

    it('as of 2022-12-31 counts all nine as imprisoned: no interval-dated transfer had certainly happened', async () => {
      const res = await get(`/cases/${WHATSAPP_CASE}/state`, { asOf: '2022-12-31' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ caseId: WHATSAPP_CASE, asOf: '2022-12-31', knownAt: null, revision: 25 });
      expect(custodyOf(res.body)).toEqual(Array(9).fill('imprisoned'));
      expect(res.body.opinions[0].custody).toMatchObject({ imprisoned: 9, restricted_freedom: 0 });
    });

    it('as of 2023-09-26 counts three imprisoned and six under restricted freedom', async () => {
      const res = await get(`/cases/${WHATSAPP_CASE}/state`, { asOf: '2023-09-26' });
      expect(res.status).toBe(200);
      const custody = custodyOf(res.body);
      expect(custody.filter((c) => c === 'imprisoned')).toHaveLength(3);
      expect(custody.filter((c) => c === 'restricted_freedom')).toHaveLength(6);
      expect(res.body.opinions[0]).toMatchObject({
        opinionId: 'A/HRC/WGAD/2021/33',
        status: 'not_implemented',
        grade: 'D',
        custody: { imprisoned: 3, restricted_freedom: 6 },
      });
    });
  });

  it('GET /cases/{id}/verify names an event edited in the database behind the running app', async () => {
    const stream = 'case-kz-zernichenko';
    const [, , convicted] = await t.app.get<EventStore>(EVENT_STORE).readStream(stream);
    const db = new Database(join(t.dir, 'events.db'));
    const data = JSON.stringify(convicted.data).replace('Not named in this article', 'Not named in this articlE');
    db.prepare('UPDATE events SET data = ? WHERE stream = ? AND revision = 2').run(data, stream);
    db.close();
    const res = await get('/cases/kz-zernichenko/verify');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      ok: false,
      events: 2,
      break: { stream, revision: 2, eventId: convicted.eventId, problem: 'hash_mismatch' },
    });
    expect(res.body.message).toMatch(/^stream case-kz-zernichenko, revision 2 \(event [0-9a-f-]{36}\): its content/);
  });
});

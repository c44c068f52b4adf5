import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { verifyStore } from '../../src/audit/chain-check';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { ReadModels } from '../../src/read-side/read-models';
import { openBody } from '../cases/e2e-helpers';
import { startTestApp, type TestApp } from '../support/test-app';
import { report, sleep } from './reliability-support';

/**
 * 50 concurrent writers on one case: in one instance, and split over two instances on one SQLite
 * file (where only the expected revision stands between them). Without expectedRevision every write
 * lands, at consecutive revisions, once; with one, exactly one wins and every loser gets 409 with the
 * actual revision; writers that retry from that revision all land, none lost. Chains never fork.
 */

const N = 50;
const range = (n: number) => Array.from({ length: n }, (_x, i) => i);
const subject = (personId: string) => ({ type: 'SubjectAdded', data: { personId, name: `Name of ${personId}` } });

describe(`${N} concurrent writers on one case`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-reliability-concurrency-'));
  let a: TestApp;
  let b: TestApp;
  let store: EventStore;
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    const shared = { SQLITE_PATH: join(dir, 'events.db') };
    a = await startTestApp({ ...shared, READ_MODEL_PATH: join(dir, 'a', 'read-models.db') });
    b = await startTestApp({ ...shared, READ_MODEL_PATH: join(dir, 'b', 'read-models.db') });
    store = a.app.get<symbol, EventStore>(EVENT_STORE);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    rmSync(dir, { recursive: true, force: true });
    report('concurrency', figures);
  });

  const setups: Array<[string, () => TestApp[]]> = [
    ['one instance', () => [a]],
    ['two instances on one SQLite file', () => [a, b]],
  ];

  const post = (apps: TestApp[], i: number, caseId: string, body: object) =>
    apps[i % apps.length].http
      .post(`/cases/${caseId}/events`)
      .set(apps[i % apps.length].bearer('recorder'))
      .send(body);

  async function stored(caseId: string) {
    return store.readStream(`case-${caseId}`);
  }

  /** The chain of the whole store verifies, the case's revisions are 0..n once each, and every answer is stored. */
  async function expectWholeAndUnforked(caseId: string, answers: Response[]): Promise<void> {
    const events = await stored(caseId);
    expect(events.map((e) => e.revision)).toEqual(range(events.length));
    expect(await verifyStore(store)).toMatchObject({ ok: true });
    for (const answer of answers.filter((x) => x.status === 201)) {
      expect(events[answer.body.revision as number].eventId).toBe(answer.body.eventId);
    }
  }

  /** Both read sides (when two) reach the store's head and show the same revision. */
  async function expectReadSides(apps: TestApp[], caseId: string, revision: number): Promise<void> {
    const head = (await store.headPosition())!;
    for (const t of apps) {
      expect(await t.app.get(ReadModels).waitFor(head, 20_000)).toBe(true);
      expect((await t.http.get(`/cases/${caseId}`)).body.revision).toBe(revision);
    }
  }

  it.each(setups)('%s, without expectedRevision: all 201, consecutive revisions, nothing twice', async (_l, of) => {
    const apps = of();
    const caseId = `busy-free-${apps.length}`;
    expect((await a.http.post('/cases').set(a.bearer('recorder')).send(openBody(caseId))).status).toBe(201);
    const answers = await Promise.all(range(N).map((i) => post(apps, i, caseId, subject(`p-${i}`))));
    expect(answers.filter((x) => x.status !== 201).map((x) => `${x.status} ${JSON.stringify(x.body)}`)).toEqual([]);
    expect(answers.map((x) => x.body.revision as number).sort((x, y) => x - y)).toEqual(range(N).map((i) => i + 1));
    expect(new Set(answers.map((x) => x.body.eventId)).size).toBe(N);
    await expectWholeAndUnforked(caseId, answers);
    await expectReadSides(apps, caseId, N);
    const view = await apps[apps.length - 1].http.get(`/cases/${caseId}`);
    expect(view.body.subjects).toHaveLength(3 + N);
    figures[`free${apps.length}`] = N;
  });

  it.each(setups)('%s, all at one expectedRevision: one 201, the rest 409 with the actual revision', async (_l, of) => {
    const apps = of();
    const caseId = `busy-expected-${apps.length}`;
    expect((await a.http.post('/cases').set(a.bearer('recorder')).send(openBody(caseId))).status).toBe(201);
    const answers = await Promise.all(
      range(N).map((i) => post(apps, i, caseId, { ...subject(`p-${i}`), expectedRevision: 0 })),
    );
    const won = answers.filter((x) => x.status === 201);
    const lost = answers.filter((x) => x.status !== 201);
    expect(won).toHaveLength(1);
    expect(won[0].body.revision).toBe(1);
    expect(lost.map((x) => x.status)).toEqual(Array(N - 1).fill(409));
    for (const x of lost) {
      expect(x.body).toMatchObject({ code: 'CASE.REVISION_CONFLICT', actualRevision: 1, expectedRevision: 0 });
    }
    expect(await stored(caseId)).toHaveLength(2);
    await expectWholeAndUnforked(caseId, answers);
    await expectReadSides(apps, caseId, 1);
    figures[`conflicts${apps.length}`] = lost.length;
  });

  it(`two instances, ${N} writers each retrying from the actual revision a 409 gives: all land, none lost`, async () => {
    const apps = [a, b];
    const caseId = 'busy-retrying';
    expect((await a.http.post('/cases').set(a.bearer('recorder')).send(openBody(caseId))).status).toBe(201);
    let attempts = 0;
    const writer = async (i: number): Promise<Response> => {
      let expectedRevision = 0;
      for (let attempt = 1; attempt <= 4 * N; attempt++) {
        attempts++;
        const res = await post(apps, i + attempt, caseId, { ...subject(`w-${i}`), expectedRevision });
        if (res.status !== 409) return res;
        expect(res.body.actualRevision).toBeGreaterThanOrEqual(expectedRevision);
        expectedRevision = res.body.actualRevision as number;
        await sleep(Math.random() * 20); // as a client would, before it tries again
      }
      throw new Error(`writer ${i} never landed`);
    };
    const answers = await Promise.all(range(N).map(writer));
    expect(answers.map((x) => x.status)).toEqual(Array(N).fill(201));
    expect(answers.map((x) => x.body.revision as number).sort((x, y) => x - y)).toEqual(range(N).map((i) => i + 1));
    await expectWholeAndUnforked(caseId, answers);
    await expectReadSides(apps, caseId, N);
    const subjects = (await b.http.get(`/cases/${caseId}`)).body.subjects as Array<{ personId: string }>;
    expect(subjects.map((s) => s.personId).filter((p) => p.startsWith('w-'))).toHaveLength(N);
    figures.retryingAttempts = attempts;
  }, 180_000);

  it(`two instances, ${N} requests with one Idempotency-Key: one event, every answer names it`, async () => {
    const caseId = 'busy-same-key';
    expect((await a.http.post('/cases').set(a.bearer('recorder')).send(openBody(caseId))).status).toBe(201);
    const answers = await Promise.all(
      range(N).map((i) =>
        [a, b][i % 2].http
          .post(`/cases/${caseId}/events`)
          .set([a, b][i % 2].bearer('recorder'))
          .set('Idempotency-Key', 'one-key-for-all')
          .send(subject('only-once')),
      ),
    );
    expect(answers.map((x) => x.status)).toEqual(Array(N).fill(201));
    expect(new Set(answers.map((x) => x.body.eventId)).size).toBe(1);
    expect(await stored(caseId)).toHaveLength(2);
    await expectWholeAndUnforked(caseId, answers);
  });
});

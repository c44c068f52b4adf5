import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertsDue, casesByOpinion } from '../../projections/alerts/alert-rules';
import { alertsProjection } from '../../projections/alerts/alerts.projection';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import { dayFromIso } from '../../domain/calendar/calendar-day';
import { foldDocuments } from '../../projections/projection';
import { AlertLedger } from '../../src/alerts/alert-ledger';
import { AlertProcessManager } from '../../src/alerts/alert.process-manager';
import { verifyStore } from '../../src/audit/chain-check';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { ReadModels } from '../../src/read-side/read-models';
import { openBody } from '../cases/e2e-helpers';
import { startEsdbTestServer, type EsdbTestServer } from '../esdb/esdb-test-server';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  alertIdsStoredTwice,
  allEvents,
  cleanCaseFiles,
  expectedAnswers,
  OPINION,
  report,
  TODAY,
} from './reliability-support';
import { expectReadModelsToEqual } from '../support/read-model-check';

/**
 * Two instances of the app on one store: a shared SQLite file, then one EventStoreDB (the gRPC test
 * server). Writes go to them alternately, then to both at once, on the same cases; each instance
 * reads its own writes at once and the other's once its runner catches up. In the end both read
 * sides hold the documents a clean replay gives, answer every read alike, the chains verify, and
 * every alert the rules make due is stored once, though both instances' process managers judge it.
 */

const CASES = 6;
const CONCURRENT = 40;
const READS = ['/cases', '/opinions', '/countries', '/authorities', '/alerts'];
const range = (n: number) => Array.from({ length: n }, (_x, i) => i);

const STORY = (n: number): Array<{ type: string; data: Record<string, unknown> }> => [
  {
    type: 'UnOpinionAdopted',
    data: { opinionId: OPINION, mechanism: 'WGAD', occurredOn: '2021-09', calls: ['release', 'compensation'] },
  },
  { type: 'PersonArrested', data: { personIds: ['ann-a', 'bob-b'], occurredOn: '2018-10' } },
  {
    type: 'InquirySent',
    data: { inquiryId: `early-${n}`, occurredOn: '2023-09-01', to: 'Ombudsman', channel: 'email', question: '?' },
  },
];

async function scenario(a: TestApp, b: TestApp, prefix: string): Promise<Record<string, number>> {
  const apps = [a, b];
  const store = a.app.get<symbol, EventStore>(EVENT_STORE);
  const cases = range(CASES).map((i) => `${prefix}-${i}`);
  let turn = 0;
  for (const [n, caseId] of cases.entries()) {
    const opener = apps[turn++ % 2];
    expect((await opener.http.post('/cases').set(opener.bearer('recorder')).send(openBody(caseId))).status).toBe(201);
    for (const event of STORY(n)) {
      const writer = apps[turn++ % 2];
      const res = await writer.http.post(`/cases/${caseId}/events`).set(writer.bearer('recorder')).send(event);
      expect(res.status).toBe(201);
      // Read-your-writes on the instance written to: its answer waited for its own read side.
      expect((await writer.http.get(`/cases/${caseId}`)).body.revision).toBe(res.body.revision);
    }
  }
  const answers = await Promise.all(
    range(CONCURRENT).map((i) =>
      apps[i % 2].http
        .post(`/cases/${cases[i % CASES]}/events`)
        .set(apps[i % 2].bearer('recorder'))
        .send({
          type: 'InquirySent',
          data: { inquiryId: `c-${i}`, occurredOn: '2023-09-20', to: 'Prosecutor', channel: 'writing', question: '?' },
        }),
    ),
  );
  expect(answers.filter((r) => r.status !== 201).map((r) => `${r.status} ${JSON.stringify(r.body)}`)).toEqual([]);

  // Both process managers have judged everything; then both read sides reach the store's head.
  for (const t of apps) await t.app.get(AlertProcessManager).settled();
  const head = (await store.headPosition())!;
  for (const t of apps) expect(await t.app.get(ReadModels).waitFor(head, 20_000)).toBe(true);

  const events = await allEvents(store);
  expect(await verifyStore(store)).toMatchObject({ ok: true, events: events.length });
  expect(alertIdsStoredTwice(events)).toEqual([]);
  const files = cleanCaseFiles(events);
  const opened = [...files.values()].filter((f) => f.opened).sort((x, y) => (x.caseId < y.caseId ? -1 : 1));
  const options = { inquiryResponseDays: 10, casesRecording: casesByOpinion(opened) };
  const due = new Set(opened.flatMap((f) => alertsDue(f, dayFromIso(TODAY), options)).map((x) => x.alertId));
  const stored = events.filter((e) => e.stream === 'alerts').map((e) => (e.data as { alertId: string }).alertId);
  expect(new Set(stored)).toEqual(due);
  expect(stored.length).toBeGreaterThanOrEqual(2 * CASES);

  for (const projection of [caseFilesProjection, alertsProjection]) {
    const clean = foldDocuments(projection as typeof alertsProjection, events);
    for (const t of apps) expectReadModelsToEqual(t.app.get(ReadModels), projection as typeof alertsProjection, clean);
  }
  const expected = expectedAnswers(files);
  for (const path of [...READS, ...cases.map((c) => `/cases/${c}`)]) {
    const [fromA, fromB] = await Promise.all(apps.map((t) => t.http.get(path)));
    expect([fromA.status, fromB.status]).toEqual([200, 200]);
    expect(fromB.body).toEqual(fromA.body);
    if (path === '/cases') expect(fromA.body).toEqual(expected.cases);
    if (path === '/opinions') expect(fromA.body).toEqual(expected.opinions);
  }
  return {
    events: events.length,
    alerts: stored.length,
    alertRacesLost: apps.reduce((sum, t) => sum + t.app.get(AlertLedger).racesLost, 0),
  };
}

describe('two instances on one SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-reliability-two-sqlite-'));
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const t of apps) await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('both take writes and serve reads; read models converge to a clean replay; each alert stored once', async () => {
    for (const name of ['a', 'b']) {
      apps.push(
        await startTestApp({ SQLITE_PATH: join(dir, 'events.db'), READ_MODEL_PATH: join(dir, name, 'read-models.db') }),
      );
    }
    report('two-instances-sqlite', await scenario(apps[0], apps[1], 'two-sqlite'));
  }, 120_000);
});

describe('two instances on one EventStoreDB (gRPC test server)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-reliability-two-esdb-'));
  let server: EsdbTestServer;
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const t of apps) await t.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('both take writes and serve reads; read models converge to a clean replay; each alert stored once', async () => {
    server = await startEsdbTestServer();
    for (const name of ['a', 'b']) {
      const env = { EVENT_STORE: 'esdb', ESDB_CONNECTION_STRING: server.connectionString };
      apps.push(await startTestApp({ ...env, READ_MODEL_PATH: join(dir, name, 'read-models.db') }));
    }
    report('two-instances-esdb', await scenario(apps[0], apps[1], 'two-esdb'));
  }, 120_000);
});

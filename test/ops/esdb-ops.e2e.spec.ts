import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { ProjectionRunner } from '../../src/read-side/projection-runner';
import { startEsdbTestServer, type EsdbTestServer } from '../esdb/esdb-test-server';
import { startTestApp, type TestApp } from '../support/test-app';

/** Readiness and lag on EventStoreDB, whose positions are byte offsets: no event counts, seconds only. */
describe('operations on EventStoreDB (gRPC test server)', () => {
  let server: EsdbTestServer;
  let t: TestApp;
  beforeAll(async () => {
    server = await startEsdbTestServer({ positionOffset: 2n ** 60n });
    t = await startTestApp({
      EVENT_STORE: 'esdb',
      ESDB_CONNECTION_STRING: server.connectionString,
      READY_MAX_LAG_EVENTS: '1',
    });
  });
  afterAll(async () => {
    await t?.close();
    await server?.stop();
  });

  it('counts appends, reports lag in seconds only, and judges readiness by reading past the checkpoint', async () => {
    const opened = await t.http
      .post('/cases')
      .set(t.bearer('recorder'))
      .send({ caseId: 'esdb-ops', title: 'E', country: 'KZ', subjects: [{ personId: 'p-1', name: 'P' }] });
    expect(opened.status).toBe(201);
    expect((await t.http.get('/health/ready')).status).toBe(200);
    let metrics = (await t.http.get('/metrics')).text;
    expect(metrics).toMatch(/^ledger_events_appended_total\{type="CaseOpened"\} 1$/m);
    expect(metrics).toMatch(/^ledger_projection_lag_seconds\{projection="case-files"\} 0$/m);
    expect(metrics).not.toMatch(/^ledger_projection_lag_events\{/m);

    await t.app.get(ProjectionRunner).onApplicationShutdown();
    const store = t.app.get<EventStore>(EVENT_STORE);
    for (let n = 0; n < 2; n++) {
      await store.appendToStream(`esdb-lag-${n}`, [{ eventId: randomUUID(), type: 'Probe', data: { n } }]);
    }
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.error.readModels.late).toEqual([
      { projection: 'case-files', behindBy: 'more than 1 event' },
      { projection: 'case-search', behindBy: 'more than 1 event' },
      { projection: 'alerts', behindBy: 'more than 1 event' },
    ]);
    metrics = (await t.http.get('/metrics')).text;
    expect(metrics).toMatch(/^ledger_projection_lag_seconds\{projection="case-files"\} [0-9.e-]+$/m);
    expect(metrics).not.toMatch(/^ledger_projection_lag_events\{/m);
  });
});

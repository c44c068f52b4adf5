import { foldDocuments } from '../../projections/projection';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import { EVENT_STORE, type EventStore, type StoredEvent } from '../../src/event-store/event-store.port';
import { EventRecorded } from '../../src/read-side/event-recorded';
import { ReadModels } from '../../src/read-side/read-models';
import { EventBus } from '@nestjs/cqrs';
import { startTestApp, type TestApp } from '../support/test-app';
import { exampleItems, generatedItems, importAll, prng } from '../read-side/read-side-fixtures';
import { startEsdbTestServer, type EsdbTestServer } from './esdb-test-server';
import { expectReadModelsToEqual } from '../support/read-model-check';

/** The whole app on EVENT_STORE=esdb, through the real client, against the gRPC test server. */
describe('the app on EventStoreDB (gRPC test server)', () => {
  let server: EsdbTestServer;
  let t: TestApp;
  let store: EventStore;
  const published: StoredEvent[] = [];

  async function caughtUp(): Promise<void> {
    const head = await store.headPosition();
    if (head) expect(await t.app.get(ReadModels).waitFor(head, 10_000)).toBe(true);
  }

  beforeAll(async () => {
    server = await startEsdbTestServer({ positionOffset: 2n ** 60n });
    server.appendSystemEvents(5);
    t = await startTestApp({ EVENT_STORE: 'esdb', ESDB_CONNECTION_STRING: server.connectionString });
    store = t.app.get(EVENT_STORE);
    t.app.get(EventBus).subscribe((e) => e instanceof EventRecorded && published.push(e.event));
  });
  afterAll(async () => {
    await t?.close();
    await server?.stop();
  });

  it('imports the worked example and reads its figures over HTTP', async () => {
    await importAll(store, exampleItems());
    await caughtUp();
    const opinion = await t.http.get('/opinions/A%2FHRC%2FWGAD%2F2021%2F33').query({ asOf: '2023-09-26' });
    expect(opinion.status).toBe(200);
    expect(opinion.body).toMatchObject({
      status: 'not_implemented',
      grade: 'D',
      daysSinceAdoption: { min: 726, max: 755 },
      followUpOverdue: true,
      custody: { imprisoned: 3, restricted_freedom: 6 },
    });
    expect(opinion.headers['x-checkpoint']).toMatch(/^\d+\/\d+$/);
    const recorded = await t.http
      .post('/cases/kz-whatsapp-group-2018/events')
      .set(t.bearer('recorder'))
      .send({ type: 'StateFollowUpReplied', data: { opinionId: 'A/HRC/WGAD/2021/33', occurredOn: '2023-09-26' } });
    expect(recorded.status).toBe(201);
    expect(recorded.headers['x-read-side-lagging']).toBeUndefined();
    const after = await t.http.get('/opinions/A%2FHRC%2FWGAD%2F2021%2F33').query({ asOf: '2023-09-26' });
    expect(after.body.followUpOverdue).toBe(false);
  });

  it('resumes after dropped subscriptions with no gap and no duplicate', async () => {
    const items = generatedItems('esdb', 30, 12, prng(7));
    const importing = importAll(store, items);
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 60));
      server.dropSubscriptions();
    }
    await importing;
    await caughtUp();
    const all: StoredEvent[] = [];
    for (let page = await store.readAll({ maxCount: 500 }); page.length;) {
      all.push(...page);
      page = await store.readAll({ after: page[page.length - 1].position, maxCount: 500 });
    }
    expect(published.map((e) => e.eventId)).toEqual(all.map((e) => e.eventId));
    const clean = foldDocuments(caseFilesProjection, all);
    expectReadModelsToEqual(t.app.get(ReadModels), caseFilesProjection, clean);
  });
});

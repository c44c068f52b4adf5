import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { ProjectionRunner } from '../../src/read-side/projection-runner';
import { startTestApp, type TestApp } from '../support/test-app';

const opened = (caseId: string) => ({
  caseId,
  title: 'Health',
  country: 'KZ',
  subjects: [{ personId: 'p-1', name: 'P' }],
});

describe('health', () => {
  describe('a running app', () => {
    let t: TestApp;
    beforeAll(async () => (t = await startTestApp({ READS_REQUIRE_KEY: 'true' })));
    afterAll(() => t.close());

    it('answers /health without a key, even when reads need one, and with any key', async () => {
      const anonymous = await t.http.get('/health');
      expect(anonymous.status).toBe(200);
      expect(anonymous.body).toMatchObject({ status: 'ok', info: { eventStore: { status: 'up', head: 'empty' } } });
      expect((await t.http.get('/health').set(t.bearer('viewer'))).status).toBe(200);
      expect((await t.http.get('/cases')).status).toBe(401);
    });

    it('is ready once the read models have applied what the store holds', async () => {
      expect((await t.http.post('/cases').set(t.bearer('recorder')).send(opened('ready-1'))).status).toBe(201);
      const ready = await t.http.get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.info.readModels).toMatchObject({
        status: 'up',
        maxLagEvents: 1000,
        projections: [
          { name: 'case-files', checkpoint: expect.stringMatching(/^\d+\/\d+$/) },
          { name: 'case-search', checkpoint: expect.stringMatching(/^\d+\/\d+$/) },
          { name: 'alerts', checkpoint: expect.stringMatching(/^\d+\/\d+$/) },
        ],
      });
      expect(ready.body.info.eventStore.head).toBe(ready.body.info.readModels.projections[0].checkpoint);
    });
  });

  describe('read models behind the store', () => {
    let t: TestApp;
    beforeAll(async () => (t = await startTestApp({ READY_MAX_LAG_EVENTS: '2' })));
    afterAll(() => t.close());

    it('stays live but is not ready when a read model is more than READY_MAX_LAG_EVENTS behind', async () => {
      expect((await t.http.post('/cases').set(t.bearer('recorder')).send(opened('lag-1'))).status).toBe(201);
      // Stop the projections, then write past them straight into the store.
      await t.app.get(ProjectionRunner).onApplicationShutdown();
      const store = t.app.get<EventStore>(EVENT_STORE);
      const append = (n: number) =>
        store.appendToStream(`lag-stream-${n}`, [{ eventId: randomUUID(), type: 'Probe', data: { n } }]);
      await append(1);
      await append(2);
      expect((await t.http.get('/health/ready')).status).toBe(200); // 2 behind: within the limit
      await append(3);
      const ready = await t.http.get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({
        status: 'error',
        error: {
          readModels: {
            status: 'down',
            late: [
              { projection: 'case-files', behindBy: 'more than 2 events' },
              { projection: 'case-search', behindBy: 'more than 2 events' },
              { projection: 'alerts', behindBy: 'more than 2 events' },
            ],
          },
        },
      });
      expect((await t.http.get('/health')).status).toBe(200);
    });
  });

  describe('an unreachable store', () => {
    let t: TestApp;
    beforeAll(async () => (t = await startTestApp()));
    afterAll(() => t.close());

    it('answers 503 on /health and /health/ready', async () => {
      await t.app.get(ProjectionRunner).onApplicationShutdown();
      await t.app.get<EventStore>(EVENT_STORE).close();
      const live = await t.http.get('/health');
      expect(live.status).toBe(503);
      expect(live.body).toMatchObject({ status: 'error', error: { eventStore: { status: 'down' } } });
      expect((await t.http.get('/health/ready')).status).toBe(503);
    });
  });
});

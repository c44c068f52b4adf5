import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertsProjection } from '../../projections/alerts/alerts.projection';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import { foldDocuments } from '../../projections/projection';
import { ProjectionRunner } from '../../src/read-side/projection-runner';
import { ReadModels } from '../../src/read-side/read-models';
import { alertsSettled, eventually, storeOf } from '../alerts/alerts-support';
import { openBody } from '../cases/e2e-helpers';
import { expectReadModelsToEqual } from '../support/read-model-check';
import { startTestApp, type TestApp } from '../support/test-app';
import { allEvents } from './reliability-support';

/**
 * Two servers given one READ_MODEL_PATH would each store their checkpoints over the other's documents. The last to
 * start keeps the file; the other stops projecting at its next commit, says why, and is not ready.
 */
describe('two instances given one READ_MODEL_PATH', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-shared-read-models-'));
  const env = { SQLITE_PATH: join(dir, 'events.db'), READ_MODEL_PATH: join(dir, 'read-models.db') };
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const t of apps) await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the last to start keeps the file; the first stops writing it, names the other, and is not ready', async () => {
    const first = await startTestApp(env);
    apps.push(first);
    expect((await first.http.post('/cases').set(first.bearer('recorder')).send(openBody('shared-a'))).status).toBe(201);
    expect((await first.http.get('/health/ready')).status).toBe(200);

    const second = await startTestApp(env);
    apps.push(second);
    const inquiry = { inquiryId: 'q-1', occurredOn: '2023-09-01', to: 'Prosecutor', channel: 'writing', question: '?' };
    const res = await second.http
      .post('/cases/shared-a/events')
      .set(second.bearer('recorder'))
      .send({ type: 'InquirySent', data: inquiry });
    expect(res.status).toBe(201);
    expect((await second.http.get('/cases/shared-a')).body.revision).toBe(res.body.revision);

    const notReady = await eventually(async () => {
      const ready = await first.http.get('/health/ready').set(first.bearer('viewer'));
      return ready.status === 503 && ready;
    }, 'the first instance to notice the second');
    const secondWriter = second.app.get(ProjectionRunner).instance;
    expect(notReady.body.details.readModels).toMatchObject({ status: 'down', takenOverBy: secondWriter });
    // An anonymous prober learns that it is down, not the host, process id or file path behind it.
    const anonymous = await first.http.get('/health/ready');
    expect(anonymous.status).toBe(503);
    const told = JSON.stringify(anonymous.body);
    expect([told.includes(`pid ${process.pid}`), told.includes(dir), anonymous.body.details.readModels.status]).toEqual(
      [false, false, 'down'],
    );
    expect(first.app.get(ProjectionRunner).lastError).toMatch(/READ_MODEL_PATH .* written by another instance/);

    await alertsSettled(second.app);
    expect((await second.http.get('/health/ready')).status).toBe(200);
    // Nothing of the first's after the second started: the file holds a clean fold of the store.
    const events = await allEvents(storeOf(second.app));
    for (const projection of [caseFilesProjection, alertsProjection]) {
      const clean = foldDocuments(projection as typeof alertsProjection, events);
      expectReadModelsToEqual(second.app.get(ReadModels), projection as typeof alertsProjection, clean);
    }
  }, 60_000);
});

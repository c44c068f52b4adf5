import { join } from 'node:path';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { formatPosition, parsePosition } from '../../src/event-store/position';
import { ProjectionRunner } from '../../src/read-side/projection-runner';
import { ReadModelDb } from '../../src/read-side/read-model.db';
import { ReadModelWriter } from '../../src/read-side/read-model-writer';
import { ReadModels } from '../../src/read-side/read-models';
import { startTestApp, type TestApp } from '../support/test-app';
import { EXAMPLE_DAY, OPINION_ID, WHATSAPP_CASE, exampleItems, importAll } from './read-side-fixtures';

/**
 * A write answers once the read side shows it, so the next read sees it; when the read side is
 * stalled, the write still answers 201 after the bounded wait and says the read side lags.
 */
describe('read side: read your writes', () => {
  let t: TestApp;
  const opinionPath = `/opinions/${encodeURIComponent(OPINION_ID)}`;

  beforeAll(async () => {
    t = await startTestApp();
    const store = t.app.get<EventStore>(EVENT_STORE);
    await importAll(store, exampleItems());
    expect(await t.app.get(ReadModels).waitFor((await store.headPosition())!, 5000)).toBe(true);
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  const record = (type: string, data: Record<string, unknown>, caseId = WHATSAPP_CASE) =>
    t.http.post(`/cases/${caseId}/events`).set(t.bearer('recorder')).send({ type, data });

  it('shows a recorded event on the very next read, at the checkpoint the write answered with', async () => {
    const res = await record('InquirySent', {
      inquiryId: 'ryw-ombudsman',
      occurredOn: '2023-09-26',
      to: 'Ombudsman',
      channel: 'email',
      question: 'Will the opinion be implemented?',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ caseId: WHATSAPP_CASE, revision: 26 });
    expect(res.headers['x-read-side-lagging']).toBeUndefined();
    const written = res.headers['x-checkpoint'] as string;
    expect(written).toBe(formatPosition((await t.app.get<EventStore>(EVENT_STORE).headPosition())!));

    const page = await t.http.get(`/cases/${WHATSAPP_CASE}`);
    expect(page.headers['x-checkpoint']).toBe(written);
    expect(page.body.revision).toBe(26);
    expect(page.body.inquiries.map((i: { inquiryId: string }) => i.inquiryId)).toContain('ryw-ombudsman');
    const authorities = await t.http.get('/authorities').query({ asOf: EXAMPLE_DAY });
    expect(authorities.body.map((a: { authority: string }) => a.authority)).toContain('Ombudsman');
  });

  it('shows a new case at once, and the effect of a write on a cached answer', async () => {
    const before = await t.http.get(opinionPath).query({ asOf: EXAMPLE_DAY });
    expect(before.body.grade).toBe('D');

    const opened = await t.http
      .post('/cases')
      .set(t.bearer('recorder'))
      .send({
        caseId: 'kz-ryw-new-case',
        title: 'Opened for read-your-writes',
        country: 'KZ',
        subjects: [{ personId: 'a-b', name: 'A B' }],
      });
    expect(opened.status).toBe(201);
    expect(opened.headers['x-read-side-lagging']).toBeUndefined();
    expect((await t.http.get('/cases/kz-ryw-new-case')).status).toBe(200);

    const replied = await record('StateFollowUpReplied', { opinionId: OPINION_ID, occurredOn: '2023-09-20' });
    expect(replied.status).toBe(201);
    const after = await t.http.get(opinionPath).query({ asOf: EXAMPLE_DAY });
    expect(after.body).toMatchObject({ grade: 'C', followUpOverdue: false });
    expect(after.headers['x-checkpoint']).toBe(replied.headers['x-checkpoint']);
  });

  it('answers 201 after about 2 s with X-Read-Side-Lagging when the read side is stalled, then catches up', async () => {
    const runner = t.app.get(ProjectionRunner);
    // The test hook: every batch commit of the read-model file fails (as on a full or locked disk).
    const commit = jest
      .spyOn(ReadModelWriter.prototype, 'commit')
      .mockImplementation(() => Promise.reject(new Error('read-model file unavailable (test)')));

    const started = Date.now();
    const res = await record('NoResponseRecorded', { inquiryId: 'ryw-ombudsman', occurredOn: '2023-09-26' });
    const waited = Date.now() - started;
    expect(res.status).toBe(201);
    expect(res.headers['x-read-side-lagging']).toBe('true');
    expect(waited).toBeGreaterThanOrEqual(1900);
    expect(waited).toBeLessThan(6000);
    expect(commit).toHaveBeenCalled();
    expect(runner.lastError).toBe('read-model file unavailable (test)');
    const stale = res.headers['x-checkpoint'] as string;
    const head = (await t.app.get<EventStore>(EVENT_STORE).headPosition())!;
    expect(parsePosition(stale).commit).toBeLessThan(head.commit);

    // Reads keep answering from what the read side has, and say which checkpoint that is.
    const page = await t.http.get(`/cases/${WHATSAPP_CASE}`);
    expect(page.status).toBe(200);
    expect(page.headers['x-checkpoint']).toBe(stale);

    // Once commits work again, the runner retries from its checkpoint and shows the write.
    commit.mockRestore();
    expect(await t.app.get(ReadModels).waitFor(head, 5000)).toBe(true);
    expect(runner.lastError).toBeUndefined();
    const caughtUp = await t.http.get(`/cases/${WHATSAPP_CASE}`);
    expect(caughtUp.headers['x-checkpoint']).toBe(formatPosition(head));
    expect(caughtUp.body.revision).toBe(res.body.revision);
    const file = new ReadModelDb(join(t.dir, 'read-models.db'));
    try {
      expect(file.checkpoint('case-files')?.position).toEqual(head);
    } finally {
      file.close();
    }
    process.stdout.write(`read-your-writes: stalled write answered 201 after ${waited} ms with X-Read-Side-Lagging\n`);
  });
});

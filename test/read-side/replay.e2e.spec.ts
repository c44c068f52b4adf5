import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EventBus } from '@nestjs/cqrs';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import { EVENT_STORE, type EventStore, type Position } from '../../src/event-store/event-store.port';
import { formatPosition } from '../../src/event-store/position';
import { SqliteEventStore } from '../../src/event-store/sqlite.event-store';
import { EventRecorded } from '../../src/read-side/event-recorded';
import { ReadModelDb } from '../../src/read-side/read-model.db';
import { ReadModels } from '../../src/read-side/read-models';
import { rebuildReadModels } from '../../src/read-side/rebuild';
import { exited, spawnTs } from '../support/child-process';
import { API_KEYS, startTestApp, type TestApp } from '../support/test-app';
import {
  EXAMPLE_DAY,
  OPINION_ID,
  WHATSAPP_CASE,
  exampleItems,
  generatedItems,
  importAll,
  prng,
} from './read-side-fixtures';

/**
 * `compliance-ledger replay` while a server runs on the same files, then restarts: without the
 * read-model file (rebuilt from the store) and with it (resumed from the checkpoint, not from zero).
 */
describe('read side: replay and restarts', () => {
  const subscriptions = jest.spyOn(SqliteEventStore.prototype, 'subscribeToAll');
  const loads = jest.spyOn(ReadModels.prototype, 'replaceAll');
  const published = jest.spyOn(EventBus.prototype, 'publishAll');
  const recordedPublished = () =>
    published.mock.calls.flatMap(([events]) => [...(events ?? [])]).filter((e) => e instanceof EventRecorded).length;

  let t: TestApp;
  let env: { SQLITE_PATH: string; READ_MODEL_PATH: string };
  let figures: Record<string, unknown>;
  let stored = 0;
  afterAll(async () => {
    await t?.close();
    jest.restoreAllMocks();
  });

  const pages = [
    `/opinions/${encodeURIComponent(OPINION_ID)}?asOf=${EXAMPLE_DAY}`,
    `/cases/${WHATSAPP_CASE}?asOf=2022-12-31`,
    `/cases/${WHATSAPP_CASE}`,
  ];
  /** What the worked example's pages answer; writes during the test go to other cases. */
  async function read(): Promise<Record<string, unknown>> {
    const answers: Record<string, unknown> = {};
    for (const page of pages) {
      const res = await t.http.get(page);
      expect({ page, status: res.status, checkpoint: typeof res.headers['x-checkpoint'] }).toEqual({
        page,
        status: 200,
        checkpoint: 'string',
      });
      answers[page] = res.body;
    }
    return answers;
  }

  const head = async (): Promise<Position> => (await t.app.get<EventStore>(EVENT_STORE).headPosition())!;
  const caughtUp = async () => expect(await t.app.get(ReadModels).waitFor(await head(), 10_000)).toBe(true);
  const until = async (condition: () => boolean, timeoutMs: number) => {
    for (const end = Date.now() + timeoutMs; !condition() && Date.now() < end;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return condition();
  };

  const eventsInStore = async () => (await t.app.get<EventStore>(EVENT_STORE).readAll({ maxCount: 10_000_000 })).length;

  beforeAll(async () => {
    t = await startTestApp();
    env = { SQLITE_PATH: join(t.dir, 'events.db'), READ_MODEL_PATH: join(t.dir, 'read-models.db') };
    const store = t.app.get<EventStore>(EVENT_STORE);
    stored += (await importAll(store, exampleItems())).stored;
    stored += (await importAll(store, generatedItems('replay', 120, 25, prng(7)))).stored;
    await caughtUp();
    figures = await read();
  });

  it('keeps answering during a replay by the CLI, then reloads the swapped-in set and answers the same', async () => {
    const loadsBefore = loads.mock.calls.length;
    const replay = spawnTs('src/cli/main.ts', ['replay'], { ...env, API_KEYS });
    let output = '';
    let rebuilding = false; // from the progress bar's first line to the exit
    replay.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    replay.stderr!.setEncoding('utf8').on('data', (chunk: string) => (rebuilding ||= chunk.includes('replay [')));
    let running = true;
    const done = exited(replay).then((code) => ((running = false), code));

    // Reads, and writes to other cases, while the CLI loads, rebuilds and swaps.
    let answered = 0;
    let answeredWhileRebuilding = 0;
    let slowest = 0;
    let written = 0;
    for (let i = 0; running; i++) {
      const asked = Date.now();
      const during = rebuilding;
      expect(await read()).toEqual(figures);
      slowest = Math.max(slowest, Date.now() - asked);
      answered++;
      if (during && running) answeredWhileRebuilding++;
      if (i % 3 === 0) {
        const res = await t.http
          .post(`/cases/gen-replay-${i % 120}/events`)
          .set(t.bearer('recorder'))
          .send({
            type: 'InquirySent',
            data: {
              inquiryId: `during-replay-${i}`,
              occurredOn: '2023-09-01',
              to: 'Ombudsman',
              channel: 'email',
              question: '?',
            },
          });
        expect(res.status).toBe(201);
        written++;
      }
    }
    expect(await done).toBe(0);
    stored += written;
    expect(output).toMatch(
      /^replayed \d+ events in [\d.]+ s \(\d+ events\/s\); checkpoint \d+\/\d+; generation 1; \d+ documents read back; \d+ thread\(s\); copied into place\n$/,
    );
    expect(answeredWhileRebuilding).toBeGreaterThan(0);
    process.stdout.write(
      `replay while serving: ${answered} rounds of reads (${answeredWhileRebuilding} while rebuilding), ` +
        `${written} writes, slowest round ${slowest} ms; ${output}`,
    );

    // The server has reloaded the swapped-in set (by its generation check, or when a commit was refused).
    expect(await until(() => loads.mock.calls.length > loadsBefore, 5000)).toBe(true);
    await caughtUp();
    expect(await read()).toEqual(figures);
    const file = new ReadModelDb(env.READ_MODEL_PATH);
    try {
      expect(file.generation()).toBe(1);
      expect(file.checkpoint('case-files')?.position).toEqual(await head());
    } finally {
      file.close();
    }
    const list = await t.http.get('/cases');
    expect(list.headers['x-checkpoint']).toBe(formatPosition(await head()));
  });

  it('reloads after a replay (rebuildReadModels) even when nothing is written afterwards', async () => {
    await caughtUp();
    const loadsBefore = loads.mock.calls.length;
    const subscriptionsBefore = subscriptions.mock.calls.length;
    const report = await rebuildReadModels(
      t.app.get<EventStore>(EVENT_STORE),
      [caseFilesProjection],
      env.READ_MODEL_PATH,
    );
    // Every event of the store: the cases' and the alerts the process manager raised from them.
    expect(report).toMatchObject({ events: await eventsInStore(), generation: 2, checkpoint: await head() });
    expect(report.events).toBeGreaterThan(stored);
    expect(await until(() => loads.mock.calls.length > loadsBefore, 5000)).toBe(true);
    expect(await read()).toEqual(figures);
    // Once reloaded, the runner follows the store again from one subscription, not one per check.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(subscriptions.mock.calls.length - subscriptionsBefore).toBe(1);
    expect(loads.mock.calls.length - loadsBefore).toBe(1);
  });

  it('with no server running, renames the rebuilt file into place, and a server started on it answers the same', async () => {
    await caughtUp();
    await t.close();
    const replay = spawnTs('src/cli/main.ts', ['replay'], { ...env, API_KEYS });
    let output = '';
    replay.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    expect(await exited(replay)).toBe(0);
    expect(output).toMatch(/; generation 3; \d+ documents read back; \d+ thread\(s\); renamed into place\n$/);
    t = await startTestApp({ ...env });
    await caughtUp();
    expect(await read()).toEqual(figures);
  });

  it('rebuilds the read-model file from the store when it was deleted', async () => {
    await t.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(env.READ_MODEL_PATH + suffix, { force: true });
    expect(existsSync(env.READ_MODEL_PATH)).toBe(false);
    const before = recordedPublished();
    subscriptions.mockClear();

    t = await startTestApp({ ...env });
    await caughtUp();
    expect(subscriptions.mock.calls[0][0]).toMatchObject({ after: 'start' });
    expect(recordedPublished() - before).toBe(await eventsInStore());
    expect(await read()).toEqual(figures);
  });

  it('resumes from the stored checkpoint on a restart, without replaying from zero', async () => {
    const checkpoint = await head();
    await t.close();
    const before = recordedPublished();
    subscriptions.mockClear();

    t = await startTestApp({ ...env });
    expect(t.app.get(ReadModels).reflects(checkpoint)).toBe(true);
    expect(subscriptions.mock.calls[0][0]).toEqual({ after: checkpoint, maxBatch: expect.any(Number) });
    expect(await read()).toEqual(figures);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(recordedPublished() - before).toBe(0);

    const res = await t.http
      .post(`/cases/${WHATSAPP_CASE}/events`)
      .set(t.bearer('recorder'))
      .send({ type: 'StateFollowUpReplied', data: { opinionId: OPINION_ID, occurredOn: '2023-09-26' } });
    expect(res.status).toBe(201);
    expect(res.headers['x-read-side-lagging']).toBeUndefined();
    expect(recordedPublished() - before).toBe(1);
    const opinion = await t.http.get(pages[0]);
    expect(opinion.body).toMatchObject({ followUpOverdue: false, grade: 'C' });
  });
});

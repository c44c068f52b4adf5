import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigType } from '@nestjs/config';
import { alertsDue, casesByOpinion } from '../../projections/alerts/alert-rules';
import type { CaseFile } from '../../domain/case/case-file';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import { dayFromIso } from '../../domain/calendar/calendar-day';
import { AlertLedger } from '../../src/alerts/alert-ledger';
import { AlertProcessManager } from '../../src/alerts/alert.process-manager';
import { appConfig } from '../../src/config/app.config';
import { EsdbEventStore } from '../../src/event-store/esdb.event-store';
import type { EventStore } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite.event-store';
import { ReadModels } from '../../src/read-side/read-models';
import { deliveryIdOf } from '../../src/webhooks/webhook-delivery';
import { WebhookSender } from '../../src/webhooks/webhook-sender';
import { startEsdbTestServer, type EsdbTestServer } from '../esdb/esdb-test-server';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  alertEvents,
  alertIdsOf,
  alertsSettled,
  eventually,
  EXAMPLE_ITEMS,
  importInto,
  storeOf,
} from './alerts-support';
import { WebhookReceiver } from './webhook-receiver';

const CASES = 30;
const caseId = (n: number) => `gen-${String(n).padStart(3, '0')}`;

/** 30 cases, each with an opinion of early 2016 and an inquiry: 9 alerts each as of 26 September 2023. */
function generatedItems(): unknown[] {
  return Array.from({ length: CASES }, (_, i) => {
    const id = caseId(i);
    return [
      {
        caseId: id,
        type: 'CaseOpened',
        data: { title: `Case ${i}`, country: 'KZ', subjects: [{ personId: 'person-a', name: 'A' }] },
      },
      {
        caseId: id,
        type: 'UnOpinionAdopted',
        data: { opinionId: `GEN/2016/${i}`, mechanism: 'WGAD', occurredOn: `2016-0${1 + (i % 3)}`, calls: ['release'] },
      },
      {
        caseId: id,
        type: 'InquirySent',
        data: { inquiryId: `q-${i}`, occurredOn: '2023-09-01', to: 'Ministry', channel: 'writing', question: '?' },
      },
    ];
  }).flat();
}

/** What a single judge would raise over the whole ledger as of the day. */
function expectedIds(t: TestApp, asOf: string): string[] {
  const files = [...t.app.get(ReadModels).all<CaseFile>(caseFilesProjection.name).values()].filter((f) => f.opened);
  const casesRecording = casesByOpinion(files);
  return files.flatMap((f) =>
    alertsDue(f, dayFromIso(asOf), { inquiryResponseDays: 10, casesRecording }).map((a) => a.alertId),
  );
}

interface Backend {
  env(): Record<string, string>;
  openStore(): EventStore;
  stop(): Promise<void>;
}

async function sqliteBackend(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-alerts-2x-'));
  return {
    env: () => ({ SQLITE_PATH: join(dir, 'events.db') }),
    openStore: () => new SqliteEventStore(join(dir, 'events.db')),
    stop: async () => undefined,
  };
}

async function esdbBackend(): Promise<Backend> {
  const server: EsdbTestServer = await startEsdbTestServer();
  return {
    env: () => ({ EVENT_STORE: 'esdb', ESDB_CONNECTION_STRING: server.connectionString }),
    openStore: () => new EsdbEventStore(server.connectionString),
    stop: () => server.stop(),
  };
}

describe.each([
  ['SQLite (one file)', sqliteBackend],
  ['EventStoreDB (the in-process test server)', esdbBackend],
])('two instances judging alerts at once on %s', (_name, makeBackend) => {
  let backend: Backend;
  let a: TestApp;
  let b: TestApp;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    backend = await makeBackend();
    await receiver.start();
    // Read models per instance; the webhook outbox beside them is one file, shared as on one machine.
    const dir = mkdtempSync(join(tmpdir(), 'ledger-alerts-2x-'));
    const webhooks = {
      ALERT_WEBHOOK_URLS: receiver.url('/hook'),
      ALERT_WEBHOOK_SECRET: 'two-instances-secret-0123456789',
      ALERT_WEBHOOK_BASE_DELAY_MS: '20',
      ALERT_WEBHOOK_MAX_DELAY_MS: '200',
    };
    const env = (name: string) => ({
      ...backend.env(),
      ...webhooks,
      READ_MODEL_PATH: join(dir, `read-models-${name}.db`),
    });
    const store = backend.openStore();
    await importInto(store, [...EXAMPLE_ITEMS, ...generatedItems()]);
    await store.close();
    // Each its own read models (they are per instance), the same store; started together, so their start-up
    // evaluations run at the same time.
    [a, b] = await Promise.all([startTestApp(env('a')), startTestApp(env('b'))]);
    await alertsSettled(a.app, b.app);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await backend?.stop();
    await receiver.stop();
  });

  const storedIds = async () => alertIdsOf(await alertEvents(storeOf(a.app)));

  it('stores each alert of the start-up evaluations once', async () => {
    const ids = await storedIds();
    expect(ids).toHaveLength(4 + CASES * 9);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(expectedIds(a, '2023-09-26')));
  });

  it('stores each alert once when both judge the events recorded on either', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? a : b).http
          .post(`/cases/${caseId(i)}/events`)
          .set(a.bearer('recorder'))
          .send({
            type: 'InquirySent',
            data: { inquiryId: `late-${i}`, occurredOn: '2023-09-02', to: 'Court', channel: 'writing', question: '?' },
          })
          .expect(201),
      ),
    );
    await alertsSettled(a.app, b.app);
    const ids = await storedIds();
    expect(ids).toHaveLength(4 + CASES * 9 + 10);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stores each alert once when both judge at the same moment with overlapping findings', async () => {
    // Their clocks straddle a day: b still judges 15 February, a already 31 March, so b finds a part of what a
    // finds. Both append at the revision they read; the one that comes second conflicts, reads again and drops
    // what the other stored. (Identical findings would not conflict: the store takes the same events at the same
    // place as an idempotent re-append and writes nothing, which EventStoreDB reports as a success.)
    const racesBefore = a.app.get(AlertLedger).racesLost + b.app.get(AlertLedger).racesLost;
    a.app.get<ConfigType<typeof appConfig>>(appConfig.KEY).now = '2024-03-31';
    b.app.get<ConfigType<typeof appConfig>>(appConfig.KEY).now = '2024-02-15';
    a.app.get(AlertProcessManager).evaluateAll();
    b.app.get(AlertProcessManager).evaluateAll();
    await alertsSettled(a.app, b.app);

    const ids = await storedIds();
    expect(new Set(ids).size).toBe(ids.length);
    // An eighth anniversary per generated case, the example's second and its two remaining inquiries: the same set
    // a single judge would raise as of the later day.
    expect(new Set(ids)).toEqual(new Set(expectedIds(a, '2024-03-31')));
    expect(a.app.get(AlertLedger).racesLost + b.app.get(AlertLedger).racesLost).toBeGreaterThan(racesBefore);
    for (const t of [a, b]) {
      const listed = (await t.http.get('/alerts').expect(200)).body as unknown[];
      expect(listed).toHaveLength(ids.length);
    }
  });

  it('sends each alert once between them, through the outbox file they share', async () => {
    const url = receiver.url('/hook');
    const expected = alertIdsOf(await alertEvents(storeOf(a.app))).map((id) => deliveryIdOf(id, url));
    await eventually(() => receiver.accepted().length >= expected.length, 'every alert delivered', 15_000);
    // A moment more, so a second sending of anything would have arrived.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const accepted = receiver.accepted();
    expect(accepted).toHaveLength(expected.length);
    expect(new Set(accepted)).toEqual(new Set(expected));
    const sent = [a, b].map((t) => t.app.get(WebhookSender).attempts.delivered);
    expect(sent[0] + sent[1]).toBe(expected.length);
  });
});

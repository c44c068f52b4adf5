import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigType } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';
import { alertEventId } from '../../src/alerts/alert-ledger';
import { AlertProcessManager } from '../../src/alerts/alert.process-manager';
import { ListAlertsHandler } from '../../src/alerts/alerts.queries';
import { appConfig } from '../../src/config/app.config';
import { SqliteEventStore } from '../../src/event-store/sqlite.event-store';
import { ReadModels } from '../../src/read-side/read-models';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  alertEvents,
  alertIdsOf,
  alertsSettled,
  EXAMPLE_ALERT_IDS,
  EXAMPLE_ITEMS,
  importInto,
  storeOf,
  WGAD,
  WHATSAPP,
} from './alerts-support';

const position = (checkpoint: string) => Number(checkpoint.split('/')[0]);

/** The worked example through the whole app: judged after events, at start-up and at the start of each day. */
describe('alerts (GET /alerts, the alert process manager)', () => {
  let t: TestApp;
  let files: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp({ NOW: '2023-09-26' });
    files = { SQLITE_PATH: join(t.dir, 'events.db'), READ_MODEL_PATH: join(t.dir, 'read-models.db') };
    await importInto(storeOf(t.app), EXAMPLE_ITEMS);
    await alertsSettled(t.app);
  });
  afterAll(() => t.close());

  it('raises the worked example’s four alerts, newest first', async () => {
    const res = await t.http.get('/alerts').expect(200);
    expect(res.headers['x-checkpoint']).toMatch(/^\d+\/\d+$/);
    expect(res.body.map((a: { alertId: string }) => a.alertId)).toEqual([...EXAMPLE_ALERT_IDS].reverse());
    expect(res.body[3]).toMatchObject({
      rule: 'opinion.follow_up_overdue',
      caseId: WHATSAPP,
      opinionId: WGAD,
      asOf: '2023-09-26',
      followUpDueOn: { earliest: '2022-03-01', latest: '2022-03-30' },
      revision: 0,
    });
    expect(Date.parse(res.body[0].raisedAt)).not.toBeNaN();
    // Answered from the read-model file: alerts grow without bound, memory holds none of them.
    expect(t.app.get(ReadModels).all('alerts').size).toBe(0);
  });

  it('stores each as an AlertRaised in the alerts stream, its alertId the idempotency key and the source of its id', async () => {
    const events = await alertEvents(storeOf(t.app));
    expect(alertIdsOf(events)).toEqual(EXAMPLE_ALERT_IDS);
    for (const event of events) {
      const alertId = (event.data as { alertId: string }).alertId;
      expect(event).toMatchObject({ type: 'AlertRaised', eventId: alertEventId(alertId) });
      expect(event.metadata).toMatchObject({ idempotencyKey: alertId, actor: 'alerts' });
    }
  });

  it('counts them in the metrics', async () => {
    const metrics = (await t.http.get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^ledger_alerts_raised_total\{kind="opinion\.follow_up_overdue"\} 1$/m);
    expect(metrics).toMatch(/^ledger_alerts_raised_total\{kind="inquiry\.unanswered"\} 2$/m);
  });

  it('filters by rule, case and opinion, and names a bad filter', async () => {
    const ids = async (query: Record<string, string>) =>
      (await t.http.get('/alerts').query(query).expect(200)).body.map((a: { alertId: string }) => a.alertId);
    expect(await ids({ rule: 'inquiry.unanswered' })).toEqual([EXAMPLE_ALERT_IDS[3], EXAMPLE_ALERT_IDS[2]]);
    expect(await ids({ caseId: WHATSAPP, rule: 'opinion.unimplemented_anniversary' })).toEqual([EXAMPLE_ALERT_IDS[1]]);
    expect(await ids({ opinionId: WGAD })).toHaveLength(4);
    expect(await ids({ caseId: 'kz-zernichenko' })).toEqual([]);
    const bad = await t.http.get('/alerts').query({ rule: 'nope', caseId: 'Not A Case' }).expect(400);
    expect(bad.body.errors).toEqual([
      'rule must be one of opinion.follow_up_overdue, opinion.unimplemented_anniversary, inquiry.unanswered, opinion.conflicting_records',
      'caseId must match ^[a-z0-9][a-z0-9-]{1,63}$',
    ]);
  });

  it('answers a page at a time: the newest `limit`, then the next page by its cursor; `before` narrows the whole list', async () => {
    const ids = (body: Array<{ alertId: string }>) => body.map((a) => a.alertId);
    const all = (await t.http.get('/alerts').expect(200)).body as Array<{ alertId: string; revision: number }>;
    expect(all).toHaveLength(4);
    const first = (await t.http.get('/alerts').query({ limit: '3' }).expect(200)).body;
    expect(ids(first.items)).toEqual(ids(all.slice(0, 3)));
    expect(first.total).toBe(4);
    const next = (await t.http.get('/alerts').query({ limit: '3', cursor: first.nextCursor }).expect(200)).body;
    expect(next).toEqual({ items: all.slice(3), total: 4, nextCursor: null });
    const older = (
      await t.http
        .get('/alerts')
        .query({ before: String(first.items[2].revision) })
        .expect(200)
    ).body;
    expect(ids(older)).toEqual(ids(all.slice(3)));
    const unanswered = await t.http.get('/alerts').query({ rule: 'inquiry.unanswered', limit: '1' }).expect(200);
    expect(ids(unanswered.body.items)).toEqual([EXAMPLE_ALERT_IDS[3]]);
    expect(unanswered.body.total).toBe(2);
    const second = await t.http
      .get('/alerts')
      .query({ rule: 'inquiry.unanswered', limit: '1', cursor: unanswered.body.nextCursor });
    expect(ids(second.body.items)).toEqual([EXAMPLE_ALERT_IDS[2]]);

    const bad = await t.http.get('/alerts').query({ limit: '501', before: '-1' }).expect(400);
    expect(bad.body.errors).toEqual([
      'limit must be a whole number from 1 to 500',
      'before narrows the whole list; a page continues with cursor',
    ]);
    await t.http.get('/alerts').query({ before: '-1' }).expect(400);
    await t.http.get('/alerts').query({ limit: '0' }).expect(400);
    await t.http.get('/alerts').query({ limit: '2.5' }).expect(400);
  });

  it('keeps its answer while no alert is raised, at the newer checkpoint, without computing it again', async () => {
    const before = await t.http.get('/alerts').expect(200);
    const computed = jest.spyOn(t.app.get(ListAlertsHandler), 'execute');
    try {
      await t.http
        .post('/cases')
        .set(t.bearer('recorder'))
        .send({
          caseId: 'kz-no-alerts',
          title: 'A case with nothing due',
          country: 'KZ',
          subjects: [{ personId: 'someone', name: 'Someone' }],
        })
        .expect(201);
      await alertsSettled(t.app);
      const kept = await t.http.get('/alerts').expect(200);
      expect(kept.headers.etag).toBe(before.headers.etag);
      expect(position(kept.headers['x-checkpoint'])).toBeGreaterThan(position(before.headers['x-checkpoint']));
      await t.http.get('/alerts').set('if-none-match', before.headers.etag).expect(304);
      expect(computed).not.toHaveBeenCalled();
    } finally {
      computed.mockRestore();
    }
  });

  it('judges a case again as soon as one of its events is recorded', async () => {
    const before = await t.http.get('/alerts').expect(200);
    await t.http
      .post(`/cases/${WHATSAPP}/events`)
      .set(t.bearer('recorder'))
      .send({
        type: 'InquirySent',
        data: { inquiryId: 'late-q', occurredOn: '2023-09-01', to: 'Ombudsman', channel: 'email', question: '?' },
      })
      .expect(201);
    await alertsSettled(t.app);
    const res = await t.http.get('/alerts').query({ rule: 'inquiry.unanswered' }).expect(200);
    expect(res.body[0]).toMatchObject({
      alertId: `inquiry.unanswered:${WHATSAPP}:late-q`,
      daysWaited: { min: 25, max: 25 },
    });
    // A new alert is a new answer, for those who had the one before too.
    await t.http.get('/alerts').set('if-none-match', before.headers.etag).expect(200);
  });

  it('runs every day at 00:00 in REPORTING_TIMEZONE and judges every case as of the new day', async () => {
    const job = t.app.get(SchedulerRegistry).getCronJob('alerts:start-of-day');
    const next = job.nextDate();
    expect([next.zoneName, next.hour, next.minute, next.second]).toEqual(['UTC', 0, 0, 0]);
    // The day turns: NOW moves on, and the daily tick finds what came due without any event.
    t.app.get<ConfigType<typeof appConfig>>(appConfig.KEY).now = '2023-09-30';
    await job.fireOnTick();
    await alertsSettled(t.app);
    const ids = alertIdsOf(await alertEvents(storeOf(t.app)));
    expect(ids.slice(5)).toEqual([
      `opinion.unimplemented_anniversary:${WHATSAPP}:${WGAD}:2`,
      `inquiry.unanswered:${WHATSAPP}:f18-2023-09-20-mfa`,
    ]);
  });

  it('raises at start-up what came due while it was down, and nothing twice', async () => {
    await t.close();
    t = await startTestApp({ ...files, NOW: '2023-10-06' });
    await alertsSettled(t.app);
    const ids = alertIdsOf(await alertEvents(storeOf(t.app)));
    expect(ids.slice(7)).toEqual([`inquiry.unanswered:${WHATSAPP}:f18-2023-09-25-nhrc`]);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await t.http.get('/alerts').expect(200)).body).toHaveLength(8);
  });

  it('on a restart the same day judges only the cases recorded since, and raises what they call for', async () => {
    expect(t.app.get(AlertProcessManager).startUpJudged).toBe('every case');
    await t.close();
    // Recorded while the server was down, as `compliance-ledger import` does.
    const store = new SqliteEventStore(files.SQLITE_PATH);
    await importInto(store, [
      {
        caseId: 'late-case',
        type: 'CaseOpened',
        data: { title: 'Recorded while down', country: 'KZ', subjects: [{ personId: 'aliya-s', name: 'Aliya S.' }] },
      },
      {
        caseId: 'late-case',
        type: 'InquirySent',
        data: {
          inquiryId: 'asked-in-august',
          occurredOn: '2023-08-01',
          to: 'Ministry of Justice',
          channel: 'writing',
          question: 'Where is she held?',
        },
      },
    ]);
    await store.close();

    t = await startTestApp({ ...files, NOW: '2023-10-06' });
    await alertsSettled(t.app);
    expect(t.app.get(AlertProcessManager).startUpJudged).toBe(1);
    const ids = alertIdsOf(await alertEvents(storeOf(t.app)));
    expect(ids.slice(8)).toEqual(['inquiry.unanswered:late-case:asked-in-august']);

    await t.close();
    t = await startTestApp({ ...files, NOW: '2023-10-06' });
    await alertsSettled(t.app);
    expect(t.app.get(AlertProcessManager).startUpJudged).toBe(0);
    expect(alertIdsOf(await alertEvents(storeOf(t.app)))).toEqual(ids);
  });

  it('judges every case again on a restart with other settings, or once the read models were rebuilt', async () => {
    await t.close();
    t = await startTestApp({ ...files, NOW: '2023-10-06', INQUIRY_RESPONSE_DAYS: '5' });
    await alertsSettled(t.app);
    expect(t.app.get(AlertProcessManager).startUpJudged).toBe('every case');

    await t.close();
    rmSync(files.READ_MODEL_PATH);
    t = await startTestApp({ ...files, NOW: '2023-10-06', INQUIRY_RESPONSE_DAYS: '5' });
    await alertsSettled(t.app);
    expect(t.app.get(AlertProcessManager).startUpJudged).toBe('every case');
    const ids = alertIdsOf(await alertEvents(storeOf(t.app)));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('schedules the day in the zone configured', async () => {
    await t.close();
    t = await startTestApp({ ...files, REPORTING_TIMEZONE: 'Asia/Almaty' });
    const next = t.app.get(SchedulerRegistry).getCronJob('alerts:start-of-day').nextDate();
    expect([next.zoneName, next.hour, next.minute]).toEqual(['Asia/Almaty', 0, 0]);
  });
});

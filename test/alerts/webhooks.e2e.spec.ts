import { join } from 'node:path';
import { WebhookSender } from '../../src/webhooks/webhook-sender';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  alertEvents,
  alertIdsOf,
  EXAMPLE_ALERT_IDS,
  EXAMPLE_ITEMS,
  eventually,
  importInto,
  storeOf,
  WHATSAPP,
} from './alerts-support';
import { signatureVerifies, WebhookReceiver } from './webhook-receiver';

const SECRET = 'webhook-secret-for-tests-0123456789';

interface DeliveryView {
  deliveryId: string;
  alertId: string;
  url: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
}

/** Alert webhooks against a real HTTP receiver: signed, retried, never lost, visible to admins. */
describe('alert webhooks', () => {
  const receiver = new WebhookReceiver();
  let t: TestApp;
  let env: Record<string, string>;

  const deliveries = async (query: Record<string, string> = {}): Promise<DeliveryView[]> =>
    (
      await t.http
        .get('/alerts/deliveries')
        .query({ limit: '1000', ...query })
        .set(t.bearer('admin'))
        .expect(200)
    ).body;

  /** A new unanswered inquiry of 1 September: one more alert as of 26 September, so one delivery per URL. */
  let inquiries = 0;
  const raiseOneMore = async (): Promise<string> => {
    const inquiryId = `q-${++inquiries}`;
    await t.http
      .post(`/cases/${WHATSAPP}/events`)
      .set(t.bearer('recorder'))
      .send({
        type: 'InquirySent',
        data: { inquiryId, occurredOn: '2023-09-01', to: 'Ombudsman', channel: 'email', question: 'Any news?' },
      })
      .expect(201);
    return `inquiry.unanswered:${WHATSAPP}:${inquiryId}`;
  };

  const expectEveryAlertDeliveredOnceToEachUrl = async () => {
    const alertIds = alertIdsOf(await alertEvents(storeOf(t.app)));
    const all = await eventually(async () => {
      const list = await deliveries();
      return list.length === alertIds.length * 2 && list.every((d) => d.status === 'delivered') && list;
    }, 'every delivery delivered');
    expect(new Set(all.map((d) => d.alertId))).toEqual(new Set(alertIds));
    const accepted = receiver.accepted();
    expect(accepted).toHaveLength(new Set(accepted).size);
    expect(new Set(accepted)).toEqual(new Set(all.map((d) => d.deliveryId)));
    return all;
  };

  beforeAll(async () => {
    await receiver.start();
    env = {
      ALERT_WEBHOOK_URLS: `${receiver.url('/a')},${receiver.url('/b')}`,
      ALERT_WEBHOOK_SECRET: SECRET,
      // Full jitter can make retries come fast: 40 attempts of up to 20 ms doubling to 300 ms last about 6 s and
      // practically never less than 3 s, well beyond the few hundred ms the receiver is down here.
      ALERT_WEBHOOK_MAX_ATTEMPTS: '40',
      ALERT_WEBHOOK_BASE_DELAY_MS: '20',
      ALERT_WEBHOOK_MAX_DELAY_MS: '300',
      ALERT_WEBHOOK_TIMEOUT_MS: '1000',
      PUBLIC_URL: 'https://ledger.example.org/',
    };
    t = await startTestApp(env);
    env = { ...env, SQLITE_PATH: join(t.dir, 'events.db'), READ_MODEL_PATH: join(t.dir, 'read-models.db') };
  });
  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  it('posts every alert to every URL, signed with the secret, with its delivery id and links', async () => {
    await importInto(storeOf(t.app), EXAMPLE_ITEMS);
    await eventually(() => receiver.accepted().length === 8, 'eight deliveries');
    for (const path of ['/a', '/b']) {
      const got = receiver.received.filter((r) => r.path === path);
      expect(got.map((r) => JSON.parse(r.body).alert.alertId).sort()).toEqual([...EXAMPLE_ALERT_IDS].sort());
    }
    for (const { headers, body } of receiver.received) {
      expect(signatureVerifies(body, headers['x-signature'], SECRET)).toBe(true);
      expect(signatureVerifies(body, headers['x-signature'], 'another-secret')).toBe(false);
      expect(headers['content-type']).toBe('application/json');
      const parsed = JSON.parse(body);
      expect(headers['x-delivery-id']).toBe(parsed.deliveryId);
      expect(headers['x-alert-id']).toBe(parsed.alert.alertId);
      expect(parsed.links.case).toBe(`https://ledger.example.org/cases/${WHATSAPP}`);
      expect(parsed.links.opinion).toBe('https://ledger.example.org/opinions/A%2FHRC%2FWGAD%2F2021%2F33');
      expect(parsed.alert).toMatchObject({ caseId: WHATSAPP, asOf: '2023-09-26', revision: expect.any(Number) });
    }
    const listed = await expectEveryAlertDeliveredOnceToEachUrl();
    expect(listed.every((d) => d.attempts === 1 && d.lastStatusCode === 200)).toBe(true);
  });

  it('shows deliveries to admins only', async () => {
    await t.http.get('/alerts/deliveries').expect(401);
    await t.http.get('/alerts/deliveries').set(t.bearer('viewer')).expect(403);
    await t.http.get('/alerts/deliveries').set(t.bearer('auditor')).expect(403);
    await t.http.post('/alerts/deliveries/x/redeliver').set(t.bearer('recorder')).expect(403);
    const bad = await t.http.get('/alerts/deliveries').query({ status: 'lost' }).set(t.bearer('admin')).expect(400);
    expect(bad.body.errors).toEqual(['status must be one of pending, delivered, dead']);
  });

  it('retries while the receiver is down, then refusing, and delivers everything once it is back', async () => {
    await receiver.stop();
    const alertIds = [await raiseOneMore(), await raiseOneMore(), await raiseOneMore()];
    const retrying = (list: DeliveryView[]) => list.filter((d) => alertIds.includes(d.alertId));
    await eventually(async () => {
      const waiting = retrying(await deliveries({ status: 'pending' }));
      return waiting.length === 6 && waiting.every((d) => d.attempts >= 2) && waiting;
    }, 'connections refused twice');
    expect(retrying(await deliveries())[0].lastError).toMatch(/ECONNREFUSED/);
    receiver.failWith = 503;
    await receiver.start();
    await eventually(() => receiver.received.some((r) => r.status === 503), 'a 503');
    receiver.failWith = undefined;
    const all = await expectEveryAlertDeliveredOnceToEachUrl();
    expect(retrying(all).every((d) => d.attempts >= 3)).toBe(true);
    const metrics = (await t.http.get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^ledger_webhook_deliveries_total\{outcome="delivered"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^ledger_webhook_failures_total\{reason="network"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^ledger_webhook_failures_total\{reason="503"\} [1-9]\d*$/m);
  });

  it('loses none when the app restarts in the middle of retrying', async () => {
    receiver.failWith = 503;
    const alertIds = [await raiseOneMore(), await raiseOneMore()];
    await eventually(async () => {
      const waiting = (await deliveries({ status: 'pending' })).filter((d) => alertIds.includes(d.alertId));
      return waiting.length === 4 && waiting.every((d) => d.attempts >= 1 && d.lastStatusCode === 503);
    }, 'first attempts refused with 503');
    await t.close();
    receiver.failWith = undefined;
    t = await startTestApp(env);
    const all = await expectEveryAlertDeliveredOnceToEachUrl();
    expect(all.filter((d) => alertIds.includes(d.alertId)).every((d) => d.attempts >= 2)).toBe(true);
  });

  it('moves a delivery to the dead-letter list after ALERT_WEBHOOK_MAX_ATTEMPTS failures, and redelivers on demand', async () => {
    await t.close();
    t = await startTestApp({ ...env, ALERT_WEBHOOK_MAX_ATTEMPTS: '3' });
    receiver.failWith = 500;
    const alertId = await raiseOneMore();
    const dead = await eventually(async () => {
      const list = await deliveries({ status: 'dead', alertId });
      return list.length === 2 && list;
    }, 'two dead letters');
    expect(dead[0]).toMatchObject({ attempts: 3, lastStatusCode: 500, lastError: 'answered 500' });
    expect(receiver.received.filter((r) => r.headers['x-alert-id'] === alertId)).toHaveLength(6);

    receiver.failWith = undefined;
    const requeued = await t.http
      .post(`/alerts/deliveries/${dead[0].deliveryId}/redeliver`)
      .set(t.bearer('admin'))
      .expect(202);
    expect(requeued.body).toMatchObject({ deliveryId: dead[0].deliveryId, status: 'pending', attempts: 0 });
    await eventually(() => receiver.accepted().includes(dead[0].deliveryId), 'the redelivered one accepted');
    const after = await deliveries({ alertId });
    expect(after.map((d) => [d.deliveryId, d.status])).toEqual(
      expect.arrayContaining([
        [dead[0].deliveryId, 'delivered'],
        [dead[1].deliveryId, 'dead'],
      ]),
    );
    await t.http.post('/alerts/deliveries/no-such-delivery/redeliver').set(t.bearer('admin')).expect(404);
    expect(t.app.get(WebhookSender).attempts.dead).toBeGreaterThanOrEqual(2);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite.event-store';
import { alertEvents, alertIdsOf, EXAMPLE_ALERT_IDS, EXAMPLE_ITEMS, importInto } from '../alerts/alerts-support';
import { signatureVerifies, WebhookReceiver } from '../alerts/webhook-receiver';
import { API_KEYS, KEYS } from '../support/test-app';
import { ChildServer, compileServer } from './child-server';
import { sleep, TODAY } from './reliability-support';

const SECRET = 'webhook-secret-for-the-crash-test-0123';

interface DeliveryView {
  deliveryId: string;
  alertId: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
}

/**
 * The real server is SIGKILLed while its alert webhooks are in flight (the receiver has each request and has not
 * answered), then started again on the same files. Delivery is at least once: every alert's delivery is sent again
 * once its lease runs out, with the same delivery id, and nothing the outbox held is lost or sent as a new delivery.
 */
describe('alert webhooks when the server is killed mid-delivery', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-webhook-crash-'));
  const receiver = new WebhookReceiver();
  let build = { entry: '', dir: '' };
  let server: ChildServer | undefined;

  beforeAll(async () => {
    build = compileServer();
    await receiver.start();
    const store = new SqliteEventStore(join(dir, 'events.db'));
    await importInto(store, EXAMPLE_ITEMS, TODAY);
    await store.close();
  });

  afterAll(async () => {
    await server?.kill();
    await receiver.stop();
    rmSync(build.dir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async (): Promise<ChildServer> => {
    server = await ChildServer.spawn(build.entry, {
      SQLITE_PATH: join(dir, 'events.db'),
      READ_MODEL_PATH: join(dir, 'read-models.db'),
      API_KEYS,
      NOW: TODAY,
      ALERT_WEBHOOK_URLS: receiver.url('/hook'),
      ALERT_WEBHOOK_SECRET: SECRET,
      // A lease is the timeout + 5 s: the deliveries caught in flight are sent again about 9 s after the kill.
      ALERT_WEBHOOK_TIMEOUT_MS: '4000',
      ALERT_WEBHOOK_BASE_DELAY_MS: '50',
      ALERT_WEBHOOK_MAX_DELAY_MS: '200',
    });
    await server.start();
    return server;
  };

  const until = async (what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 30_000) => {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(10)) if (await ok()) return;
    throw new Error(`timed out waiting for ${what}; server said: ${server?.tail()}`);
  };

  it('sends every delivery caught in flight again after the restart, under its own id, and loses none', async () => {
    receiver.hold = true;
    const first = await start();
    const heldIds = () => new Set(receiver.received.map((r) => String(r.headers['x-delivery-id'])));
    await until('the example alerts to reach the receiver', () => heldIds().size >= EXAMPLE_ALERT_IDS.length);
    await first.kill(); // well within the 4 s timeout: every attempt is still waiting for its answer
    const caught = receiver.received.map((r) => String(r.headers['x-delivery-id']));
    expect(caught).toHaveLength(EXAMPLE_ALERT_IDS.length);
    expect(new Set(caught).size).toBe(EXAMPLE_ALERT_IDS.length);
    expect(receiver.accepted()).toEqual([]);

    receiver.hold = false;
    const second = await start();
    const admin = { authorization: `Bearer ${KEYS.admin}` };
    let listed: DeliveryView[] = [];
    await until('every delivery delivered after the restart', async () => {
      const answer = await fetch(`${second.url}/alerts/deliveries?limit=100`, { headers: admin });
      listed = (await answer.json()) as DeliveryView[];
      return listed.length > 0 && listed.every((d) => d.status === 'delivered');
    });

    const store = new SqliteEventStore(join(dir, 'events.db'));
    const stored = alertIdsOf(await alertEvents(store));
    await store.close();
    expect(new Set(stored)).toEqual(new Set(EXAMPLE_ALERT_IDS));
    // One delivery per alert, the same ones the receiver held: none lost, none made anew by the restart.
    expect(listed.map((d) => d.alertId).sort()).toEqual([...stored].sort());
    expect(new Set(listed.map((d) => d.deliveryId))).toEqual(new Set(caught));
    const accepted = receiver.accepted();
    expect(accepted.sort()).toEqual([...caught].sort());
    for (const r of receiver.received) expect(signatureVerifies(r.body, r.headers['x-signature'], SECRET)).toBe(true);
    // The killed attempt left no outcome: the attempt sent again is counted as the first.
    expect(listed.every((d) => d.attempts === 1)).toBe(true);
  });
});

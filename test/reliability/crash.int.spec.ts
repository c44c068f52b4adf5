import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertsProjection } from '../../projections/alerts/alerts.projection';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import { foldDocuments, type ProjectedEvent, type ProjectionDefinition } from '../../projections/projection';
import { verifyStore } from '../../src/audit/chain-check';
import { SqliteEventStore } from '../../src/event-store/sqlite.event-store';
import { ReadModelDb } from '../../src/read-side/read-model.db';
import { prng } from '../read-side/read-side-fixtures';
import { API_KEYS, KEYS } from '../support/test-app';
import { ChildServer, compileServer } from './child-server';
import { LoadGenerator } from './load-generator';
import {
  alertIdsStoredTwice,
  allEvents,
  call,
  cleanCaseFiles,
  expectedAnswers,
  lostAndDuplicated,
  OPINION,
  report,
  sleep,
  TODAY,
} from './reliability-support';

/**
 * The real server (src/main.ts) in a child process takes valid writes over HTTP from concurrent
 * loops and is SIGKILLed at seeded random moments, then restarted on the same files; ≥ 20 kills.
 * After the kills: every acknowledged event is stored exactly once where it was acknowledged, a
 * keyed request cut off by the kill and sent again is stored once, every chain verifies, the
 * read-model file holds exactly the replay of the events up to its checkpoint, and the restarted
 * server, once caught up, answers what a clean replay of the store gives.
 * RELIABILITY_SEED repeats a run; RELIABILITY_KILLS changes the number of kills.
 */

interface Seen extends ProjectedEvent {
  eventId: string;
  position: string;
}

/** What GET /cases/{id}/history answers per event (the fields used here). */
interface HistoryEntry {
  eventId: string;
  revision: number;
  type: string;
  data: unknown;
  position: string;
  idempotencyKey?: string;
}

const commitOf = (position: string) => BigInt(position.split('/')[0]);

const PROJECTIONS: Array<ProjectionDefinition<unknown>> = [
  caseFilesProjection as ProjectionDefinition<unknown>,
  alertsProjection as ProjectionDefinition<unknown>,
];
const CASES = Array.from({ length: 6 }, (_, i) => `crash-case-${i}`);
const auditor = { authorization: `Bearer ${KEYS.auditor}` };

describe('the server under SIGKILL while it takes writes over HTTP', () => {
  const seed = Number(process.env.RELIABILITY_SEED ?? Date.now() % 1_000_000);
  const kills = Math.max(20, Number(process.env.RELIABILITY_KILLS ?? 20));
  const random = prng(seed);
  const dir = mkdtempSync(join(tmpdir(), 'ledger-reliability-crash-'));
  const env = {
    SQLITE_PATH: join(dir, 'events.db'),
    READ_MODEL_PATH: join(dir, 'read-models.db'),
    API_KEYS,
    NOW: TODAY,
    ANONYMOUS_RATE_LIMIT_PER_MINUTE: '0',
    ANONYMOUS_AS_OF_PER_MINUTE: '0',
  };
  const load = new LoadGenerator(CASES, random);
  const servers: ChildServer[] = [];
  const spares: Array<Promise<ChildServer>> = [];
  let build = { entry: '', dir: '' };
  const figures = { kills: 0, earlyKills: 0, fileChecks: 0, httpChecks: 0, alertsSeen: 0, bootMs: [] as number[] };

  beforeAll(() => {
    build = compileServer();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.kill()));
    await Promise.all(spares.map(async (s) => (await s).kill()));
    rmSync(dir, { recursive: true, force: true });
    if (build.dir) rmSync(build.dir, { recursive: true, force: true });
  });

  /** The next server: a spare that loaded its code while the last one worked; a new spare starts loading. */
  async function restart(): Promise<ChildServer> {
    while (spares.length < 2) spares.push(ChildServer.spawn(build.entry, env));
    const server = await spares.shift()!;
    servers.push(server);
    await server.start();
    figures.bootMs.push(server.bootMs);
    return server;
  }

  /** With the server dead: the files as the kill left them, read by the store adapter itself. */
  async function checkFiles(): Promise<void> {
    figures.fileChecks++;
    const store = new SqliteEventStore(env.SQLITE_PATH);
    try {
      const events = await allEvents(store);
      expect(lostAndDuplicated(events, load.acks)).toEqual({ lost: [], duplicated: [] });
      expectKeysOnce(events);
      expect(alertIdsStoredTwice(events)).toEqual([]);
      expect(await verifyStore(store)).toMatchObject({ ok: true, events: events.length });
      const db = new ReadModelDb(env.READ_MODEL_PATH).foldTailsWith(PROJECTIONS);
      try {
        // Each projection's documents are exactly the replay of the events up to its own checkpoint.
        for (const projection of PROJECTIONS) {
          const checkpoint = db.checkpoint(projection.name)?.position;
          const upTo = checkpoint ? events.filter((e) => e.position.commit <= checkpoint.commit) : [];
          expect(new Map(db.documents(projection.name))).toEqual(foldDocuments(projection, upTo));
        }
      } finally {
        db.close();
      }
    } finally {
      await store.close();
    }
  }

  /** With the server up: the store through the auditor's endpoints, then the read side once caught up. */
  async function checkServer(server: ChildServer): Promise<void> {
    figures.httpChecks++;
    const seen: Seen[] = [];
    for (const caseId of CASES) {
      const history = await call(`${server.url}/cases/${caseId}/history`, { headers: auditor });
      expect(history.status).toBe(200);
      for (const e of history.status === 200 ? (history.body as HistoryEntry[]) : []) {
        const metadata = e.idempotencyKey === undefined ? {} : { idempotencyKey: e.idempotencyKey };
        seen.push({ ...e, stream: `case-${caseId}`, metadata });
      }
      const verified = await call(`${server.url}/cases/${caseId}/verify`, { headers: auditor });
      expect(verified).toMatchObject({ status: 200, body: { ok: true } });
    }
    expect(lostAndDuplicated(seen, load.acks)).toEqual({ lost: [], duplicated: [] });
    expectKeysOnce(seen);
    // The alert process manager may append to `alerts` after the last case event: at or past it is caught up.
    const head = seen.reduce((a, b) => (commitOf(b.position) > commitOf(a.position) ? b : a)).position;
    const expected = expectedAnswers(cleanCaseFiles(seen));
    for (const deadline = Date.now() + 30_000; ; await sleep(50)) {
      const cases = await call(`${server.url}/cases`);
      const checkpoint = cases.headers.get('x-checkpoint');
      if (cases.status === 200 && checkpoint && checkpoint !== 'none' && commitOf(checkpoint) >= commitOf(head)) {
        expect(cases.body).toEqual(expected.cases);
        break;
      }
      if (Date.now() > deadline) throw new Error(`read side stuck before ${head}`);
    }
    expect((await call(`${server.url}/opinions`)).body).toEqual(expected.opinions);
    const alerts = await call(`${server.url}/alerts`);
    expect(alerts.status).toBe(200);
    const alertIds = (alerts.body as Array<{ alertId: string }>).map((a) => a.alertId);
    expect(alertIds.length).toBe(new Set(alertIds).size);
    figures.alertsSeen = Math.max(figures.alertsSeen, alertIds.length);
  }

  /** Each Idempotency-Key is stored at most once in its case, however often it was sent. */
  function expectKeysOnce(events: ReadonlyArray<{ stream: string; metadata: { [key: string]: unknown } }>): void {
    const keys = events.filter((e) => e.metadata.idempotencyKey !== undefined);
    const distinct = new Set(keys.map((e) => `${e.stream} ${String(e.metadata.idempotencyKey)}`));
    expect(keys.length).toBe(distinct.size);
  }

  it(`loses nothing acknowledged across ≥ 20 kills, stores nothing twice, keeps chains and read models`, async () => {
    const started = Date.now();
    let server = await restart();
    for (const caseId of CASES) {
      const open = { caseId, title: `Crash ${caseId}`, country: 'KZ', subjects: [{ personId: 'ann-a', name: 'Ann' }] };
      const recorder = { authorization: `Bearer ${KEYS.recorder}` };
      expect((await call(`${server.url}/cases`, { body: open, headers: recorder })).status).toBe(201);
      const adopted = { opinionId: OPINION, mechanism: 'WGAD', occurredOn: '2021-09', calls: ['release'] };
      const res = await call(`${server.url}/cases/${caseId}/events`, {
        body: { type: 'UnOpinionAdopted', data: adopted },
        headers: recorder,
      });
      expect(res.status).toBe(201);
    }
    for (let kill = 1; kill <= kills; kill++) {
      // Every fifth kill hits a server that has just come up, maybe still catching up.
      const early = kill % 5 === 0;
      if (!early) {
        await load.retryInDoubt(server.url);
        await checkServer(server);
      }
      const running = load.run(server.url, 4);
      await sleep(early ? random() * 150 : 100 + random() * 1200);
      await server.kill();
      load.stop();
      await running;
      figures.kills++;
      if (early) figures.earlyKills++;
      if (random() < 0.5) await checkFiles();
      server = await restart();
    }
    await load.retryInDoubt(server.url);
    await checkServer(server);
    await server.kill();
    await checkFiles();

    expect(load.unexpected).toEqual([]);
    const secrets = Object.values(KEYS);
    const leaked = servers.flatMap((s) => s.output).filter((line) => secrets.some((secret) => line.includes(secret)));
    expect(leaked).toEqual([]);
    const boot = [...figures.bootMs].sort((a, b) => a - b);
    report('sigkill', {
      seed,
      kills: figures.kills,
      earlyKills: figures.earlyKills,
      acknowledged: load.acks.length,
      cutOffKeyed: load.cutOff.keyed,
      cutOffUnkeyed: load.cutOff.unkeyed,
      retried: load.retried,
      alerts: figures.alertsSeen,
      lost: 0,
      duplicated: 0,
      fileChecks: figures.fileChecks,
      httpChecks: figures.httpChecks,
      medianBootMs: boot[Math.floor(boot.length / 2)],
      seconds: Math.round((Date.now() - started) / 1000),
    });
  }, 400_000);
});

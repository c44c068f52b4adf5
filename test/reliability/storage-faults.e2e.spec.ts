import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Response } from 'supertest';
import { verifyStore } from '../../src/audit/chain-check';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import { ReadModels } from '../../src/read-side/read-models';
import { openBody, VALID } from '../cases/e2e-helpers';
import { startEsdbTestServer } from '../esdb/esdb-test-server';
import { startTestApp, type TestApp } from '../support/test-app';
import { alertsSettled } from '../alerts/alerts-support';
import { allEvents, cleanCaseFiles, report } from './reliability-support';
import { expectReadModelsToEqual } from '../support/read-model-check';

/**
 * The store cannot take writes: a full disk (a small tmpfs, filled), a file read-only when the server
 * opens it (chattr +i), a write lock held by another process past the busy timeout, EventStoreDB gone.
 * Appends answer 503 STORE.UNAVAILABLE with a message that says why and that nothing was stored;
 * nothing is half-written (every chain verifies, every 201 is stored, no 503 is); reads go on; once
 * space returns (or the lock is released) appends succeed again without a restart.
 * tmpfs and chattr need root: without it those cases are skipped (and say so).
 */

const CASE = 'fault-case';
const env = { RATE_LIMIT_PER_MINUTE: '0' };
const inquiry = (id: string) => ({ type: 'InquirySent', data: { ...VALID.InquirySent, inquiryId: id } });

function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(join(tmpdir(), 'ledger-reliability-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}
const asRoot = canMount() ? describe : describe.skip;

async function opened(t: TestApp): Promise<void> {
  expect((await t.http.post('/cases').set(t.bearer('recorder')).send(openBody(CASE))).status).toBe(201);
  const opinion = { type: 'UnOpinionAdopted', data: VALID.UnOpinionAdopted };
  expect((await t.http.post(`/cases/${CASE}/events`).set(t.bearer('recorder')).send(opinion)).status).toBe(201);
}

const record = (t: TestApp, id: string, key?: string) => {
  const req = t.http.post(`/cases/${CASE}/events`).set(t.bearer('recorder'));
  return (key ? req.set('Idempotency-Key', key) : req).send(inquiry(id));
};

/** A 503 that says the store cannot write, why, and that nothing was stored. */
function expectUnavailable(res: Response, why: RegExp): void {
  expect([res.status, res.body.code]).toEqual([503, 'STORE.UNAVAILABLE']);
  expect(res.body.message).toMatch(why);
  expect(res.body.message).toMatch(/nothing was stored/);
}

/** Readiness (or liveness) down for the store's refusal, naming it to a caller with a key. */
function expectRefusing(res: Response, why: RegExp): void {
  expect(res.status).toBe(503);
  expect(res.body.details.storeWrites).toMatchObject({ status: 'down', message: expect.stringMatching(why) });
}

/**
 * Every 201 stored once, no refused id stored, every chain whole, read models equal to a clean replay. With
 * `readModels: false` (the disk still full) the store alone: the read models may wait for room to write what the
 * store took last, as its alerts may still be on their way; they are checked once space returned.
 */
async function expectWhole(t: TestApp, acked: string[], refused: string[], { readModels = true } = {}): Promise<void> {
  const store = t.app.get<symbol, EventStore>(EVENT_STORE);
  // The alerts an event raises are appended after it is answered: the count below is of a store at rest.
  if (readModels) await alertsSettled(t.app);
  const events = await allEvents(store);
  const ids = events.flatMap((e) => (e.type === 'InquirySent' ? [(e.data as { inquiryId: string }).inquiryId] : []));
  expect(acked.filter((id) => ids.filter((x) => x === id).length !== 1)).toEqual([]);
  expect(refused.filter((id) => ids.includes(id))).toEqual([]);
  const verified = await verifyStore(store);
  expect(verified.ok).toBe(true);
  if (!readModels) return;
  expect(verified.events).toBe(events.length);
  expect(await t.app.get(ReadModels).waitFor((await store.headPosition())!, 20_000)).toBe(true);
  expectReadModelsToEqual(t.app.get(ReadModels), caseFilesProjection, cleanCaseFiles(events));
}

// 16 MB: more than the two WALs grow to before SQLite checkpoints them (1000 pages each), so the space freed at the
// end is enough to recover in. On 2 MB both WALs could grow back into all of it within a few dozen small commits,
// with no room left to checkpoint either: a disk that small cannot hold this store at all.
asRoot('a full disk (tmpfs of 16 MB holding the store and the read models)', () => {
  const mount = mkdtempSync(join(tmpdir(), 'ledger-reliability-full-'));
  let t: TestApp;
  beforeAll(() => execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mount]));
  afterAll(async () => {
    await t?.close();
    execFileSync('umount', ['-l', mount]);
    rmSync(mount, { recursive: true, force: true });
  });

  it('appends answer 503 and store nothing, reads go on; once space returns appends succeed without a restart', async () => {
    t = await startTestApp({ ...env, SQLITE_PATH: join(mount, 'events.db'), READ_MODEL_PATH: join(mount, 'rm.db') });
    await opened(t);
    // The disk fills with the app at rest: the opinion's alerts stored and read, as they would be minutes later.
    await alertsSettled(t.app);
    const filler = openSync(join(mount, 'filler'), 'w');
    try {
      for (;;) writeSync(filler, Buffer.alloc(64 << 10));
    } catch {
      // ENOSPC: the disk is full
    } finally {
      closeSync(filler);
    }
    const acked: string[] = [];
    const refused: Array<{ id: string; key: string }> = [];
    const tally = (res: Response, id: string) => {
      if (res.status === 201) return acked.push(id);
      expectUnavailable(res, /SQLITE_FULL|SQLITE_IOERR/);
      refused.push({ id, key: `key-${id}` });
    };
    let n = 0;
    // The WAL may still have room for a few appends: write until the disk refuses, then a burst at once.
    while (refused.length < 5 && n < 300) {
      const id = `full-${++n}`;
      const res = await record(t, id, `key-${id}`);
      tally(res, id);
    }
    expect(refused.length).toBe(5);
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => record(t, `burst-${i}`, `key-burst-${i}`)));
    burst.forEach((res, i) => tally(res, `burst-${i}`));
    expect((await t.http.get(`/cases/${CASE}`)).status).toBe(200);
    const health = await t.http.get('/health').set(t.bearer('viewer'));
    const ready = await t.http.get('/health/ready').set(t.bearer('viewer'));
    expectRefusing(ready, /SQLITE_FULL|SQLITE_IOERR/);
    expectRefusing(health, /SQLITE_FULL|SQLITE_IOERR/);
    await expectWhole(
      t,
      acked,
      refused.map((r) => r.id),
      { readModels: false },
    );

    rmSync(join(mount, 'filler'));
    for (const { id, key } of refused) expect((await record(t, id, key)).status).toBe(201);
    expect((await record(t, 'after-space-returned')).status).toBe(201);
    await expectWhole(t, [...acked, ...refused.map((r) => r.id), 'after-space-returned'], []);
    expect((await t.http.get('/health/ready')).status).toBe(200);
    expect((await t.http.get('/health')).status).toBe(200);
    report('disk-full', {
      acceptedWhileFilling: acked.length,
      refused503: refused.length,
      healthWhileFull: health.status,
      readyWhileFull: ready.status,
      lost: 0,
    });
  }, 120_000);
});

asRoot('a store file read-only when the server opens it (chattr +i)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-reliability-readonly-'));
  const paths = { SQLITE_PATH: join(dir, 'store', 'events.db'), READ_MODEL_PATH: join(dir, 'rm', 'read-models.db') };
  const chattr = (flag: string) => execFileSync('chattr', [flag, paths.SQLITE_PATH]);
  afterAll(() => {
    chattr('-i');
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads are served, appends answer 503 SQLITE_READONLY and store nothing; once the file is writable they land, no restart', async () => {
    mkdirSync(join(dir, 'store'));
    let t = await startTestApp({ ...env, ...paths });
    await opened(t);
    await t.close();
    chattr('+i');
    t = await startTestApp({ ...env, ...paths });
    try {
      expect((await t.http.get(`/cases/${CASE}`)).status).toBe(200);
      expectUnavailable(await record(t, 'ro-1'), /SQLITE_READONLY/);
      expectRefusing(await t.http.get('/health/ready').set(t.bearer('viewer')), /SQLITE_READONLY/);
      await expectWhole(t, [], ['ro-1']);
      chattr('-i');
      // SQLite opened the file read-only; the writer opens it again after such a refusal, so no restart is needed.
      const writable = await record(t, 'ro-2');
      expect(writable.status).toBe(201);
      expect((await t.http.get('/health/ready')).status).toBe(200);
      await expectWhole(t, ['ro-2'], ['ro-1']);
      report('read-only-at-start', { refused503: 1, afterChattrMinusI: writable.status, lost: 0 });
    } finally {
      await t.close();
    }
    t = await startTestApp({ ...env, ...paths });
    try {
      expect((await record(t, 'ro-3')).status).toBe(201);
      await expectWhole(t, ['ro-2', 'ro-3'], ['ro-1']);
    } finally {
      await t.close();
    }
  }, 120_000);
});

describe('the write lock held by another process past the busy timeout (5 s)', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('appends answer 503 SQLITE_BUSY and store nothing; once the lock is released they land', async () => {
    t = await startTestApp(env);
    await opened(t);
    const other = new Database(join(t.dir, 'events.db'));
    other.exec('BEGIN IMMEDIATE');
    const started = Date.now();
    try {
      // The writer thread waits for the lock, not the event loop: reads and health answer meanwhile.
      const waiting = record(t, 'locked-1').then((res) => ({ res, at: Date.now() }));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const read = await t.http.get(`/cases/${CASE}`);
      const health = await t.http.get('/health');
      const readAt = Date.now();
      expect([read.status, health.status]).toEqual([200, 200]);
      const refused = await waiting;
      expect(refused.at).toBeGreaterThan(readAt);
      expectUnavailable(refused.res, /SQLITE_BUSY/);
      expectRefusing(await t.http.get('/health/ready').set(t.bearer('viewer')), /SQLITE_BUSY/);
      // Liveness says so too: the store answers reads but takes no appends. Anonymous probers get the status alone.
      expectRefusing(await t.http.get('/health').set(t.bearer('viewer')), /SQLITE_BUSY/);
      const anonymous = await t.http.get('/health');
      expect([anonymous.status, anonymous.body.details.storeWrites]).toEqual([
        503,
        { status: 'down', refusedAt: expect.any(String) },
      ]);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const waitedMs = Date.now() - started;
    expect((await record(t, 'unlocked-1')).status).toBe(201);
    expect((await t.http.get('/health/ready')).status).toBe(200);
    expect((await t.http.get('/health')).status).toBe(200);
    await expectWhole(t, ['unlocked-1'], ['locked-1']);
    report('store-locked', { refused503: 1, waitedMs, lost: 0 });
  }, 60_000);
});

describe('EventStoreDB gone', () => {
  it('appends answer 503 (not 500) and reads are served from the read models', async () => {
    const server = await startEsdbTestServer();
    const t = await startTestApp({ ...env, EVENT_STORE: 'esdb', ESDB_CONNECTION_STRING: server.connectionString });
    try {
      await opened(t);
      await server.stop();
      const started = Date.now();
      expectUnavailable(await record(t, 'gone-1'), /EventStoreDB unavailable/);
      const answeredMs = Date.now() - started;
      expect((await t.http.get(`/cases/${CASE}`)).status).toBe(200);
      const health = await t.http.get('/health');
      expect(health.status).toBe(503);
      report('esdb-gone', { refused503: 1, answeredMs, health: health.status });
    } finally {
      await t.close();
    }
  }, 120_000);
});

import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describeBreak, verifyStore, verifyStream, type VerifyResult } from '../../src/audit/chain-check';
import type { ChainBreak } from '../../src/event-store/hash-chain';
import { SqliteEventStore } from '../../src/event-store/sqlite.event-store';
import { importExample, runCli, WHATSAPP_CASE, type CliResult } from './audit-support';

/**
 * Someone with the database file in hand edits it behind the application's back: `verify` (the
 * function and the CLI) must name the very event touched, and pass an untouched store.
 */
const STREAM = `case-${WHATSAPP_CASE}`; // 26 events, revisions 0–25
const LAST = 25;

type Db = Database.Database;
interface Scenario {
  tamper(db: Db): void;
  /**
   * What verify must report: the break's stream, revision and problem, the pristine revision of the
   * event it names (`eventAt`; none for a head), and what it expected (`expectedValue`) when telling.
   */
  expected: Pick<ChainBreak, 'stream' | 'revision' | 'problem'> & { eventAt?: number; expectedValue?: string };
  /** Words of the CLI's description of the problem. */
  says: string;
  /**
   * How the CLI is run on it: `verify` (the whole store) or `verify CASEID` (one case, as
   * GET /cases/{id}/verify); none for the extra scenarios, to keep the child processes few.
   */
  cli?: 'store' | 'case';
}

const row = (db: Db, revision: number) =>
  db.prepare('SELECT data, metadata FROM events WHERE stream = ? AND revision = ?').get(STREAM, revision) as {
    data: string;
    metadata: string;
  };

/** The same JSON text with one character replaced: exactly one byte differs. */
function alterOneByte(text: string, find: string, replaceWith: string): string {
  const at = text.indexOf(find);
  if (at < 0 || find.length !== replaceWith.length) throw new Error(`cannot alter ${find}`);
  const altered = text.slice(0, at) + replaceWith + text.slice(at + find.length);
  const differing = [...Buffer.from(text)].filter((byte, i) => byte !== Buffer.from(altered)[i]).length;
  if (differing !== 1 || Buffer.byteLength(altered) !== Buffer.byteLength(text)) throw new Error('not one byte');
  return altered;
}

const scenarios: Record<string, Scenario> = {
  'one byte of data altered (a conviction month)': {
    tamper(db) {
      const data = alterOneByte(row(db, 2).data, '"occurredOn":"2019-08"', '"occurredOn":"2019-09"');
      db.prepare('UPDATE events SET data = ? WHERE stream = ? AND revision = ?').run(data, STREAM, 2);
    },
    expected: { stream: STREAM, revision: 2, eventAt: 2, problem: 'hash_mismatch' },
    says: 'its content does not match its hash (altered)',
    cli: 'store',
  },
  'one byte of metadata altered (recordedAt moved to another year)': {
    tamper(db) {
      const { metadata } = row(db, 7);
      // The year's last digit one lower (or 0 → 1): the event claims to have been recorded in another year.
      const year = /"recordedAt":"(\d{4})/.exec(metadata)![1];
      const other = year.slice(0, 3) + (year[3] === '0' ? '1' : String(Number(year[3]) - 1));
      const backdated = alterOneByte(metadata, `"recordedAt":"${year}`, `"recordedAt":"${other}`);
      db.prepare('UPDATE events SET metadata = ? WHERE stream = ? AND revision = ?').run(backdated, STREAM, 7);
    },
    expected: { stream: STREAM, revision: 7, eventAt: 7, problem: 'hash_mismatch' },
    says: 'its content does not match its hash (altered)',
  },
  'a middle event deleted': {
    tamper: (db) => db.prepare('DELETE FROM events WHERE stream = ? AND revision = ?').run(STREAM, 12),
    expected: { stream: STREAM, revision: 13, eventAt: 13, problem: 'revision_gap', expectedValue: '12' },
    says: 'revisions are not consecutive (an event was removed or moved); expected 12, found 13',
    cli: 'store',
  },
  'a middle event deleted and the later ones renumbered, head moved back': {
    tamper(db) {
      db.prepare('DELETE FROM events WHERE stream = ? AND revision = ?').run(STREAM, 12);
      // Renumber upwards one by one, as the unique (stream, revision) index wants.
      for (let r = 13; r <= LAST; r++) {
        db.prepare('UPDATE events SET revision = ? WHERE stream = ? AND revision = ?').run(r - 1, STREAM, r);
      }
      db.prepare('UPDATE streams SET revision = ? WHERE stream = ?').run(LAST - 1, STREAM);
    },
    expected: { stream: STREAM, revision: 12, eventAt: 13, problem: 'prev_hash_mismatch' },
    says: 'it does not link to the event before it',
  },
  'the last event deleted': {
    tamper: (db) => db.prepare('DELETE FROM events WHERE stream = ? AND revision = ?').run(STREAM, LAST),
    expected: { stream: STREAM, revision: LAST, problem: 'head_mismatch' },
    says: 'the chain does not end where the store recorded the stream head',
    cli: 'case',
  },
  'two events swapped (their revisions exchanged)': {
    tamper(db) {
      const set = db.prepare('UPDATE events SET revision = ? WHERE stream = ? AND revision = ?');
      set.run(-1, STREAM, 12);
      set.run(12, STREAM, 13);
      set.run(13, STREAM, -1);
    },
    // In `$all` order the event stored 12th now says 13: the gap is seen first.
    expected: { stream: STREAM, revision: 13, eventAt: 12, problem: 'revision_gap', expectedValue: '12' },
    says: 'revisions are not consecutive',
    cli: 'store',
  },
};

describe('tamper evidence on the SQLite store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-tamper-sqlite-'));
  const pristine = join(dir, 'pristine.db');
  const env = (file: string) => ({ SQLITE_PATH: file, READ_MODEL_PATH: join(dir, 'read-models.db') });
  const eventIds = new Map<number, string>();
  const cli = new Map<string, CliResult>();
  let untouchedCli: CliResult;

  const fileOf = (name: string) => join(dir, `${name.replace(/\W+/g, '-')}.db`);
  const withStore = async <T>(file: string, use: (store: SqliteEventStore) => Promise<T>): Promise<T> => {
    const store = new SqliteEventStore(file);
    try {
      return await use(store);
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    await withStore(pristine, async (store) => {
      await importExample(store);
      for (const e of await store.readStream(STREAM)) eventIds.set(e.revision, e.eventId);
    });
    expect(existsSync(`${pristine}-wal`)).toBe(false);
    for (const [name, scenario] of Object.entries(scenarios)) {
      copyFileSync(pristine, fileOf(name));
      const db = new Database(fileOf(name));
      scenario.tamper(db);
      db.close();
    }
    // The CLI children start in parallel: each needs a second or two to compile and boot.
    const viaCli = Object.keys(scenarios).filter((name) => scenarios[name].cli);
    const results = await Promise.all([
      runCli(['verify'], env(pristine)),
      ...viaCli.map((name) =>
        runCli(scenarios[name].cli === 'case' ? ['verify', WHATSAPP_CASE] : ['verify'], env(fileOf(name))),
      ),
    ]);
    untouchedCli = results[0];
    viaCli.forEach((name, i) => cli.set(name, results[i + 1]));
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes an untouched store: exit 0 with the count of events and streams', async () => {
    const result = await withStore(pristine, (store) => verifyStore(store));
    expect(result).toEqual({ ok: true, streams: 6, events: 47 });
    expect(untouchedCli).toMatchObject({ code: 0, stderr: '' });
    expect(untouchedCli.stdout).toContain('verified 47 events in 6 stream(s) of the store: every chain intact');
  });

  describe.each(Object.keys(scenarios))('%s', (name) => {
    const { expected, says } = scenarios[name];
    const { eventAt, expectedValue, ...fields } = expected;
    const named = () => ({ ...fields, eventId: eventAt === undefined ? '' : eventIds.get(eventAt)! });

    it('verifyStore (one pass over $all, then the recorded heads) names the event', async () => {
      const result = await withStore(fileOf(name), (store) => verifyStore(store));
      expect(result.ok).toBe(false);
      const broken = (result as Extract<VerifyResult, { ok: false }>).break;
      expect(broken).toMatchObject(named());
      if (expectedValue !== undefined) expect(broken.expected).toBe(expectedValue);
      expect(describeBreak(broken)).toContain(says);
    });

    if (scenarios[name].cli) {
      const what = scenarios[name].cli === 'case' ? `case ${WHATSAPP_CASE}` : 'the store';
      it(`the CLI (verify${scenarios[name].cli === 'case' ? ' CASEID' : ''}) exits 1 naming the stream, the revision and the event`, () => {
        const result = cli.get(name)!;
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        const { eventId } = named();
        expect(result.stderr).toContain(
          `TAMPERING DETECTED in ${what}: stream ${STREAM}, revision ${fields.revision}${eventId ? ` (event ${eventId})` : ''}: `,
        );
        expect(result.stderr).toContain(says);
      });
    }
  });

  it('names the same events when one case is verified from its stream (as GET /cases/{id}/verify does)', async () => {
    const found: Record<string, unknown> = {};
    for (const name of Object.keys(scenarios)) {
      found[name] = await withStore(fileOf(name), async (store) => {
        const result = await verifyStream(store, STREAM, await store.readStream(STREAM));
        return result.ok ? 'ok' : { revision: result.break.revision, problem: result.break.problem };
      });
    }
    // Read in revision order, a swap shows as the later event in the earlier place, not as a gap.
    expect(found).toEqual({
      'one byte of data altered (a conviction month)': { revision: 2, problem: 'hash_mismatch' },
      'one byte of metadata altered (recordedAt moved to another year)': { revision: 7, problem: 'hash_mismatch' },
      'a middle event deleted': { revision: 13, problem: 'revision_gap' },
      'a middle event deleted and the later ones renumbered, head moved back': {
        revision: 12,
        problem: 'prev_hash_mismatch',
      },
      'the last event deleted': { revision: LAST, problem: 'head_mismatch' },
      'two events swapped (their revisions exchanged)': { revision: 12, problem: 'prev_hash_mismatch' },
    });
  });
});

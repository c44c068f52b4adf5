/**
 * What SQLite through better-sqlite3 does at all on this machine, with our schema and our SQL but
 * none of our work: the floor under workloads 1 and 2, printed beside them so a target can be set
 * against what the machine allows.
 * - insert: the batched appends' rows (the same events, as stored: data and metadata as JSON text,
 *   a chain-sized hash and prevHash), 1000 per transaction, synchronous FULL. No hashing, no JSON
 *   work, no revision or idempotency check: only the prepared INSERTs and the commits.
 * - read: `$all` in pages of 1000 through the store's own statement, with and without the
 *   JSON.parse that turns each row into values (no StoredEvent objects, no fold).
 */
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { configure, migrate, uuidToBlob } from '../../src/event-store/sqlite.schema';
import { prepareReads, prepareWrites } from '../../src/event-store/sqlite.statements';
import { bulkAppends } from '../dataset/appends';
import type { DatasetOptions } from '../dataset/domain-events';
import { log, now, perSecond, since } from '../support/log';
import type { Figures } from '../support/phase';

const HASH = 'f'.repeat(64);
const PAGE = 1000;

export async function run(args: {
  dataset: DatasetOptions;
  path: string;
  events: string;
  bulkEvents: number;
  limit: number;
}): Promise<Figures> {
  const insertPerSec = insertCeiling(args);
  const read = readCeiling(args.events, args.limit);
  log(
    `ceiling (better-sqlite3 alone): insert ${insertPerSec}/s; read $all ${read.sqlOnly}/s as text, ${read.parsed}/s parsed`,
  );
  return { insertPerSec, readTextPerSec: read.sqlOnly, readParsedPerSec: read.parsed };
}

/**
 * The rebuild's floor alone: `$all` read and parsed, as in `run`, in a process of its own, so that the bench can take
 * it in turns with the rebuild it is compared with (main.ts).
 */
export async function floor(args: { events: string; limit: number }): Promise<Figures> {
  const perSec = withStore(args.events, (db) => readPass(db, args.limit, true));
  log(`floor (better-sqlite3 alone): read and parse $all ${perSec}/s`);
  return { perSec };
}

function insertCeiling(args: { dataset: DatasetOptions; path: string; bulkEvents: number }): number {
  for (const suffix of ['', '-wal', '-shm']) rmSync(args.path + suffix, { force: true });
  const db = new Database(args.path);
  try {
    configure(db, 'full');
    migrate(db);
    const { begin, commit, insert } = prepareWrites(db);
    let seconds = 0;
    let events = 0;
    for (const plan of bulkAppends(args.dataset, args.bulkEvents, 1000, 0xb01)) {
      let revision = plan.expectedRevision === 'no_stream' ? -1 : plan.expectedRevision;
      const rows = plan.events.map((event) => [
        plan.stream,
        ++revision,
        uuidToBlob(event.eventId),
        event.type,
        JSON.stringify(event.data),
        JSON.stringify({ ...event.metadata, prevHash: HASH, hash: HASH }),
        0,
      ]);
      const started = now();
      begin.run();
      for (const row of rows) insert.run(...row);
      commit.run();
      seconds += since(started);
      events += rows.length;
    }
    return perSecond(events, seconds);
  } finally {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(args.path + suffix, { force: true });
  }
}

function readCeiling(path: string, limit: number): { sqlOnly: number; parsed: number } {
  return withStore(path, (db) => ({ sqlOnly: readPass(db, limit, false), parsed: readPass(db, limit, true) }));
}

function withStore<T>(path: string, use: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true });
  try {
    return use(db);
  } finally {
    db.close();
  }
}

/** Events a second through `$all`, a page at a time, as text or parsed. */
function readPass(db: Database.Database, limit: number, parse: boolean): number {
  const { allForwards } = prepareReads(db);
  const started = now();
  let events = 0;
  let after = 0;
  while (events < limit) {
    const rows = allForwards.all(after, Math.min(PAGE, limit - events)) as string[];
    if (rows.length === 0) break;
    if (parse) {
      const values = rows.map((row) => JSON.parse(row) as [number]);
      after = values[values.length - 1][0];
    } else {
      after = Number(/^\[(\d+)/.exec(rows[rows.length - 1])![1]);
    }
    events += rows.length;
  }
  return perSecond(events, since(started));
}

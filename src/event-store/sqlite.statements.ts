import type Database from 'better-sqlite3';
import type { StoredEvent } from './event-store.port';
import { blobToUuid } from './sqlite.schema';

export type EventRow = [number, string, number, Buffer, string, string, string, number];

const COLUMNS = 'position, stream, revision, event_id, type, data, metadata, recorded_at';

/**
 * Every statement the store runs, prepared once; transaction control too, so that a group commit
 * of many small appends parses no SQL at all.
 */
export function prepareStatements(db: Database.Database) {
  return {
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    savepoint: db.prepare('SAVEPOINT one_append'),
    release: db.prepare('RELEASE one_append'),
    rollbackTo: db.prepare('ROLLBACK TO one_append'),
    head: db.prepare('SELECT revision, hash FROM streams WHERE stream = ?').raw(),
    setHead: db.prepare(
      'INSERT INTO streams (stream, revision, hash) VALUES (?, ?, ?) ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision, hash = excluded.hash',
    ),
    insert: db.prepare(
      'INSERT INTO events (stream, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    byId: db.prepare('SELECT stream, revision, position FROM events WHERE event_id = ?').raw(),
    streamForwards: db
      .prepare(`SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`)
      .raw(),
    streamBackwards: db
      .prepare(`SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`)
      .raw(),
    allForwards: db.prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`).raw(),
    allBackwards: db.prepare(`SELECT ${COLUMNS} FROM events WHERE position < ? ORDER BY position DESC LIMIT ?`).raw(),
    lastPosition: db.prepare('SELECT MAX(position) FROM events').pluck(),
  };
}

export function toStoredEvent(row: EventRow): StoredEvent {
  // One BigInt for both halves: a single-sequence store's commit and prepare positions are equal.
  const position = BigInt(row[0]);
  return {
    position: { commit: position, prepare: position },
    stream: row[1],
    revision: row[2],
    eventId: blobToUuid(row[3]),
    type: row[4],
    data: JSON.parse(row[5]),
    metadata: JSON.parse(row[6]),
    recordedAt: new Date(row[7]),
  };
}

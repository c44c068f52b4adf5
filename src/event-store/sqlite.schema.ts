import type Database from 'better-sqlite3';

/**
 * One row per event; `position` (the rowid) is the global order. Event ids are kept as 16-byte
 * blobs under a unique index: with the app's time-ordered (v7) ids inserts land at the index's
 * right edge, which keeps appends fast at millions of rows. `streams` holds each stream's head
 * (revision and hash), so an append reads one small row, and `verify` can tell a deleted last event.
 */
export function migrate(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (
      position    INTEGER PRIMARY KEY,
      stream      TEXT    NOT NULL,
      revision    INTEGER NOT NULL,
      event_id    BLOB    NOT NULL,
      type        TEXT    NOT NULL,
      data        TEXT    NOT NULL,
      metadata    TEXT    NOT NULL,
      recorded_at INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX IF NOT EXISTS events_by_stream ON events (stream, revision);
    CREATE UNIQUE INDEX IF NOT EXISTS events_by_id ON events (event_id);
    CREATE TABLE IF NOT EXISTS streams (
      stream   TEXT    PRIMARY KEY,
      revision INTEGER NOT NULL,
      hash     TEXT    NOT NULL
    ) WITHOUT ROWID;
  `);
}

export type Synchronous = 'full' | 'normal';

export function configure(db: Database.Database, synchronous: Synchronous): void {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  // Another process may hold the write lock for a moment (two instances on one file).
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
}

export const uuidToBlob = (id: string): Buffer => Buffer.from(id.replace(/-/g, ''), 'hex');

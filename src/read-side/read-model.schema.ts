import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { createPrivately } from '../event-store/private-file';
import type { Indexing } from './document-change';

const DOCUMENT_COLUMNS = 'projection TEXT NOT NULL, key TEXT NOT NULL, summary TEXT, doc TEXT NOT NULL, rank INTEGER';
/** Notes other parts of the read side keep beside the documents (meta keys with this prefix); see `ReadModelDb.note`. */
export const NOTE = 'note:';
/** The instance that writes the file now (meta): see `ReadModelDb.claim`. */
export const WRITER = 'writer';
/**
 * Set in meta while documents written before the file kept ranks (third format) or lookups (fourth) may lack them:
 * `indexUnindexed` gives them both once.
 */
export const UNINDEXED = ['unranked', 'unindexed'] as const;

/**
 * Documents are kilobytes of JSON, so they live in a rowid table with a unique index on
 * (projection, key): reading or replacing one is a short index probe and one record, where a
 * WITHOUT ROWID table (the first format) spreads such rows over overflow pages of its B-tree
 * and is two to three times slower. The summary comes before the document in each record: the
 * start-up reads every summary, and SQLite reaches a column after a 25 kB document only by
 * walking that document's overflow pages (at 20k case files, 0.2 s instead of 0.5 s). A ranked
 * projection's documents are also indexed by rank (read from the highest down, the document's
 * record never touched until its summary is read), and by the values a query looks them up by, in a table of
 * their own (a document has several: an alert is found by its case and by its opinion).
 * A projection that stores changes (`ProjectionDefinition.storesChanges`) keeps, beside a long document, the events
 * it saw since the document was last written whole (`tails`, in order by `seq`): the document is that row folded
 * with them, and its summary column is stale while it has any.
 * A file in an earlier format is converted when opened, once.
 */
export function migrate(db: Database.Database): void {
  db.transaction(() => {
    const table = db
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'documents'")
      .pluck()
      .get() as string | undefined;
    const hadLookups = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'lookups'")
      .pluck()
      .get();
    const columns = db.prepare("SELECT name FROM pragma_table_info('documents')").pluck().all();
    if (table !== undefined && (/WITHOUT ROWID/i.test(table) || columns.indexOf('summary') !== 2)) {
      const summary = columns.includes('summary') ? 'summary' : 'NULL';
      db.exec(`
        CREATE TABLE documents_converted (${DOCUMENT_COLUMNS});
        INSERT INTO documents_converted (projection, key, summary, doc) SELECT projection, key, ${summary}, doc FROM documents;
        DROP TABLE documents;
        ALTER TABLE documents_converted RENAME TO documents;
      `);
    } else if (table !== undefined && !columns.includes('rank')) {
      db.exec('ALTER TABLE documents ADD COLUMN rank INTEGER');
    }
    db.exec(`
      CREATE TABLE IF NOT EXISTS documents (${DOCUMENT_COLUMNS});
      CREATE UNIQUE INDEX IF NOT EXISTS documents_by_key ON documents (projection, key);
      CREATE INDEX IF NOT EXISTS documents_by_rank ON documents (projection, rank) WHERE rank IS NOT NULL;
      CREATE TABLE IF NOT EXISTS lookups (projection TEXT NOT NULL, value TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (projection, value, key)) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS lookups_by_key ON lookups (projection, key);
      CREATE TABLE IF NOT EXISTS tails (projection TEXT NOT NULL, key TEXT NOT NULL, seq INTEGER NOT NULL, event TEXT NOT NULL, PRIMARY KEY (projection, key, seq)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS checkpoints (projection TEXT PRIMARY KEY, position TEXT, version INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      INSERT OR IGNORE INTO meta (key, value) VALUES ('generation', '0');
    `);
    // Ranks came third, lookups fourth: documents from before them are indexed once by indexUnindexed.
    if (table !== undefined && (!columns.includes('rank') || !hadLookups)) {
      db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(UNINDEXED[1], '1');
    }
  }).immediate();
}

/**
 * In a file written before it kept ranks or lookups, gives the documents of the projections that have them their rank
 * and lookups, from their summaries (or whole documents), all in one transaction, once: later calls find nothing to
 * do. Returns how many documents it indexed.
 */
export function indexUnindexed(
  db: Database.Database,
  statements: ReturnType<typeof prepareStatements>,
  indexing: readonly Indexing[],
): number {
  if (UNINDEXED.every((mark) => statements.note.get(mark) === undefined)) return 0;
  let indexed = 0;
  db.transaction(() => {
    for (const { projection, rank, lookups } of indexing) {
      for (let after = 0; ;) {
        const rows = statements.unindexed.all(projection, after, 10_000) as Array<
          [number, string, string | null, string | null]
        >;
        for (const [rowid, key, summary, doc] of rows) {
          const held = JSON.parse(summary ?? doc!) as unknown;
          if (rank) statements.setRank.run(rank(held), rowid);
          for (const value of lookups?.(held) ?? []) statements.addLookup.run(projection, value, key);
        }
        indexed += rows.length;
        if (rows.length < 10_000) break;
        after = rows[rows.length - 1][0];
      }
    }
    for (const mark of UNINDEXED) statements.forget.run(mark);
  })();
  return indexed;
}

/**
 * A connection to the file at `path`, configured and migrated. A rebuild may put another file at the path (see
 * `handOver`) while this process opens it: it does so only holding the old file exclusively, so an open that raced it
 * waited for the lock, and finds afterwards that the path names another file than the one it opened: it opens that.
 */
export function openCurrent(
  path: string,
  options: { scratch?: boolean } = {},
  connect = (file: string) => new Database(file),
): Database.Database {
  const inode = () => (path === ':memory:' ? 0 : statSync(path).ino);
  for (let attempt = 1; ; attempt++) {
    createPrivately(path);
    const opened = inode();
    const db = connect(path);
    try {
      configure(db, options);
      migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
    if (inode() === opened || attempt === 3) return db;
    db.close();
  }
}

/**
 * `scratch`: a file a rebuild fills and then throws away, whoever crashes: no journal, no sync, so each document is
 * written once rather than to a log and then again to the file.
 */
export function configure(db: Database.Database, { scratch = false } = {}): void {
  if (scratch) {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
  } else {
    db.pragma('journal_mode = WAL');
    // Read models are rebuilt from the store; a lost last batch on power loss is replayed, never corrupt.
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('busy_timeout = 10000');
}

/** Every statement the read-model file runs, prepared once. */
export function prepareStatements(db: Database.Database) {
  return {
    generation: db.prepare("SELECT value FROM meta WHERE key = 'generation'").pluck(),
    checkpoint: db.prepare('SELECT position, version FROM checkpoints WHERE projection = ?'),
    setCheckpoint: db.prepare(
      'INSERT INTO checkpoints (projection, position, version) VALUES (?, ?, ?) ON CONFLICT (projection) DO UPDATE SET position = excluded.position, version = excluded.version',
    ),
    documents: db.prepare('SELECT key, doc FROM documents WHERE projection = ?').raw(),
    summaryPage: db
      .prepare(
        'SELECT key, summary, CASE WHEN summary IS NULL THEN doc END FROM documents WHERE projection = ? AND key > ? ORDER BY key LIMIT ?',
      )
      .raw(),
    rankedPage: db
      .prepare(
        'SELECT key, summary, CASE WHEN summary IS NULL THEN doc END, rank FROM documents WHERE projection = ? AND rank < ? ORDER BY rank DESC LIMIT ?',
      )
      .raw(),
    documentPage: db
      .prepare('SELECT key, NULL, doc FROM documents WHERE projection = ? AND key > ? ORDER BY key LIMIT ?')
      .raw(),
    summaryOf: db
      .prepare(
        'SELECT key, summary, CASE WHEN summary IS NULL THEN doc END FROM documents WHERE projection = ? AND key = ?',
      )
      .raw(),
    document: db.prepare('SELECT doc FROM documents WHERE projection = ? AND key = ?').pluck(),
    keysAfter: db.prepare('SELECT key FROM documents WHERE projection = ? AND key > ? ORDER BY key LIMIT ?').pluck(),
    count: db.prepare('SELECT COUNT(*) FROM documents WHERE projection = ?').pluck(),
    note: db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
    setNote: db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    clearNotes: db.prepare(`DELETE FROM meta WHERE key LIKE '${NOTE}%'`),
    unindexed: db
      .prepare(
        'SELECT rowid, key, summary, CASE WHEN summary IS NULL THEN doc END FROM documents WHERE projection = ? AND rowid > ? ORDER BY rowid LIMIT ?',
      )
      .raw(),
    lookedUp: db
      .prepare(
        'SELECT d.key, d.summary, CASE WHEN d.summary IS NULL THEN d.doc END FROM lookups l JOIN documents d ON d.projection = l.projection AND d.key = l.key WHERE l.projection = ? AND l.value = ?',
      )
      .raw(),
    countLookedUp: db.prepare('SELECT COUNT(*) FROM lookups WHERE projection = ? AND value = ?').pluck(),
    addLookup: db.prepare('INSERT OR IGNORE INTO lookups (projection, value, key) VALUES (?, ?, ?)'),
    forgetLookups: db.prepare('DELETE FROM lookups WHERE projection = ? AND key = ?'),
    clearLookups: db.prepare('DELETE FROM lookups WHERE projection = ?'),
    setRank: db.prepare('UPDATE documents SET rank = ? WHERE rowid = ?'),
    forget: db.prepare('DELETE FROM meta WHERE key = ?'),
    setSummary: db.prepare('UPDATE documents SET summary = ? WHERE projection = ? AND key = ?'),
    upsert: db.prepare(
      'INSERT INTO documents (projection, key, doc, summary, rank) VALUES (?, ?, ?, ?, ?) ON CONFLICT (projection, key) DO UPDATE SET doc = excluded.doc, summary = excluded.summary, rank = excluded.rank',
    ),
    remove: db.prepare('DELETE FROM documents WHERE projection = ? AND key = ?'),
    clear: db.prepare('DELETE FROM documents WHERE projection = ?'),
    tail: db.prepare('SELECT event FROM tails WHERE projection = ? AND key = ? ORDER BY seq').pluck(),
    hasTail: db.prepare('SELECT 1 FROM tails WHERE projection = ? AND key = ? LIMIT 1').pluck(),
    anyTail: db.prepare('SELECT 1 FROM tails WHERE projection = ? LIMIT 1').pluck(),
    appendTail: db.prepare(
      'INSERT INTO tails (projection, key, seq, event) VALUES (@projection, @key, (SELECT COALESCE(MAX(seq), 0) + 1 FROM tails WHERE projection = @projection AND key = @key), @event)',
    ),
    forgetTail: db.prepare('DELETE FROM tails WHERE projection = ? AND key = ?'),
    clearTails: db.prepare('DELETE FROM tails WHERE projection = ?'),
  };
}

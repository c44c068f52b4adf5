import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Position } from '../event-store/event-store.port';
import { formatPosition, parsePosition } from '../event-store/position';

export interface ProjectionCheckpoint {
  position: Position | undefined;
  version: number;
}

export interface DocumentChange {
  projection: string;
  key: string;
  /** Undefined deletes the document. */
  doc: unknown;
}

/**
 * The read models' file: documents per projection, each projection's checkpoint and version,
 * and a `generation` that the replay CLI bumps when it swaps a rebuilt set in, so a running
 * server notices and reloads. Changes and checkpoints of a batch commit in one transaction.
 */
export class ReadModelDb {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // Read models are rebuilt from the store; a lost last batch on power loss is replayed, never corrupt.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS documents (projection TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (projection, key)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS checkpoints (projection TEXT PRIMARY KEY, position TEXT, version INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      INSERT OR IGNORE INTO meta (key, value) VALUES ('generation', '0');
    `);
    const db = this.db;
    this.statements = {
      generation: db.prepare("SELECT value FROM meta WHERE key = 'generation'").pluck(),
      checkpoint: db.prepare('SELECT position, version FROM checkpoints WHERE projection = ?'),
      setCheckpoint: db.prepare(
        'INSERT INTO checkpoints (projection, position, version) VALUES (?, ?, ?) ON CONFLICT (projection) DO UPDATE SET position = excluded.position, version = excluded.version',
      ),
      documents: db.prepare('SELECT key, doc FROM documents WHERE projection = ?').raw(),
      upsert: db.prepare(
        'INSERT INTO documents (projection, key, doc) VALUES (?, ?, ?) ON CONFLICT (projection, key) DO UPDATE SET doc = excluded.doc',
      ),
      remove: db.prepare('DELETE FROM documents WHERE projection = ? AND key = ?'),
      clear: db.prepare('DELETE FROM documents WHERE projection = ?'),
    };
  }

  generation(): number {
    return Number(this.statements.generation.get());
  }

  checkpoint(projection: string): ProjectionCheckpoint | undefined {
    const row = this.statements.checkpoint.get(projection) as { position: string | null; version: number } | undefined;
    if (!row) return undefined;
    return { position: row.position ? parsePosition(row.position) : undefined, version: row.version };
  }

  *documents<Doc>(projection: string): Generator<[string, Doc]> {
    for (const [key, doc] of this.statements.documents.iterate(projection) as Iterable<[string, string]>) {
      yield [key, JSON.parse(doc) as Doc];
    }
  }

  /** Starts a projection over: no documents, no checkpoint, the given version. */
  reset(projection: string, version: number): void {
    this.db.transaction(() => {
      this.statements.clear.run(projection);
      this.statements.setCheckpoint.run(projection, null, version);
    })();
  }

  /**
   * Commits a batch: its document changes and the checkpoints, all or nothing. Refuses (returns
   * false, writes nothing) when the generation moved: the file now holds another, rebuilt set.
   */
  commit(
    generation: number,
    changes: DocumentChange[],
    checkpoints: Array<{ projection: string; position: Position; version: number }>,
  ): boolean {
    return this.db
      .transaction(() => {
        if (this.generation() !== generation) return false;
        for (const { projection, key, doc } of changes) {
          if (doc === undefined) this.statements.remove.run(projection, key);
          else this.statements.upsert.run(projection, key, JSON.stringify(doc));
        }
        for (const c of checkpoints)
          this.statements.setCheckpoint.run(c.projection, formatPosition(c.position), c.version);
        return true;
      })
      .immediate();
  }

  /** Replaces every table's content with that of a rebuilt file, atomically, and bumps the generation. */
  swapInFrom(rebuiltPath: string): number {
    this.db.prepare('ATTACH DATABASE ? AS rebuilt').run(rebuiltPath);
    try {
      return this.db
        .transaction(() => {
          this.db.exec(`
          DELETE FROM documents; INSERT INTO documents SELECT * FROM rebuilt.documents;
          DELETE FROM checkpoints; INSERT INTO checkpoints SELECT * FROM rebuilt.checkpoints;
        `);
          const next = this.generation() + 1;
          this.db.prepare("UPDATE meta SET value = ? WHERE key = 'generation'").run(String(next));
          return next;
        })
        .immediate();
    } finally {
      this.db.exec('DETACH DATABASE rebuilt');
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

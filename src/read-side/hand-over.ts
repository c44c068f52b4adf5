import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { isBusy } from '../event-store/sqlite-busy';
import { NOTE, openCurrent } from './read-model.schema';

/** How a rebuilt file became the live one. */
export interface HandedOver {
  generation: number;
  /**
   * `renamed`: no process had the live file open, so the rebuilt file took its place as it is (its documents written
   * once). `copied`: a process (a running server) holds the live file, so the rebuilt documents were copied into it
   * in one transaction, which that process sees atomically, and reloads on the new generation.
   */
  how: 'renamed' | 'copied';
}

/**
 * Makes the rebuilt file at `rebuiltPath` the read models at `livePath`, with the next generation, and removes it.
 *
 * Renaming a file over an SQLite database that another connection holds corrupts it (that connection's WAL and
 * shared-memory files are named after the path, not the file), so the rename happens only once this connection has
 * taken the live file out of WAL mode and holds it exclusively: SQLite refuses both while any other connection is
 * open in WAL mode. A process that opens the live path meanwhile waits for the lock and then finds another file at the
 * path, and opens that instead (see `openCurrent`). Otherwise the documents are copied in.
 */
export function handOver(livePath: string, rebuiltPath: string): HandedOver {
  const live = existsSync(livePath);
  const alone = live ? holdAlone(livePath) : undefined;
  if (live && !alone) return { generation: copyIn(livePath, rebuiltPath), how: 'copied' };
  try {
    const generation = (alone ? generationOf(alone) : 0) + 1;
    const rebuilt = new Database(rebuiltPath);
    try {
      rebuilt.prepare("UPDATE meta SET value = ? WHERE key = 'generation'").run(String(generation));
    } finally {
      rebuilt.close();
    }
    syncFile(rebuiltPath);
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(livePath + suffix, { force: true });
    renameSync(rebuiltPath, livePath);
    syncFile(dirname(livePath));
    return { generation, how: 'renamed' };
  } finally {
    alone?.close();
  }
}

/**
 * The live file held exclusively by a new connection, or undefined when another connection has it open. Leaving WAL
 * mode checkpoints the WAL and deletes it and its shared memory; the journal kept in memory leaves no file behind for
 * the rebuilt file to inherit; exclusive locking keeps the lock after the first transaction until the close.
 */
function holdAlone(livePath: string): Database.Database | undefined {
  const db = new Database(livePath);
  try {
    db.pragma('busy_timeout = 0');
    if (db.pragma('journal_mode = DELETE', { simple: true }) !== 'delete') throw busy();
    db.pragma('journal_mode = MEMORY');
    db.pragma('locking_mode = EXCLUSIVE');
    // A write, so that exclusive locking mode keeps the exclusive lock (a read would keep only a shared one).
    db.exec('CREATE TABLE IF NOT EXISTS handed_over (at INTEGER); DROP TABLE handed_over;');
    return db;
  } catch (error) {
    db.close();
    if (isBusy(error)) return undefined;
    throw error;
  }
}

/** The live file's generation; 0 for a file that holds no read models yet. */
function generationOf(db: Database.Database): number {
  const meta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
  return meta ? Number(db.prepare("SELECT value FROM meta WHERE key = 'generation'").pluck().get() ?? 0) : 0;
}

/**
 * The rebuilt file's documents, lookups, tails and checkpoints copied into the live file in one transaction, which a
 * server holding the live file sees atomically; its notes forgotten, its generation bumped (the server reloads on it).
 * `INSERT … SELECT *` into an emptied table of the same shape lets SQLite copy the records as they are (its transfer
 * optimisation) instead of decoding and re-encoding each. The rebuilt file is removed.
 */
export function copyIn(livePath: string, rebuiltPath: string): number {
  const live = openCurrent(livePath);
  try {
    live.prepare('ATTACH DATABASE ? AS rebuilt').run(rebuiltPath);
    return live
      .transaction(() => {
        live.exec(`
          DELETE FROM documents; DELETE FROM lookups; DELETE FROM tails; DELETE FROM checkpoints;
          INSERT INTO documents SELECT * FROM rebuilt.documents;
          INSERT INTO lookups SELECT * FROM rebuilt.lookups;
          INSERT INTO tails SELECT * FROM rebuilt.tails;
          INSERT INTO checkpoints SELECT * FROM rebuilt.checkpoints;
          DELETE FROM meta WHERE key LIKE '${NOTE}%';
        `);
        const next = generationOf(live) + 1;
        live.prepare("UPDATE meta SET value = ? WHERE key = 'generation'").run(String(next));
        return next;
      })
      .immediate();
  } finally {
    live.close();
    for (const suffix of ['', '-journal']) rmSync(rebuiltPath + suffix, { force: true });
  }
}

function busy(): Error {
  return Object.assign(new Error('read models: the live file is in use'), { code: 'SQLITE_BUSY' });
}

/** Written through to the disk: the rebuilt file's pages before it is renamed, the folder's entry after. */
function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

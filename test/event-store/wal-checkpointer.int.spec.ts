import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { WalCheckpointer } from '../../src/event-store/wal-checkpointer';

async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('not within the time given');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function openWal(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  return db;
}

/** 4 MB in one transaction: past SQLite's 1000-page threshold, where a connection would checkpoint on its commit. */
function writeFourMegabytes(db: Database.Database): void {
  const insert = db.prepare('INSERT INTO rows (body) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 4000; i++) insert.run('x'.repeat(1000));
  })();
}

describe('WalCheckpointer (checkpoints in a thread of their own)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-wal-'));

  it('takes checkpoints away from the committing connection and copies its commits into the file itself', async () => {
    const path = join(dir, 'moved.db');
    const db = openWal(path);
    const checkpointer = new WalCheckpointer(db, path, 'FULL');
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = statSync(path).size;
    writeFourMegabytes(db);
    // Nothing else checkpoints this file: when its size holds the 4 MB, the thread copied them.
    await eventually(() => statSync(path).size > before + 4_000_000);
    expect(db.prepare('SELECT COUNT(*) FROM rows').pluck().get()).toBe(4000);

    // Stopped, it lets the committing connection be the last one: closing then empties and removes the WAL.
    checkpointer.stop();
    db.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    const reopened = new Database(path, { readonly: true });
    expect(reopened.prepare('SELECT COUNT(*) FROM rows').pluck().get()).toBe(4000);
    reopened.close();
  });

  it('hands checkpoints back to the connection when its thread cannot run', async () => {
    const path = join(dir, 'fallback.db');
    const db = openWal(path);
    // The thread opens a file that is not there and fails: the WAL must not grow without end.
    new WalCheckpointer(db, join(dir, 'missing', 'nothing.db'), 'FULL');
    await eventually(() => db.pragma('wal_autocheckpoint', { simple: true }) === 1000);
    db.close();
  });
});

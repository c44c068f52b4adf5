import { existsSync, mkdtempSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import type { ProjectionDefinition } from '../../projections/projection';
import { handOver } from '../../src/read-side/hand-over';
import { ReadModelDb } from '../../src/read-side/read-model.db';
import { openCurrent } from '../../src/read-side/read-model.schema';

const definition = caseFilesProjection as ProjectionDefinition<unknown>;
const dir = mkdtempSync(join(tmpdir(), 'ledger-hand-over-'));
let files = 0;

/** A read-model file holding one document, `title`, at `generation`. */
function fileWith(title: string, generation: number, options: { scratch?: boolean } = {}): string {
  const path = join(dir, `${++files}.db`);
  const file = new ReadModelDb(path, options);
  file.writeDocuments([{ projection: definition.name, key: 'c-1', doc: { title } }]);
  file.close();
  const db = new Database(path);
  db.prepare("UPDATE meta SET value = ? WHERE key = 'generation'").run(String(generation));
  db.close();
  return path;
}

const titleIn = (file: ReadModelDb) => (file.document(definition.name, 'c-1') as { title: string }).title;

describe('handing a rebuilt read-model file over', () => {
  it('renames it into place when no process holds the live file: its documents written once', () => {
    const live = fileWith('before', 3);
    const rebuilt = fileWith('rebuilt', 0, { scratch: true });
    expect(handOver(live, rebuilt)).toEqual({ generation: 4, how: 'renamed' });
    expect(existsSync(rebuilt)).toBe(false);
    for (const suffix of ['-wal', '-shm', '-journal']) expect(existsSync(live + suffix)).toBe(false);
    const file = new ReadModelDb(live);
    try {
      expect(file.generation()).toBe(4);
      expect(titleIn(file)).toBe('rebuilt');
    } finally {
      file.close();
    }
  });

  it('renames it into place where there was no live file yet, as generation 1', () => {
    const live = join(dir, 'none-yet.db');
    expect(handOver(live, fileWith('rebuilt', 0, { scratch: true }))).toEqual({ generation: 1, how: 'renamed' });
  });

  it('copies it in, in one transaction, when a running server holds the live file, which then reads it', () => {
    const live = fileWith('before', 3);
    const server = new ReadModelDb(live);
    try {
      expect(titleIn(server)).toBe('before');
      const rebuilt = fileWith('rebuilt', 0, { scratch: true });
      expect(handOver(live, rebuilt)).toEqual({ generation: 4, how: 'copied' });
      expect(existsSync(rebuilt)).toBe(false);
      expect(server.generation()).toBe(4);
      expect(titleIn(server)).toBe('rebuilt');
    } finally {
      server.close();
    }
  });

  it('an open that raced a rename finds another file at the path once it has the lock, and opens that one', () => {
    const live = fileWith('before', 3);
    const rebuilt = fileWith('rebuilt', 4);
    let opens = 0;
    const db = openCurrent(live, {}, (path) => {
      const connection = new Database(path);
      // What the hand-over does while this open waits for its lock: the path now names the rebuilt file.
      if (++opens === 1) renameSync(rebuilt, live);
      return connection;
    });
    try {
      expect(opens).toBe(2);
      expect(db.prepare("SELECT value FROM meta WHERE key = 'generation'").pluck().get()).toBe('4');
    } finally {
      db.close();
    }
  });
});

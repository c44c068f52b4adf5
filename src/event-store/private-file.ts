import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Creates an SQLite file (and its folder) readable by this user alone before SQLite opens it: SQLite creates a new
 * file with the process's umask (usually world-readable, 0644) and gives its -wal and -shm files the mode of the
 * main file. The store holds every recorded fact, the read models and outbox what was derived and sent; none of it
 * is for other accounts on the machine. A file that exists keeps its mode: an operator may have set it on purpose.
 */
export function createPrivately(path: string): void {
  if (path === ':memory:') return;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** How often the checkpointer copies what the WAL holds into the database file. */
const EVERY_MS = 200;
/** How long closing waits for a checkpoint under way to finish before it closes the file anyway. */
const CLOSE_WAIT_MS = 10_000;
/** SQLite's own threshold, in pages: what the connection goes back to if the checkpointer stops. */
const AUTOCHECKPOINT_PAGES = 1000;

/**
 * The thread's code, run with `eval`: it needs nothing from this project, only the driver (its path passed in), so
 * it runs the same from the sources under test and from the compiled build.
 */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const closed = new Int32Array(workerData.closed);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('synchronous = ' + workerData.synchronous);
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { clearInterval(timer); parentPort.postMessage('failed'); }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  try { db.close(); } finally { Atomics.store(closed, 0, 1); Atomics.notify(closed, 0); parentPort.close(); }
});
`;

/**
 * Moves a WAL database's checkpoints to a thread of their own. better-sqlite3 runs on the thread that calls it, and
 * SQLite checkpoints on the commit that fills the WAL past 1000 pages: the copy into the database file and its
 * fsync then hold the whole process up (0.5–0.9 s on this machine's disk, seen with strace under a load of POSTs,
 * docs/benchmarks.md). Here the committing connection never checkpoints; a second connection in a worker thread
 * runs PASSIVE checkpoints, which wait for no one and stop no one. Durability does not depend on them: a commit is
 * durable in the WAL (synchronous FULL), and an unfinished checkpoint is redone from the WAL on the next open.
 */
export class WalCheckpointer {
  private readonly closed = new Int32Array(new SharedArrayBuffer(4));
  private readonly worker: Worker;
  private stopped = false;

  constructor(
    private readonly db: Database.Database,
    path: string,
    synchronous: 'FULL' | 'NORMAL',
  ) {
    this.worker = new Worker(THREAD, {
      eval: true,
      workerData: {
        driver: require.resolve('better-sqlite3'),
        path,
        synchronous,
        everyMs: EVERY_MS,
        closed: this.closed.buffer,
      },
    });
    this.worker.unref();
    db.pragma('wal_autocheckpoint = 0');
    // Should the thread fail, the connection checkpoints for itself again rather than let the WAL grow without end.
    const fallBack = () => {
      if (!this.stopped && this.db.open) this.db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    };
    this.worker.on('error', fallBack);
    this.worker.on('exit', fallBack);
    this.worker.on('message', fallBack);
  }

  /**
   * Closes the thread's connection and waits for it (up to CLOSE_WAIT_MS), so that the caller's connection is the
   * last on the file when it closes: SQLite then checkpoints everything and removes the WAL, as without this class.
   */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.worker.postMessage('close');
    Atomics.wait(this.closed, 0, 0, CLOSE_WAIT_MS);
    void this.worker.terminate();
  }
}

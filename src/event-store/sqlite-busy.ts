/**
 * SQLite waits for another connection's write lock inside the call (`busy_timeout`), and better-sqlite3's calls are
 * synchronous: on the event loop that wait froze every request for up to the timeout (10 s) whenever another process
 * or thread held the lock, as an instance sharing the webhook outbox, a backup tool or the read-model writer thread
 * mid-commit can. Connections on the event loop therefore write without waiting (`busy_timeout = 0`), and a write
 * the lock refused is tried again between turns of the event loop until `timeoutMs` has passed.
 */
export async function retryWhileBusy<T>(write: () => T, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
    try {
      return write();
    } catch (error) {
      if (!isBusy(error) || Date.now() + pause > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** Runs `write` on `db` refusing at once, rather than waiting, if another connection holds the lock. */
export function withoutWaiting<T>(
  db: { pragma(source: string, options?: { simple: boolean }): unknown },
  write: () => T,
): T {
  const before = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    return write();
  } finally {
    db.pragma(`busy_timeout = ${before}`);
  }
}

export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

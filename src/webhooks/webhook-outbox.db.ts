import Database from 'better-sqlite3';
import { createPrivately } from '../event-store/private-file';
import { retryWhileBusy } from '../event-store/sqlite-busy';
import type { Position } from '../event-store/event-store.port';
import { comparePositions, formatPosition, parsePosition } from '../event-store/position';

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'dead'];

export interface Delivery {
  deliveryId: string;
  alertId: string;
  url: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  leaseUntil: number | null;
  leasedBy: string | null;
  lastError: string | null;
  lastStatusCode: number | null;
  createdAt: number;
  updatedAt: number;
  deliveredAt: number | null;
}

/** One delivery to enqueue: made per URL by the feeder, for an alert at a store position. */
export interface NewDelivery {
  deliveryId: string;
  alertId: string;
  url: string;
  body: string;
  position: Position;
}

type Row = Record<string, unknown>;

const fromRow = (row: Row): Delivery => ({
  deliveryId: row.delivery_id as string,
  alertId: row.alert_id as string,
  url: row.url as string,
  body: row.body as string,
  status: row.status as DeliveryStatus,
  attempts: row.attempts as number,
  nextAttemptAt: row.next_attempt_at as number,
  leaseUntil: row.lease_until as number | null,
  leasedBy: row.leased_by as string | null,
  lastError: row.last_error as string | null,
  lastStatusCode: row.last_status as number | null,
  createdAt: row.created_at as number,
  updatedAt: row.updated_at as number,
  deliveredAt: row.delivered_at as number | null,
});

/**
 * The webhook outbox: one row per (alert, URL) with its status, attempts and next attempt, and per URL the store
 * position up to which alerts have been enqueued for it. Its own file, not the read models': those are rebuilt at
 * will, while this holds what receivers have been sent, which the store cannot tell. Instances that share the file
 * share the work: a delivery is sent only under a lease, so two never send it at the same time.
 */
export class WebhookOutbox {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(readonly path: string) {
    createPrivately(path);
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // NORMAL (WAL) survives a process crash; a power loss may lose the last commits, and with them only "delivered"
    // marks (sent again, same delivery id: receivers de-duplicate) or an enqueue together with its checkpoint (fed
    // again from the store). At-least-once holds either way, without an fsync per attempt.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS deliveries (
        seq             INTEGER PRIMARY KEY,
        delivery_id     TEXT    NOT NULL UNIQUE,
        alert_id        TEXT    NOT NULL,
        url             TEXT    NOT NULL,
        body            TEXT    NOT NULL,
        status          TEXT    NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        lease_until     INTEGER,
        leased_by       TEXT,
        last_error      TEXT,
        last_status     INTEGER,
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL,
        delivered_at    INTEGER
      );
      CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_attempt_at);
      CREATE TABLE IF NOT EXISTS url_checkpoints (url TEXT PRIMARY KEY, position TEXT NOT NULL) WITHOUT ROWID;
    `);
    const db = this.db;
    this.statements = {
      checkpoint: db.prepare('SELECT position FROM url_checkpoints WHERE url = ?').pluck(),
      setCheckpoint: db.prepare(
        'INSERT INTO url_checkpoints (url, position) VALUES (?, ?) ON CONFLICT (url) DO UPDATE SET position = excluded.position',
      ),
      insert: db.prepare(
        `INSERT INTO deliveries (delivery_id, alert_id, url, body, status, next_attempt_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'pending', ?, ?, ?) ON CONFLICT (delivery_id) DO NOTHING`,
      ),
      // URLs come as a JSON array: a delivery to a URL no longer configured waits, listed, until it is again.
      due: db.prepare(
        `SELECT * FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ?
           AND (lease_until IS NULL OR lease_until < ?) AND url IN (SELECT value FROM json_each(?))
         ORDER BY next_attempt_at, seq LIMIT ?`,
      ),
      lease: db.prepare('UPDATE deliveries SET lease_until = ?, leased_by = ? WHERE delivery_id = ?'),
      nextDue: db
        .prepare(
          `SELECT MIN(MAX(next_attempt_at, COALESCE(lease_until + 1, 0))) FROM deliveries
           WHERE status = 'pending' AND url IN (SELECT value FROM json_each(?))`,
        )
        .pluck(),
      delivered: db.prepare(
        `UPDATE deliveries SET status = 'delivered', attempts = attempts + 1, last_status = ?, last_error = NULL,
           delivered_at = ?, updated_at = ?, lease_until = NULL, leased_by = NULL
         WHERE delivery_id = ? AND leased_by = ?`,
      ),
      failed: db.prepare(
        `UPDATE deliveries SET status = ?, attempts = attempts + 1, last_status = ?, last_error = ?,
           next_attempt_at = ?, updated_at = ?, lease_until = NULL, leased_by = NULL
         WHERE delivery_id = ? AND leased_by = ?`,
      ),
      release: db.prepare('UPDATE deliveries SET lease_until = NULL, leased_by = NULL WHERE leased_by = ?'),
      get: db.prepare('SELECT * FROM deliveries WHERE delivery_id = ?'),
      requeue: db.prepare(
        `UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ?,
           delivered_at = NULL WHERE delivery_id = ?`,
      ),
    };
    // Created and migrated waiting for the lock like any start; from now on writes never wait on the event loop.
    this.db.pragma('busy_timeout = 0');
  }

  /** Where the feeder resumes: after the lowest checkpoint of the URLs, or from the start when one has none. */
  resumeAfter(urls: readonly string[]): Position | 'start' {
    let lowest: Position | undefined;
    for (const url of urls) {
      const stored = this.statements.checkpoint.get(url) as string | undefined;
      if (stored === undefined) return 'start';
      const position = parsePosition(stored);
      if (!lowest || comparePositions(position, lowest) < 0) lowest = position;
    }
    return lowest ?? 'start';
  }

  /**
   * Enqueues the deliveries each URL has not had yet and moves every URL's checkpoint to `through`, in one
   * transaction: a crash leaves either both or neither. Re-enqueueing (another instance, a resumed subscription)
   * changes nothing. Answers how many were new.
   */
  enqueue(
    deliveries: readonly NewDelivery[],
    urls: readonly string[],
    through: Position,
    now: number,
  ): Promise<number> {
    return retryWhileBusy(() =>
      this.db
        .transaction(() => {
          const checkpoints = new Map<string, Position | undefined>();
          for (const url of urls) {
            const stored = this.statements.checkpoint.get(url) as string | undefined;
            checkpoints.set(url, stored === undefined ? undefined : parsePosition(stored));
          }
          let added = 0;
          for (const d of deliveries) {
            if (!checkpoints.has(d.url)) continue;
            const after = checkpoints.get(d.url);
            if (after && comparePositions(d.position, after) <= 0) continue;
            added += this.statements.insert.run(d.deliveryId, d.alertId, d.url, d.body, now, now, now).changes;
          }
          for (const [url, after] of checkpoints) {
            // Never backwards: another instance sharing the file may already be further on.
            if (!after || comparePositions(through, after) > 0) {
              this.statements.setCheckpoint.run(url, formatPosition(through));
            }
          }
          return added;
        })
        .immediate(),
    );
  }

  /** Leases up to `limit` due deliveries to URLs still configured; no other holder of the file gets them meanwhile. */
  claim(owner: string, urls: readonly string[], now: number, leaseMs: number, limit: number): Promise<Delivery[]> {
    return retryWhileBusy(() =>
      this.db
        .transaction(() => {
          const claimed = (this.statements.due.all(now, now, JSON.stringify(urls), limit) as Row[]).map(fromRow);
          for (const d of claimed) this.statements.lease.run(now + leaseMs, owner, d.deliveryId);
          return claimed.map((d) => ({ ...d, leaseUntil: now + leaseMs, leasedBy: owner }));
        })
        .immediate(),
    );
  }

  /** When the next pending delivery to one of the URLs becomes due (or its lease runs out), if any. */
  nextDueAt(urls: readonly string[]): number | undefined {
    const next = this.statements.nextDue.get(JSON.stringify(urls)) as number | null;
    return next ?? undefined;
  }

  /** False when the lease was lost (it ran out and someone else took the delivery): the other outcome stands. */
  markDelivered(deliveryId: string, owner: string, statusCode: number, now: number): Promise<boolean> {
    return retryWhileBusy(() => this.statements.delivered.run(statusCode, now, now, deliveryId, owner).changes === 1);
  }

  markFailed(
    deliveryId: string,
    owner: string,
    failure: { error: string; statusCode?: number; nextAttemptAt?: number },
    now: number,
  ): Promise<boolean> {
    const dead = failure.nextAttemptAt === undefined;
    return retryWhileBusy(
      () =>
        this.statements.failed.run(
          dead ? 'dead' : 'pending',
          failure.statusCode ?? null,
          failure.error.slice(0, 500),
          failure.nextAttemptAt ?? now,
          now,
          deliveryId,
          owner,
        ).changes === 1,
    );
  }

  /** Gives back every lease of this owner (a clean shutdown), so a restart or another instance goes on at once. */
  async releaseAll(owner: string): Promise<void> {
    await retryWhileBusy(() => this.statements.release.run(owner));
  }

  get(deliveryId: string): Delivery | undefined {
    const row = this.statements.get.get(deliveryId) as Row | undefined;
    return row && fromRow(row);
  }

  /** Newest first. */
  list(filter: { status?: DeliveryStatus; alertId?: string; limit: number }): Delivery[] {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (filter.status) {
      where.push('status = ?');
      params.push(filter.status);
    }
    if (filter.alertId) {
      where.push('alert_id = ?');
      params.push(filter.alertId);
    }
    const sql = `SELECT * FROM deliveries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...params, filter.limit) as Row[]).map(fromRow);
  }

  /**
   * Sends a delivery again, whatever its status, with a fresh set of attempts. Refused ('in_flight') while an
   * instance holds it: its outcome would overwrite the request.
   */
  redeliver(deliveryId: string, now: number): Promise<Delivery | 'not_found' | 'in_flight'> {
    return retryWhileBusy(() =>
      this.db
        .transaction(() => {
          const current = this.get(deliveryId);
          if (!current) return 'not_found' as const;
          if (current.leaseUntil !== null && current.leaseUntil >= now) return 'in_flight' as const;
          this.statements.requeue.run(now, now, deliveryId);
          return this.get(deliveryId)!;
        })
        .immediate(),
    );
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

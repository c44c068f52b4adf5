import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import { ALERT_RAISED, ALERTS_STREAM, type AlertRaised } from '../../projections/alerts/alert.events';
import {
  DuplicateEventIdError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../event-store/event-store.errors';
import { EVENT_STORE, type EventStore, type EventToAppend, type JsonValue } from '../event-store/event-store.port';
import { Metrics } from '../metrics/metrics';
import { Clock } from '../time/clock';

/** Event ids of AlertRaised are UUID v5 of the alertId in this namespace: the same fact, the same id, everywhere. */
const ALERT_NAMESPACE = '3a8d2c1e-5b7f-4e90-a6d4-9c2e7f1b0d58';
const PAGE = 1000;
/** One append stays well under EventStoreDB's 1 MiB MaxAppendSize, even on a first start over years of data. */
const MAX_PER_APPEND = 200;
/** Races one call may lose in a row before it gives up (and the process manager retries later). */
const MAX_ROUNDS = 20;
/**
 * Alert ids read and taken into the set per turn of the event loop when seeding: 345k take about 0.6 s in all, and
 * the first write after a start, which the seed waits for, should not hold every other request up that long.
 */
const SEEDED_PER_TURN = 10_000;

/** Alert ids a read model holds (pages read as they are taken), and the revision of the stream they cover at least. */
type KnownAlerts = (pageSize: number) => { alertIds: Iterable<readonly string[]>; revision: number };

export const alertEventId = (alertId: string): string => uuidv5(alertId, ALERT_NAMESPACE);

/**
 * The `alerts` stream as the one place that knows which alerts exist. It reads the stream (catching up from the last
 * revision it saw) and appends only alerts not in it, expecting exactly the revision it read: when another instance
 * appended in between, the append fails, and it reads again and drops what the other one raised. So an alert is
 * stored once however many instances judge the same fact at the same moment, on every store; the deterministic event
 * id adds a second guard on stores that index ids globally (SQLite).
 */
@Injectable()
export class AlertLedger {
  private readonly raised = new Set<string>();
  /** Revision of the last event read from the stream; -1 before any. */
  private revision = -1;
  private queue: Promise<unknown> = Promise.resolve();
  private known?: KnownAlerts;
  /**
   * Appends another instance got in first with: a conflict, or the very same alerts already at that place (the
   * store then writes nothing). The race this class exists for; counted for tests and metrics.
   */
  racesLost = 0;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
  ) {}

  /** Stores the alerts not raised before, in order; answers those this call stored. One call at a time. */
  raise(alerts: readonly AlertRaised[]): Promise<AlertRaised[]> {
    const next = this.queue.then(() => this.raiseNow(alerts));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * What a read model of the stream already knows, up to `revision`: the ledger then reads only what came after,
   * not the whole stream (on a start-up over years of alerts, a second or more). Read when first asked to raise,
   * not before: a restart with nothing to judge does not spend half a second on 345k alert ids.
   */
  seed(known: KnownAlerts): void {
    this.known = known;
  }

  private async raiseNow(alerts: readonly AlertRaised[]): Promise<AlertRaised[]> {
    if (alerts.length === 0) return [];
    if (this.known) await this.readSeed(this.known);
    const stored: AlertRaised[] = [];
    // Judged once per reading of the stream, then appended a chunk at a time.
    let fresh: AlertRaised[] | undefined;
    let from = 0;
    let racesLostHere = 0;
    for (;;) {
      if (!fresh) {
        await this.catchUp();
        fresh = unique(alerts).filter((a) => !this.raised.has(a.alertId));
        from = 0;
      }
      if (from >= fresh.length) return stored;
      const chunk = fresh.slice(from, from + MAX_PER_APPEND);
      from += chunk.length;
      const expected = this.revision;
      try {
        const result = await this.store.appendToStream(ALERTS_STREAM, chunk.map(this.toEvent), {
          expectedRevision: expected < 0 ? 'no_stream' : expected,
        });
        if (result.written) {
          // Written at exactly expected + 1…: nothing else can be in between, so no need to read them back.
          chunk.forEach((a) => this.raised.add(a.alertId));
          chunk.forEach((a) => this.metrics.alertRaised(a.rule));
          this.revision = result.nextExpectedRevision;
          stored.push(...chunk);
        } else {
          this.racesLost++;
          fresh = undefined;
        }
      } catch (error) {
        const lostRace = error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError;
        if (!lostRace || ++racesLostHere >= MAX_ROUNDS) throw error;
        this.racesLost++;
        // Another instance appended: read what it raised and judge what is left afresh.
        fresh = undefined;
      }
    }
  }

  private async readSeed(known: KnownAlerts): Promise<void> {
    this.known = undefined;
    const { alertIds, revision } = known(SEEDED_PER_TURN);
    if (revision <= this.revision) return;
    for (const page of alertIds) {
      for (const id of page) this.raised.add(id);
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.revision = revision;
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const page = await this.store
        .readStream(ALERTS_STREAM, { fromRevision: this.revision + 1, maxCount: PAGE })
        .catch((error: unknown) => {
          if (error instanceof StreamNotFoundError) return [];
          throw error;
        });
      for (const event of page) {
        if (event.type === ALERT_RAISED) this.raised.add((event.data as unknown as AlertRaised).alertId);
        this.revision = event.revision;
      }
      if (page.length < PAGE) return;
    }
  }

  private readonly toEvent = (alert: AlertRaised): EventToAppend => ({
    eventId: alertEventId(alert.alertId),
    type: ALERT_RAISED,
    data: alert as unknown as JsonValue,
    metadata: {
      actor: 'alerts',
      source: 'alerts',
      recordedAt: this.clock.now().toISOString(),
      idempotencyKey: alert.alertId,
    },
  });
}

function unique(alerts: readonly AlertRaised[]): AlertRaised[] {
  const seen = new Set<string>();
  return alerts.filter((a) => !seen.has(a.alertId) && seen.add(a.alertId));
}

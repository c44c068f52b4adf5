import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import type { AlertRaised } from '../../projections/alerts/alert.events';
import {
  ALERT_RULES_VERSION,
  alertScopeOf,
  alertsDue,
  EVERY_ALERT,
  widerScope,
  type AlertScope,
} from '../../projections/alerts/alert-rules';
import { alertsProjection } from '../../projections/alerts/alerts.projection';
import { dayFromIso } from '../../domain/calendar/calendar-day';
import { CASE_STREAM_PREFIX } from '../../domain/case/case.events';
import { appConfig } from '../config/app.config';
import { EVENT_STORE, type EventStore, type Position } from '../event-store/event-store.port';
import { comparePositions } from '../event-store/position';
import { EventRecorded } from '../read-side/event-recorded';
import { ReadModels } from '../read-side/read-models';
import { Clock } from '../time/clock';
import { AlertLedger } from './alert-ledger';
import { CasesToJudge } from './cases-to-judge';
import { JudgedMark } from './judged-mark';

const DAILY_JOB = 'alerts:start-of-day';
const RETRY_MS = 2_000;
const CATCH_UP_WAIT_MS = 5_000;
const JUDGED_PER_TURN = 500;
const PAGE = 1000;
/** Past this many events recorded since the last judgement, judging every case is the cheaper way. */
const CHANGES_WORTH_READING = 100_000;

/**
 * The process manager that turns what the ledger knows into alerts. It judges the rules (projections/alerts) on the
 * read models, as of today (NOW when set, else the date in REPORTING_TIMEZONE), and hands what is due to the
 * AlertLedger, which stores each alert once:
 * - after each recorded case event, for the alerts of that case it may change (alertScopeOf: an inquiry's event, that
 *   inquiry's alert; any other, its opinions'), and for the opinions of the cases that share one with it;
 * - every day at 00:00 in REPORTING_TIMEZONE, for every case: deadlines pass without any event;
 * - once at start-up, after the read models caught up with the store, so what came due while the server was down is
 *   raised then: every case, or on the day of the last full judgement only the cases recorded since (JudgedMark).
 *   Before that it judges nothing: a half-rebuilt case file could show an opinion without its later release, and an
 *   alert once raised is never taken back.
 * One evaluation runs at a time; requests that arrive meanwhile are merged into the next one.
 */
@EventsHandler(EventRecorded)
@Injectable()
export class AlertProcessManager
  implements IEventHandler<EventRecorded>, OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('Alerts');
  private ready = false;
  private stopped = false;
  private pendingAll = false;
  /** Cases to judge, each with the part of its alerts that changed. */
  private readonly pendingCases = new Map<string, AlertScope>();
  private draining?: Promise<void>;
  private retryTimer?: NodeJS.Timeout;
  private startUp?: Promise<void>;
  private readonly casesToJudge: CasesToJudge;
  /** The last event handed to `handle` once ready: every case event up to it was judged or is pending. */
  private lastHandled?: Position;
  private readonly mark: JudgedMark;
  /** What the start-up judged: every case, or how many recorded since the last judgement that day. */
  startUpJudged?: number | 'every case';
  lastError?: string;

  constructor(
    private readonly readModels: ReadModels,
    private readonly ledger: AlertLedger,
    private readonly clock: Clock,
    private readonly scheduler: SchedulerRegistry,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
  ) {
    const basis = `rules ${ALERT_RULES_VERSION}, inquiries answered within ${config.inquiryResponseDays} days`;
    this.mark = new JudgedMark(readModels, basis);
    this.casesToJudge = new CasesToJudge(readModels);
  }

  /** Cases recorded before the start-up judgement are kept for it too: they changed since the last one. */
  handle({ event }: EventRecorded): void {
    if (this.ready) this.lastHandled = event.position;
    if (event.stream.startsWith(CASE_STREAM_PREFIX)) {
      this.pend(event.stream.slice(CASE_STREAM_PREFIX.length), alertScopeOf(event));
      this.kick();
    } else if (this.ready && !this.busy()) {
      // Every case event before this one has been judged: a restart need not look at them again.
      this.mark.advance(event.position);
    }
  }

  onApplicationBootstrap(): void {
    const job = CronJob.from({
      cronTime: '0 0 0 * * *',
      timeZone: this.config.reportingTimezone,
      onTick: () => this.evaluateAll(),
      start: true,
      name: DAILY_JOB,
    });
    this.scheduler.addCronJob(DAILY_JOB, job);
    this.startUp = this.startWhenCaughtUp();
  }

  /** Every case, as of today: the start-up and the daily run. */
  evaluateAll(): void {
    this.pendingAll = true;
    this.kick();
  }

  /** Resolves once nothing is pending or running (tests, shutdown). */
  async settled(): Promise<void> {
    await this.startUp;
    while (this.draining) await this.draining;
  }

  get isReady(): boolean {
    return this.ready;
  }

  private async startWhenCaughtUp(): Promise<void> {
    while (!this.stopped) {
      try {
        const head = await this.store.headPosition();
        if (!head || (await this.readModels.waitFor(head, CATCH_UP_WAIT_MS))) break;
      } catch (error) {
        this.logger.warn(`waiting for the store before the start-up evaluation: ${message(error)}`);
        await sleep(RETRY_MS);
      }
    }
    if (this.stopped) return;
    // Each key is an alert first raised at its own revision of the stream, and the read model applied the stream in
    // order: it holds every alert up to at least revision count - 1, where the ledger reads on from.
    this.ledger.seed((pageSize) => {
      const { count, pages } = this.readModels.keyPages(alertsProjection.name, pageSize);
      return { alertIds: pages, revision: count - 1 };
    });
    const since = this.mark.resume(this.clock.today());
    const changed = since === undefined ? undefined : await this.casesRecordedSince(since);
    if (changed === undefined) this.pendingAll = true;
    else changed.forEach((caseId) => this.pend(caseId, EVERY_ALERT));
    this.startUpJudged = this.pendingAll ? 'every case' : this.pendingCases.size;
    this.logger.log(
      `start-up judgement as of ${this.clock.today()}: ${this.startUpJudged} (cases recorded since the last)`,
    );
    this.ready = true;
    this.kick();
    await this.draining;
  }

  /** Cases with events after `since`, up to where the read models stand (later ones reach `handle`). */
  private async casesRecordedSince(since: Position | 'start'): Promise<Set<string> | undefined> {
    const until = this.readModels.position;
    const cases = new Set<string>();
    let after = since;
    for (let read = 0; until && (after === 'start' || comparePositions(after, until) < 0);) {
      const page = await this.store.readAll({ after, maxCount: PAGE });
      for (const event of page) {
        if (event.stream.startsWith(CASE_STREAM_PREFIX)) cases.add(event.stream.slice(CASE_STREAM_PREFIX.length));
      }
      read += page.length;
      if (page.length < PAGE) break;
      if (read >= CHANGES_WORTH_READING) return undefined;
      after = page[page.length - 1].position;
    }
    return cases;
  }

  private pend(caseId: string, scope: AlertScope): void {
    const pending = this.pendingCases.get(caseId);
    this.pendingCases.set(caseId, pending ? widerScope(pending, scope) : scope);
  }

  private busy(): boolean {
    return this.draining !== undefined || this.pendingAll || this.pendingCases.size > 0 || !!this.retryTimer;
  }

  private kick(): void {
    if (this.draining || this.stopped || !this.ready) return;
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      // A request that came after the loop's last look would otherwise wait for the next one.
      if ((this.pendingAll || this.pendingCases.size > 0) && !this.retryTimer) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (!this.stopped && (this.pendingAll || this.pendingCases.size > 0)) {
      const all = this.pendingAll;
      const cases = new Map(this.pendingCases);
      this.pendingAll = false;
      this.pendingCases.clear();
      try {
        await this.evaluate(all ? undefined : cases);
        this.lastError = undefined;
        // Events handled meanwhile (the alerts this evaluation raised, as the read side applies them) left no case
        // to judge: the mark moves past them, or a restart would read them all again (345k, on a first start).
        if (!this.pendingAll && this.pendingCases.size === 0) this.mark.advance(this.lastHandled);
      } catch (error) {
        // The store may be down for a moment: keep the requests and try again, never drop a due alert.
        this.lastError = message(error);
        if (this.stopped) return;
        this.logger.error(`alert evaluation failed, retrying in ${RETRY_MS} ms: ${this.lastError}`);
        if (all) this.pendingAll = true;
        cases.forEach((scope, id) => this.pend(id, scope));
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.kick();
        }, RETRY_MS);
        return;
      }
    }
  }

  private async evaluate(cases: ReadonlyMap<string, AlertScope> | undefined): Promise<void> {
    // One reading of the clock: two could fall either side of midnight.
    const today = this.clock.today();
    const day = dayFromIso(today);
    const upTo = this.readModels.position;
    const { files, scopes, casesRecording } = this.casesToJudge.select(cases);
    const options = { inquiryResponseDays: this.config.inquiryResponseDays, casesRecording };
    const due: AlertRaised[] = [];
    for (let from = 0; from < files.length; from += JUDGED_PER_TURN) {
      // Judging every case takes about a second per 20k cases: reads are answered in between.
      if (from > 0) await new Promise((resolve) => setImmediate(resolve));
      for (const file of files.slice(from, from + JUDGED_PER_TURN))
        due.push(...alertsDue(file, day, { ...options, scope: scopes?.get(file.caseId) }));
    }
    const raised = await this.ledger.raise(due);
    if (cases === undefined) this.mark.judgedAll(today, upTo);
    else this.mark.advance(upTo);
    if (raised.length > 0) {
      this.logger.log(`raised ${raised.length} alert(s) as of ${today}: ${raised.map((a) => a.alertId).join(', ')}`);
    }
  }

  /** Before the store and the read models close: an evaluation under way finishes on them. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    if (this.scheduler.doesExist('cron', DAILY_JOB)) {
      await this.scheduler.getCronJob(DAILY_JOB).stop();
      this.scheduler.deleteCronJob(DAILY_JOB);
    }
    await this.startUp;
    await this.draining;
    this.mark.flush();
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

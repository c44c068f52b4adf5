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
import { alertsDue } from '../../projections/alerts/alert-rules';
import { OpinionIndex } from '../../projections/alerts/opinion-index';
import { alertsProjection } from '../../projections/alerts/alerts.projection';
import type { CaseFile } from '../../projections/case-file/case-file';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import { dayFromIso } from '../../projections/dates/calendar-day';
import { CASE_STREAM_PREFIX } from '../cases/case.events';
import { appConfig } from '../config/app.config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { EventRecorded } from '../read-side/event-recorded';
import { ReadModels } from '../read-side/read-models';
import { Clock } from '../time/clock';
import { AlertLedger } from './alert-ledger';

const DAILY_JOB = 'alerts:start-of-day';
const RETRY_MS = 2_000;
const CATCH_UP_WAIT_MS = 5_000;
const JUDGED_PER_TURN = 500;

/**
 * The process manager that turns what the ledger knows into alerts. It judges the rules (projections/alerts) on the
 * read models, as of today (NOW when set, else the date in REPORTING_TIMEZONE), and hands what is due to the
 * AlertLedger, which stores each alert once:
 * - after each recorded case event, for that case and the cases that share an opinion with it;
 * - every day at 00:00 in REPORTING_TIMEZONE, for every case: deadlines pass without any event;
 * - once at start-up, for every case, after the read models caught up with the store, so what came due while the
 *   server was down is raised then. Before that it judges nothing: a half-rebuilt case file could show an opinion
 *   without its later release, and an alert once raised is never taken back.
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
  private readonly pendingCases = new Set<string>();
  private draining?: Promise<void>;
  private retryTimer?: NodeJS.Timeout;
  private startUp?: Promise<void>;
  private readonly opinions = new OpinionIndex();
  lastError?: string;

  constructor(
    private readonly readModels: ReadModels,
    private readonly ledger: AlertLedger,
    private readonly clock: Clock,
    private readonly scheduler: SchedulerRegistry,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
  ) {}

  handle({ event }: EventRecorded): void {
    if (!this.ready || !event.stream.startsWith(CASE_STREAM_PREFIX)) return;
    this.pendingCases.add(event.stream.slice(CASE_STREAM_PREFIX.length));
    this.kick();
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
    const known = this.readModels.field(alertsProjection.name, 'revision');
    let revision = -1;
    for (const [, at] of known) revision = Math.max(revision, Number(at));
    this.ledger.seed(
      known.map(([alertId]) => alertId),
      revision,
    );
    this.ready = true;
    this.evaluateAll();
    await this.draining;
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
      const caseIds = [...this.pendingCases];
      this.pendingAll = false;
      this.pendingCases.clear();
      try {
        await this.evaluate(all ? undefined : caseIds);
        this.lastError = undefined;
      } catch (error) {
        // The store may be down for a moment: keep the requests and try again, never drop a due alert.
        this.lastError = message(error);
        if (this.stopped) return;
        this.logger.error(`alert evaluation failed, retrying in ${RETRY_MS} ms: ${this.lastError}`);
        if (all) this.pendingAll = true;
        caseIds.forEach((id) => this.pendingCases.add(id));
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.kick();
        }, RETRY_MS);
        return;
      }
    }
  }

  private async evaluate(caseIds: string[] | undefined): Promise<void> {
    // One reading of the clock: two could fall either side of midnight.
    const today = this.clock.today();
    const day = dayFromIso(today);
    const targets = caseIds === undefined ? this.indexEveryCase() : this.indexCasesSharingAnOpinion(caseIds);
    const casesRecording = new Map<string, CaseFile[]>();
    for (const file of targets) {
      for (const opinionId of this.opinions.opinionsRecordedBy(file.caseId)) {
        if (!casesRecording.has(opinionId))
          casesRecording.set(opinionId, this.filesOf(this.opinions.casesRecording(opinionId)));
      }
    }
    const options = { inquiryResponseDays: this.config.inquiryResponseDays, casesRecording };
    const due: AlertRaised[] = [];
    for (let from = 0; from < targets.length; from += JUDGED_PER_TURN) {
      // Judging every case takes about a second per 20k cases: reads are answered in between.
      if (from > 0) await new Promise((resolve) => setImmediate(resolve));
      for (const file of targets.slice(from, from + JUDGED_PER_TURN)) due.push(...alertsDue(file, day, options));
    }
    const raised = await this.ledger.raise(due);
    if (raised.length > 0) {
      this.logger.log(`raised ${raised.length} alert(s) as of ${today}: ${raised.map((a) => a.alertId).join(', ')}`);
    }
  }

  private indexEveryCase(): CaseFile[] {
    const files = [...this.readModels.all<CaseFile>(caseFilesProjection.name).values()].filter((f) => f.opened);
    this.opinions.rebuild(files);
    return files;
  }

  /** The cases named and, as an event in one may change how a shared opinion is judged, those sharing one. */
  private indexCasesSharingAnOpinion(caseIds: readonly string[]): CaseFile[] {
    const wanted = new Set(caseIds);
    for (const caseId of caseIds) {
      this.opinions.update(caseId, this.readModels.get<CaseFile>(caseFilesProjection.name, caseId));
      for (const opinionId of this.opinions.opinionsRecordedBy(caseId)) {
        this.opinions.casesRecording(opinionId).forEach((id) => wanted.add(id));
      }
    }
    return this.filesOf(wanted);
  }

  /** Opened case files as the read side holds them, in the order given. */
  private filesOf(caseIds: Iterable<string>): CaseFile[] {
    const files: CaseFile[] = [];
    for (const caseId of caseIds) {
      const file = this.readModels.get<CaseFile>(caseFilesProjection.name, caseId);
      if (file?.opened) files.push(file);
    }
    return files;
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
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

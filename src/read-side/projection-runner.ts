import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ConfigType } from '@nestjs/config';
import { EventBus } from '@nestjs/cqrs';
import type { ProjectionDefinition } from '../../projections/projection';
import { PROJECTIONS } from '../../projections/projections';
import { appConfig } from '../config/app.config';
import {
  EVENT_STORE,
  type EventStore,
  type EventSubscription,
  type Position,
  type StoredEvent,
} from '../event-store/event-store.port';
import { comparePositions, formatPosition } from '../event-store/position';
import { EventRecorded } from './event-recorded';
import { FileDocuments } from './file-documents';
import { applyBatch, type Checkpoints } from './apply-batch';
import { storedBatch } from './read-model.commit';
import { ReadModelDb } from './read-model.db';
import { ReadModelWriter } from './read-model-writer';
import type { DocumentsOnFile } from './document-source';
import { ReadModels } from './read-models';

const RETRY_MS = 1000;
const GENERATION_CHECK_MS = 1000;
/** Read into memory at a time, in the background: a page of case-file summaries parses in about 30 ms. */
const DOCUMENTS_PER_PAGE = 250;

/**
 * Feeds every projection from a catch-up subscription on the store, starting after the stored
 * checkpoints. Each batch's document changes and checkpoints commit in one transaction before
 * anything is published, so a crash neither applies an event twice nor skips one.
 */
@Injectable()
export class ProjectionRunner implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('ProjectionRunner');
  private definitions: ProjectionDefinition<unknown>[] = [];
  private db!: ReadModelDb;
  /** Commits the batches in a thread of its own; `db` reads, and writes what little else the runner writes. */
  private writer!: ReadModelWriter;
  private generation = 0;
  private checkpoints: Checkpoints = new Map();
  private subscription?: EventSubscription;
  private running?: Promise<void>;
  private stopped = false;
  private generationTimer?: NodeJS.Timeout;
  private files!: FileDocuments;
  lastError?: string;
  /** Who writes this file now, in a log line's words. */
  readonly instance = `${hostname()} pid ${process.pid} (${randomUUID().slice(0, 8)}), started ${new Date().toISOString()}`;
  /** Set when another instance claimed the read-model file: this one no longer writes it. */
  takenOverBy?: string;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ReadModels,
    private readonly eventBus: EventBus,
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
  ) {}

  async onModuleInit(): Promise<void> {
    this.definitions = [...PROJECTIONS];
    this.db = new ReadModelDb(this.config.readModelPath).foldTailsWith(this.definitions);
    this.db.claim(this.instance);
    this.writer = new ReadModelWriter(this.config.readModelPath);
    this.files = new FileDocuments(this.db, this.definitions, this.readModels);
    this.readModels.useDocumentSource(this.files.source());
    this.load();
    await this.forgetWhatTheStoreNoLongerHas();
    this.running = this.run();
    this.generationTimer = setInterval(() => this.noticeSwap(), GENERATION_CHECK_MS).unref();
  }

  projections(): ReadonlyArray<{ name: string; position?: Position }> {
    return this.definitions.map((d) => ({ name: d.name, position: this.checkpoints.get(d.name) }));
  }

  /** Documents and checkpoints from the file; a projection whose version changed starts over. */
  private load(): void {
    this.indexUnindexed();
    this.generation = this.db.generation();
    this.files.forget();
    const documents = new Map<string, Map<string, unknown>>();
    const onFile = new Map<string, DocumentsOnFile>();
    this.checkpoints = new Map();
    for (const definition of this.definitions) {
      const stored = this.db.checkpoint(definition.name);
      if (!stored || stored.version !== definition.version) {
        if (stored) this.logger.log(`projection ${definition.name} changed version: rebuilding it`);
        this.db.reset(definition.name, definition.version);
        documents.set(definition.name, new Map());
        continue;
      }
      documents.set(definition.name, new Map());
      if (!definition.onFileOnly) onFile.set(definition.name, this.documentsOnFile(definition));
      if (stored.position) this.checkpoints.set(definition.name, stored.position);
    }
    this.readModels.replaceAll(documents, this.startPosition(), onFile);
  }

  /** Documents written before the file kept ranks or lookups: indexed once, from what the file holds of them. */
  private indexUnindexed(): void {
    const indexing = this.definitions.flatMap(({ name, onFileOnly, rank, lookups }) =>
      onFileOnly && (rank || lookups) ? [{ projection: name, rank, lookups }] : [],
    );
    const indexed = this.db.indexUnindexed(indexing);
    if (indexed > 0) this.logger.log(`indexed ${indexed} documents stored before the read-model file kept lookups`);
  }

  private documentsOnFile({ name, summarize }: ProjectionDefinition<unknown>): DocumentsOnFile {
    let after = '';
    return {
      nextPage: () => {
        const page = this.db.page(name, after, DOCUMENTS_PER_PAGE, summarize);
        if (page.length > 0) after = page[page.length - 1][0];
        return page;
      },
      one: (key) => this.db.heldDocument(name, key, summarize),
    };
  }

  /**
   * Read models ahead of the store (the store restored from an older backup, or another store
   * configured) would skip the store's next events: such projections start over.
   */
  private async forgetWhatTheStoreNoLongerHas(): Promise<void> {
    const head = await this.store.headPosition().catch(() => 'unknown' as const);
    if (head === 'unknown') return;
    const ahead = this.definitions.filter((d) => {
      const position = this.checkpoints.get(d.name);
      return position && (!head || comparePositions(position, head) > 0);
    });
    if (ahead.length === 0) return;
    for (const definition of ahead) {
      this.logger.warn(`projection ${definition.name} is ahead of the event store: rebuilding it`);
      this.db.reset(definition.name, definition.version);
    }
    this.load();
  }

  /** The earliest checkpoint: every projection has seen everything up to it. */
  private startPosition(): Position | undefined {
    let start: Position | undefined;
    for (const definition of this.definitions) {
      const position = this.checkpoints.get(definition.name);
      if (!position) return undefined;
      if (!start || comparePositions(position, start) < 0) start = position;
    }
    return start;
  }

  private async run(): Promise<void> {
    while (!this.stopped && !this.takenOverBy) {
      try {
        await this.follow();
        // noticeSwap ended the subscription because a replay swapped a rebuilt set in: start from that set.
        if (!this.stopped && !this.takenOverBy && this.db.generation() !== this.generation) {
          this.logger.log('read models were swapped by a replay: reloading');
          this.load();
        }
      } catch (error) {
        this.lastError = error instanceof Error ? error.message : String(error);
        this.logger.error(`projection runner stopped on an error, retrying: ${this.lastError}`);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
        if (!this.stopped) this.load();
      }
    }
  }

  private async follow(): Promise<void> {
    this.subscription = this.store.subscribeToAll({ after: this.startPosition() ?? 'start', maxBatch: 1000 });
    for await (const batch of this.subscription) {
      if (batch.events.length === 0) continue;
      if (!(await this.commit(batch.events))) {
        if (this.noticeTakeOver()) break;
        this.logger.log('read models were swapped by a replay: reloading');
        this.load();
        break;
      }
    }
  }

  private async commit(events: StoredEvent[]): Promise<boolean> {
    const result = applyBatch(
      this.definitions,
      (d, key) => this.files.whole(d, key),
      this.checkpoints,
      events,
      (projection, key) => this.files.weightOf(projection, key),
    );
    if (!result) return true;
    const batch = storedBatch(this.generation, result.changes, result.checkpoints, this.instance);
    if (!(await this.writer.commit(batch))) return false;
    this.lastError = undefined;
    const summarizing = new Set(this.definitions.filter((d) => d.summarize).map((d) => d.name));
    result.changes.forEach((change, i) => {
      if (summarizing.has(change.projection))
        this.files.rememberCommitted(change.projection, change.key, change.doc, batch.changes[i]);
    });
    for (const c of result.checkpoints) this.checkpoints.set(c.projection, c.position);
    for (const definition of this.definitions) if (definition.onFileOnly) result.documents.delete(definition.name);
    const changed = new Set(result.changes.map((change) => change.projection));
    this.readModels.applyChanges(result.documents, result.position, changed);
    this.eventBus.publishAll(events.map((event) => new EventRecorded(event)));
    return true;
  }

  /**
   * Another server started on the same READ_MODEL_PATH (two must not share one: each would store its checkpoints
   * over the other's documents). The last to start keeps the file; this one stops projecting and is no longer ready.
   */
  private noticeTakeOver(): boolean {
    const writer = this.db.writer();
    if (writer === this.instance) return false;
    this.takenOverBy = writer ?? 'unknown';
    this.lastError = `READ_MODEL_PATH ${this.config.readModelPath} is written by another instance (${this.takenOverBy}): this one stopped projecting; give each instance its own file`;
    this.logger.error(this.lastError);
    return true;
  }

  private noticeSwap(): void {
    if (!this.stopped && this.db.generation() !== this.generation) void this.subscription?.close();
  }

  /**
   * Shutdown, before any store closes (that happens in onApplicationShutdown): apply what the store
   * holds, so the checkpoints stored are the head and a restart has nothing to catch up, then stop.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.stopped) return;
    const head = this.takenOverBy ? undefined : await this.store.headPosition().catch(() => undefined);
    if (head && !(await this.readModels.waitFor(head, this.config.shutdownTimeoutSeconds * 1000))) {
      this.logger.warn(`read models did not reach the store's head ${formatPosition(head)} before shutdown`);
    }
    await this.stop();
    this.logger.log(`projections checkpointed at ${this.readModels.checkpoint()}`);
  }

  /** For contexts closed without the before-shutdown phase. */
  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  private async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.generationTimer);
    await this.subscription?.close();
    await this.running;
    await this.writer?.close();
    this.db.close();
  }
}

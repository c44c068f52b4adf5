/**
 * The peer: Emmett's SQLite event store (@event-driven-io/emmett-sqlite), on the same events as
 * our side (the same plans from bench/dataset/appends.ts). Two ways of using it:
 * - `kept open`: one connection for the whole run, through the package's exported
 *   `sqliteConnection`, `appendToStream` and `readMessagesBatch`: the fastest way the package offers,
 *   and the figure our ratios use;
 * - `as shipped`: `getSQLiteEventStore({ fileName })`, which opens a connection for each call and
 *   closes it after (this version's design).
 * It stores events as JSON text with the stream's version checked; it computes no hash chain.
 * Its connection runs one transaction at a time (a nesting counter, not a queue), so it gets no
 * concurrent writers here.
 */
import { rmSync } from 'node:fs';
import {
  appendToStream,
  createEventStoreSchema,
  getSQLiteEventStore,
  readMessagesBatch,
  sqliteConnection,
  type SQLiteConnection,
} from '@event-driven-io/emmett-sqlite';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import { foldDocuments, type ProjectedEvent } from '../../projections/projection';
import { bulkAppends, interleavedAppends, SingleEventFeed, type PlannedAppend } from '../dataset/appends';
import type { DatasetOptions } from '../dataset/domain-events';
import { log, now, perSecond, since } from '../support/log';
import type { Figures } from '../support/phase';

type Message = { type: string; data: Record<string, unknown>; metadata: Record<string, unknown> };

const toMessages = (plan: PlannedAppend): Message[] =>
  plan.events.map((e) => ({
    type: e.type,
    data: e.data as Record<string, unknown>,
    metadata: (e.metadata ?? {}) as Record<string, unknown>,
  }));

/** Emmett counts a stream's version from 1 (its number of events); 0 asks for a new stream. */
const versionOf = (plan: PlannedAppend): bigint =>
  plan.expectedRevision === 'no_stream' ? 0n : BigInt(plan.expectedRevision + 1);

/** What getSQLiteEventStore passes as the stream type: the part of the name before the first hyphen. */
const typeOf = (stream: string): string => stream.split('-')[0];

function fresh(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

async function keptOpen(path: string): Promise<SQLiteConnection> {
  fresh(path);
  const connection = sqliteConnection({ fileName: path });
  await createEventStoreSchema(connection);
  return connection;
}

async function appendKeptOpen(connection: SQLiteConnection, plan: PlannedAppend): Promise<void> {
  const result = await appendToStream(connection, plan.stream, typeOf(plan.stream), toMessages(plan), {
    expectedStreamVersion: versionOf(plan),
  });
  if (!result.success) throw new Error(`peer refused an append to ${plan.stream}`);
}

export interface PeerAppendArgs {
  dataset: DatasetOptions;
  dir: string;
  bulkEvents: number;
  /** Fewer for the as-shipped store, which opens a connection per call. */
  shippedBulkEvents: number;
  singleSequential: number;
}

/** Workload 1 for the peer: batched (1000 per append) and single appends one after another. */
export async function run(args: PeerAppendArgs): Promise<Figures> {
  const figures: Figures = {};
  const connection = await keptOpen(`${args.dir}/peer-append.db`);
  try {
    const batched = await timeEach(bulkAppends(args.dataset, args.bulkEvents, 1000, 0xb01), (plan) =>
      appendKeptOpen(connection, plan),
    );
    figures.batchedPerSec = perSecond(batched.events, batched.seconds);
    log(`peer kept open: batched ${batched.events} events: ${figures.batchedPerSec}/s`);
    const [single] = SingleEventFeed.split(args.dataset, 'single', 0x5e1, args.singleSequential, 1);
    const sequential = await timeEach(single, (plan) => appendKeptOpen(connection, plan));
    figures.singlePerSec = perSecond(sequential.events, sequential.seconds);
    log(`peer kept open: single, one writer: ${figures.singlePerSec}/s`);
  } finally {
    connection.close();
  }

  const shippedPath = `${args.dir}/peer-shipped.db`;
  fresh(shippedPath);
  const store = getSQLiteEventStore({ fileName: shippedPath });
  // As shipped, it opens a connection per call and does not wait for that connection's first
  // PRAGMA: appends in quick succession now and then fail with SQLITE_BUSY ("cannot commit
  // transaction - SQL statements in progress"), and nothing is written. Such an append is tried
  // again, and the retries are counted.
  let retries = 0;
  const shipped = async (plan: PlannedAppend) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await store.appendToStream(plan.stream, toMessages(plan), { expectedStreamVersion: versionOf(plan) });
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY' || attempt === 5) throw error;
        retries++;
      }
    }
  };
  try {
    const batched = await timeEach(bulkAppends(args.dataset, args.shippedBulkEvents, 1000, 0xb01), shipped);
    figures.shippedBatchedPerSec = perSecond(batched.events, batched.seconds);
    log(`peer as shipped: batched ${batched.events} events: ${figures.shippedBatchedPerSec}/s`);
    const [single] = SingleEventFeed.split(args.dataset, 'single', 0x5e1, args.singleSequential, 1);
    const sequential = await timeEach(single, shipped);
    figures.shippedSinglePerSec = perSecond(sequential.events, sequential.seconds);
    log(`peer as shipped: single, one writer: ${figures.shippedSinglePerSec}/s (${retries} retries after SQLITE_BUSY)`);
  } catch (error) {
    log(`peer as shipped failed: ${(error as Error).message}`);
  }
  figures.shippedRetries = retries;
  return figures;
}

/** Makes the appends in slices of 20 and times only the appending. */
async function timeEach(
  plans: Iterable<PlannedAppend>,
  append: (plan: PlannedAppend) => Promise<void>,
): Promise<{ events: number; seconds: number }> {
  let seconds = 0;
  let events = 0;
  let slice: PlannedAppend[] = [];
  const appendSlice = async () => {
    const started = now();
    for (const plan of slice) await append(plan);
    seconds += since(started);
    events += slice.reduce((n, plan) => n + plan.events.length, 0);
    slice = [];
  };
  for (const plan of plans) {
    slice.push(plan);
    if (slice.length === 20) await appendSlice();
  }
  await appendSlice();
  return { events, seconds };
}

/**
 * Prepares the peer's copy of the replay store: the same interleaved appends, one transaction per
 * round; with `limit`, only the rounds up to that many events (the start of the same history).
 */
export async function fill(args: { dataset: DatasetOptions; path: string; limit?: number }): Promise<Figures> {
  const connection = await keptOpen(args.path);
  let events = 0;
  const started = now();
  try {
    for (const round of interleavedAppends(args.dataset)) {
      await connection.withTransaction(async () => {
        for (const plan of round) await appendKeptOpen(connection, plan);
      });
      events += round.reduce((n, a) => n + a.events.length, 0);
      if (args.limit !== undefined && events >= args.limit) break;
    }
  } finally {
    connection.close();
  }
  return { events, fillPerSec: perSecond(events, since(started)) };
}

/**
 * Workload 2 for the peer: every event read in global order, page by page (1000, as our rebuild),
 * and with `fold`, folded into the case files with the same pure functions as ours.
 */
export async function replay(args: { path: string; fold: boolean; limit: number }): Promise<Figures> {
  const connection = sqliteConnection({ fileName: args.path });
  const documents = new Map<string, unknown>();
  let after = 0n;
  let events = 0;
  const started = now();
  try {
    for (;;) {
      const batchSize = Math.min(1000, args.limit - events);
      if (batchSize <= 0) break;
      const { messages, currentGlobalPosition } = await readMessagesBatch(connection, { after, batchSize });
      if (messages.length === 0) break;
      if (args.fold) {
        const page: ProjectedEvent[] = messages.map((m) => {
          const metadata = m.metadata as unknown as { streamName: string; streamPosition: bigint };
          return {
            stream: metadata.streamName,
            revision: Number(metadata.streamPosition) - 1,
            type: m.type,
            data: m.data,
            metadata: m.metadata as unknown as Record<string, unknown>,
          };
        });
        foldDocuments(caseFilesProjection as never, page, documents);
      }
      events += messages.length;
      after = currentGlobalPosition;
    }
  } finally {
    connection.close();
  }
  const rate = perSecond(events, since(started));
  log(`peer: ${args.fold ? 'read and fold' : 'read'} ${events} events: ${rate}/s (${documents.size} documents)`);
  return { events, perSec: rate, documents: documents.size };
}

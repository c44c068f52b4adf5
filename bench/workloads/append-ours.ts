/**
 * Workload 1, our side: appends through the port (SqliteEventStore), one synchronous setting per
 * run, into one file: first the batched appends (1000 events each), then single-event appends one
 * after another, then single-event appends from concurrent writers (group commit). Events are made
 * before the clock starts; only the appends are timed.
 */
import { rmSync } from 'node:fs';
import type { Synchronous } from '../../src/event-store/sqlite.schema';
import { SqliteEventStore } from '../../src/event-store/sqlite.event-store';
import { bulkAppends, SingleEventFeed, type PlannedAppend } from '../dataset/appends';
import type { DatasetOptions } from '../dataset/domain-events';
import { log, now, perSecond, since } from '../support/log';
import type { Figures } from '../support/phase';

export interface AppendArgs {
  dataset: DatasetOptions;
  path: string;
  synchronous: Synchronous;
  bulkEvents: number;
  singleSequential: number;
  /** Writers side by side, and how many single appends each writer makes. */
  concurrency: number[];
  perWriter: number;
}

export async function run(args: AppendArgs): Promise<Figures> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(args.path + suffix, { force: true });
  const store = new SqliteEventStore(args.path, { synchronous: args.synchronous });
  const figures: Figures = {};
  try {
    const batched = await timeBatched(store, bulkAppends(args.dataset, args.bulkEvents, 1000, 0xb01));
    figures.batchedPerSec = perSecond(batched.events, batched.seconds);
    log(`ours ${args.synchronous}: batched ${batched.events} events: ${figures.batchedPerSec}/s`);

    const sequential = await timeWriters(
      store,
      SingleEventFeed.split(args.dataset, 'single', 0x5e1, args.singleSequential, 1),
    );
    figures.singlePerSec = sequential.perSec;
    figures.singleP99Ms = sequential.p99Ms;
    log(`ours ${args.synchronous}: single, one writer: ${sequential.perSec}/s`);

    for (const writers of args.concurrency) {
      const count = writers * args.perWriter;
      const lists = SingleEventFeed.split(args.dataset, `w${writers}`, 0xc00 + writers, count, writers);
      const result = await timeWriters(store, lists);
      figures[`concurrent${writers}PerSec`] = result.perSec;
      figures[`concurrent${writers}P99Ms`] = result.p99Ms;
      log(`ours ${args.synchronous}: single, ${writers} writers: ${result.perSec}/s, p99 ${result.p99Ms} ms`);
    }
  } finally {
    await store.close();
  }
  return figures;
}

/** Makes appends in slices of 20k events, and times only the appending. */
async function timeBatched(
  store: SqliteEventStore,
  plans: Iterable<PlannedAppend>,
): Promise<{ events: number; seconds: number }> {
  let seconds = 0;
  let events = 0;
  let slice: PlannedAppend[] = [];
  const appendSlice = async () => {
    const started = now();
    for (const plan of slice) {
      await store.appendToStream(plan.stream, plan.events, { expectedRevision: plan.expectedRevision });
    }
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

/** Each writer appends its own list one append at a time; all writers run side by side. */
export async function timeWriters(
  store: { appendToStream: SqliteEventStore['appendToStream'] },
  lists: PlannedAppend[][],
): Promise<{ perSec: number; p99Ms: number; p50Ms: number }> {
  const latencies: number[] = [];
  let appends = 0;
  const started = now();
  await Promise.all(
    lists.map(async (list) => {
      for (const plan of list) {
        const t = now();
        await store.appendToStream(plan.stream, plan.events, { expectedRevision: plan.expectedRevision });
        latencies.push(Number(now() - t) / 1e6);
        appends++;
      }
    }),
  );
  const seconds = since(started);
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] * 100) / 100;
  return {
    perSec: perSecond(appends, seconds),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

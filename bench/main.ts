/**
 * `npm run bench [-- --quick] [--seed=N] [--dir=PATH] [--only=append,replay,server,longcase,lists]`: every
 * workload of the benchmark issue on generated, domain-shaped data, ours and Emmett's SQLite store
 * side by side in the same run on the same events. Prints a table on stdout (progress goes to
 * stderr) and writes bench-results.json.
 *
 * Where ours is compared with the peer, the two alternate (ours, peer, then peer, ours in the
 * next round) and each figure is the median of its rounds, so that a machine whose load changes
 * during the run tilts neither side.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { caseIdOf, type DatasetOptions } from './dataset/domain-events';
import { build, buildDashboard } from './support/build';
import { log, now, since } from './support/log';
import { cpuLoopMs, describeMachine } from './support/machine';
import { runPhase, type Figures } from './support/phase';
import { printReport, SIDES } from './support/report';
import { nestFloor } from './workloads/nest-floor';
import { bareCeiling, cheapestRoute, postEvents, readOpinions } from './workloads/http-load';
import { growLongCase } from './workloads/long-case';
import { dashboardLists, pagedOpinions } from './workloads/dashboard';
import { rebuildWithCli, settledHead, startServer } from './workloads/server';

interface Sizes {
  cases: number;
  events: number;
  bulkEvents: number;
  shippedBulkEvents: number;
  singleSequential: number;
  concurrency: number[];
  perWriter: number;
  httpSeconds: number;
  rounds: number;
  /** Events read in workload 2 by both sides (the peer's copy of the store is filled that far). */
  replayEvents?: number;
  /** Events the long case is grown to, one POST at a time. */
  longCaseEvents: number;
  /** Rebuilds, and passes of their floor, in turns: a median of three stands a slow minute on a shared machine. */
  rebuildRounds: number;
}

/**
 * The quick run is a smoke run in under a minute: half the cases and a twentieth of the events, one second per HTTP
 * load. Its figures show that every workload runs and which way a change moves them; targets are judged on the full run.
 */
const SIZES: Record<'quick' | 'full', Sizes> = {
  quick: {
    cases: 10_000,
    events: 50_000,
    bulkEvents: 20_000,
    shippedBulkEvents: 5_000,
    singleSequential: 200,
    concurrency: [8, 64],
    perWriter: 100,
    httpSeconds: 1,
    rounds: 1,
    replayEvents: 20_000,
    longCaseEvents: 2_000,
    rebuildRounds: 1,
  },
  full: {
    cases: 20_000,
    events: 1_000_000,
    bulkEvents: 1_000_000,
    shippedBulkEvents: 100_000,
    singleSequential: 1_000,
    concurrency: [8, 16, 32, 64],
    perWriter: 500,
    httpSeconds: 10,
    rounds: 2,
    longCaseEvents: 10_000,
    rebuildRounds: 3,
  },
};

/** "Today" for the data and for the server (NOW): no generated date is after it. */
const TODAY = '2025-06-30';

function parseArgs(argv: string[]) {
  const flag = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const mode: 'quick' | 'full' = argv.includes('--quick') ? 'quick' : 'full';
  return {
    mode,
    seed: Number(flag('seed') ?? 20250630),
    dir: flag('dir') ?? join(__dirname, '..', '.bench', mode),
    only: flag('only')?.split(','),
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sizes = SIZES[args.mode];
  const started = now();
  rmSync(args.dir, { recursive: true, force: true });
  mkdirSync(args.dir, { recursive: true });
  const dataset: DatasetOptions = { seed: args.seed, cases: sizes.cases, events: sizes.events, today: TODAY };
  const machine = describeMachine(args.dir);
  log(`${args.mode} run, seed ${args.seed}, ${sizes.cases} cases, ${sizes.events} events, in ${args.dir}`);
  log(`machine: ${JSON.stringify(machine)}`);
  const built = build(join(args.dir, 'build'));
  const phase = (workload: string, phaseArgs: unknown, entry?: string) => runPhase(built, workload, phaseArgs, entry);
  const wanted = (part: string) => !args.only || args.only.includes(part);
  if (wanted('lists')) buildDashboard(built);
  const figures: Figures = {};
  const rounds = new Rounds();

  if (wanted('append')) {
    const file = (name: string) => join(args.dir, name);
    const ours = async () => {
      const result = await phase('append-ours', {
        dataset,
        path: file('append-full.db'),
        synchronous: 'full',
        bulkEvents: sizes.bulkEvents,
        singleSequential: sizes.singleSequential,
        concurrency: sizes.concurrency,
        perWriter: sizes.perWriter,
      });
      rounds.add('append', result.figures);
    };
    const peer = async () => {
      const result = await phase('peer', {
        dataset,
        dir: args.dir,
        bulkEvents: sizes.bulkEvents,
        shippedBulkEvents: sizes.shippedBulkEvents,
        singleSequential: sizes.singleSequential,
      });
      rounds.add('peerAppend', result.figures);
    };
    for (let round = 0; round < sizes.rounds; round++) {
      for (const run of round % 2 === 0 ? [ours, peer] : [peer, ours]) await run();
    }
    const normal = await phase('append-ours', {
      dataset,
      path: file('append-normal.db'),
      synchronous: 'normal',
      bulkEvents: sizes.bulkEvents,
      singleSequential: sizes.singleSequential * 10,
      concurrency: sizes.concurrency,
      perWriter: sizes.perWriter * 4,
    });
    rounds.add('appendNormal', normal.figures);
    for (const name of ['append-full.db', 'append-normal.db', 'peer-append.db', 'peer-shipped.db']) {
      for (const extra of ['', '-wal', '-shm']) rmSync(file(name + extra), { force: true });
    }
  }

  const events = join(args.dir, 'events.db');
  const readModels = join(args.dir, 'read-models.db');
  const fill = await phase('fill-ours', { dataset, path: events });
  figures.storedEvents = fill.figures.events;
  figures.fillPerSec = fill.figures.fillPerSec;
  const head = String(fill.figures.head);

  if (wanted('replay')) {
    const peerPath = join(args.dir, 'peer-events.db');
    const peerFill = await phase('peer', { dataset, path: peerPath, limit: sizes.replayEvents }, 'fill');
    figures.peerFillPerSec = peerFill.figures.fillPerSec;
    // Both sides read the same events: the start of the history, as much as the peer's copy holds.
    const limit = Number(peerFill.figures.events);
    figures.replayedEvents = limit;
    const ours = async (fold: boolean) => {
      const result = await phase('replay-ours', { path: events, fold, limit });
      rounds.add(fold ? 'replayFold' : 'readAll', { perSec: result.figures.perSec, peakRssMb: result.maxRssMb });
    };
    const peer = async (fold: boolean) => {
      const result = await phase('peer', { path: peerPath, fold, limit }, 'replay');
      rounds.add(fold ? 'peerReplay' : 'peerReadAll', { perSec: result.figures.perSec, peakRssMb: result.maxRssMb });
    };
    for (let round = 0; round < sizes.rounds; round++) {
      for (const fold of [false, true]) {
        for (const run of round % 2 === 0 ? [ours, peer] : [peer, ours]) await run(fold);
      }
    }
    const ceilingDb = join(args.dir, 'ceiling.db');
    const ceiling = await phase('ceiling', { dataset, path: ceilingDb, events, bulkEvents: sizes.bulkEvents, limit });
    rounds.add('ceiling', ceiling.figures);
  }

  const paths = { build: join(built, 'src'), events, readModels, dir: args.dir };
  // The rebuild and its floor take turns, each after the writes of whatever ran before it reached the disk (the
  // ceiling's million inserted rows were still being written back during both, and slowed the rebuild's writes most):
  // each is the median of its rounds, and their ratio is the target's.
  const rebuildRound = async () => {
    const rebuild = await rebuildWithCli(paths);
    rounds.add('rebuild', { perSec: rebuild.perSec, seconds: rebuild.seconds, peakRssMb: rebuild.peakRssMb ?? NaN });
    figures.rebuildReadBack = rebuild.readBack;
  };
  const floorRound = async () => {
    rounds.add('floor', (await phase('ceiling', { events, limit: Number(fill.figures.events) }, 'floor')).figures);
  };
  for (let round = 0; round < sizes.rebuildRounds; round++) {
    for (const run of round % 2 === 0 ? [floorRound, rebuildRound] : [rebuildRound, floorRound]) {
      execFileSync('sync');
      await run();
    }
  }

  if (wanted('longcase')) {
    const longPaths = {
      ...paths,
      events: join(args.dir, 'long-case-events.db'),
      readModels: join(args.dir, 'long-case-read-models.db'),
    };
    const { server } = await startServer(longPaths, {
      port: await freePort(),
      today: TODAY,
      head: 'none',
      probeCaseId: 'long-case-1',
    });
    try {
      Object.assign(figures, await growLongCase(server.url, { events: sizes.longCaseEvents, today: TODAY }));
    } finally {
      await server.stop();
    }
  }

  if (wanted('server') || wanted('lists')) {
    const probeCaseId = caseIdOf(0);
    const first = await startServer(paths, { port: await freePort(), today: TODAY, head, probeCaseId });
    figures.firstStartupSeconds = first.figures.startupSeconds;
    const settled = await settledHead(first.server.url, probeCaseId);
    figures.alertsRaisedAtFirstStart = Number(settled.split('/')[0]) - Number(head.split('/')[0]);
    log(`first start raised alerts up to ${settled}; restarting to measure start-up`);
    await first.server.stop();
    const { server, figures: startup } = await startServer(paths, {
      port: await freePort(),
      today: TODAY,
      head: settled,
      probeCaseId,
    });
    Object.assign(figures, startup);
    try {
      // First, while today's lists are not yet computed: the dashboard's first visit after a start is among its figures.
      if (wanted('lists')) {
        Object.assign(figures, await dashboardLists(server.url));
        // The start-up's peak is taken once every summary is in memory; today's lists are made right after (the
        // first visits above waited for them), and what they hold stays.
        figures.listsMadePeakRssMb = Math.round(await server.peakRssMb());
        Object.assign(figures, await pagedOpinions(server.url, sizes.httpSeconds, 10));
      }
      if (wanted('server')) await serverLoads(server.url);
    } finally {
      Object.assign(figures, await server.stop());
    }
  }

  /** Workload 4's HTTP loads on the running server. */
  async function serverLoads(url: string): Promise<void> {
    const opinions = await readOpinions(url, sizes.httpSeconds, 10);
    Object.assign(figures, opinions.figures);
    Object.assign(figures, await bareCeiling(opinions.compressed, opinions.encoding, sizes.httpSeconds, 10));
    Object.assign(figures, await cheapestRoute(url, sizes.httpSeconds, 32));
    Object.assign(figures, await nestFloor(built, sizes.httpSeconds, 32, TODAY));
    const caseIds = Array.from({ length: sizes.cases }, (_, i) => caseIdOf(i));
    Object.assign(
      figures,
      await postEvents(url, { seconds: sizes.httpSeconds, connections: 32, caseIds, today: TODAY }),
    );
  }

  Object.assign(figures, rounds.medians());
  figures.replayPerSec = figures.rebuildPerSec;
  figures.replaySeconds = figures.rebuildSeconds;
  figures.rebuildPeakRssMb = Math.round(Number(figures.rebuildPeakRssMb));
  // The rebuild against the floor measured in turns with it: better-sqlite3 alone reading and parsing `$all`.
  figures.rebuildToFloor = Math.round((Number(figures.rebuildPerSec) / Number(figures.floorPerSec)) * 100) / 100;
  figures.peakRssMb = Math.max(Number(figures.startupPeakRssMb ?? 0), Number(figures.rebuildPeakRssMb ?? 0));
  const top = Math.max(...sizes.concurrency);
  if (figures[`appendConcurrent${top}PerSec`] !== undefined) {
    figures.appendSingleConcurrentPerSec = figures[`appendConcurrent${top}PerSec`];
  }
  const results = {
    date: new Date().toISOString(),
    mode: args.mode,
    seed: args.seed,
    rounds: sizes.rounds,
    dataset: { cases: sizes.cases, events: sizes.events, today: TODAY },
    machine: { ...machine, loadAverage1mAtEnd: Math.round(loadavg()[0] * 100) / 100, cpuLoopMsAtEnd: cpuLoopMs() },
    ...figures,
    ratios: ratios(figures),
    sides: SIDES,
    benchSeconds: Math.round(since(started)),
  };
  writeFileSync(join(__dirname, '..', 'bench-results.json'), JSON.stringify(results, null, 2) + '\n');
  printReport(results);
}

/** Figures of repeated runs, kept per key; each figure is reported as the median of its rounds. */
class Rounds {
  private readonly values = new Map<string, number[]>();

  add(prefix: string, figures: Figures): void {
    for (const [key, value] of Object.entries(figures)) {
      if (typeof value !== 'number') continue;
      const name = prefix + key[0].toUpperCase() + key.slice(1);
      this.values.set(name, [...(this.values.get(name) ?? []), value]);
    }
  }

  medians(): Figures {
    const out: Figures = {};
    for (const [name, list] of this.values) {
      const sorted = [...list].sort((a, b) => a - b);
      const middle = sorted.length >> 1;
      const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
      out[name] = Math.round(median * 100) / 100;
    }
    return out;
  }
}

/** A port nothing listens on now (other programs share this machine). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function ratios(figures: Figures): Figures {
  const ratio = (ours: string, peer: string) => {
    const a = Number(figures[ours]);
    const b = Number(figures[peer]);
    return a > 0 && b > 0 ? Math.round((a / b) * 100) / 100 : null;
  };
  return {
    appendBatched: ratio('appendBatchedPerSec', 'peerAppendBatchedPerSec'),
    appendSingle: ratio('appendSinglePerSec', 'peerAppendSinglePerSec'),
    readAll: ratio('readAllPerSec', 'peerReadAllPerSec'),
    replay: ratio('replayFoldPerSec', 'peerReplayPerSec'),
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});

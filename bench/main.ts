/**
 * `npm run bench [-- --quick] [--seed=N] [--dir=PATH]`: every workload of the benchmark issue on
 * generated, domain-shaped data, ours and Emmett's SQLite store side by side in the same run on the
 * same events. Prints a table on stdout (progress goes to stderr) and writes bench-results.json.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { caseIdOf, type DatasetOptions } from './dataset/domain-events';
import { buildServer } from './support/build';
import { log, now, since } from './support/log';
import { describeMachine } from './support/machine';
import { runPhase, type Figures } from './support/phase';
import { printReport, SIDES } from './support/report';
import { postEvents, readOpinions, rebuildWithCli, startServer } from './workloads/server';

interface Sizes {
  cases: number;
  events: number;
  bulkEvents: number;
  shippedBulkEvents: number;
  singleSequential: number;
  concurrency: number[];
  perWriter: number;
  httpSeconds: number;
}

const SIZES: Record<'quick' | 'full', Sizes> = {
  quick: {
    cases: 20_000,
    events: 200_000,
    bulkEvents: 100_000,
    shippedBulkEvents: 20_000,
    singleSequential: 300,
    concurrency: [8, 64],
    perWriter: 250,
    httpSeconds: 3,
  },
  full: {
    cases: 20_000,
    events: 1_000_000,
    bulkEvents: 1_000_000,
    shippedBulkEvents: 100_000,
    singleSequential: 2_000,
    concurrency: [8, 16, 32, 64],
    perWriter: 1_000,
    httpSeconds: 15,
  },
};

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
  const wanted = (phase: string) => !args.only || args.only.includes(phase);
  const figures: Figures = {};
  const set = (prefix: string, values: Figures) => {
    for (const [key, value] of Object.entries(values)) figures[prefix + key[0].toUpperCase() + key.slice(1)] = value;
  };

  if (wanted('append')) {
    for (const synchronous of ['full', 'normal'] as const) {
      const single = synchronous === 'full' ? sizes.singleSequential : sizes.singleSequential * 10;
      const result = await runPhase('append-ours', {
        dataset,
        path: join(args.dir, `append-${synchronous}.db`),
        synchronous,
        bulkEvents: sizes.bulkEvents,
        singleSequential: single,
        concurrency: sizes.concurrency,
        perWriter: sizes.perWriter,
      });
      set(synchronous === 'full' ? 'append' : 'appendNormal', result.figures);
    }
    const peer = await runPhase('peer', {
      dataset,
      dir: args.dir,
      bulkEvents: sizes.bulkEvents,
      shippedBulkEvents: sizes.shippedBulkEvents,
      singleSequential: sizes.singleSequential,
    });
    set('peerAppend', peer.figures);
    for (const suffix of ['append-full.db', 'append-normal.db', 'peer-append.db', 'peer-shipped.db']) {
      for (const extra of ['', '-wal', '-shm']) rmSync(join(args.dir, suffix + extra), { force: true });
    }
  }

  const events = join(args.dir, 'events.db');
  const readModels = join(args.dir, 'read-models.db');
  const fill = await runPhase('fill-ours', { dataset, path: events });
  figures.storedEvents = fill.figures.events;
  figures.fillPerSec = fill.figures.fillPerSec;
  const head = String(fill.figures.head);

  if (wanted('replay')) {
    const read = await runPhase('replay-ours', { path: events, fold: false });
    figures.readAllPerSec = read.figures.perSec;
    const fold = await runPhase('replay-ours', { path: events, fold: true });
    figures.replayFoldPerSec = fold.figures.perSec;
    figures.replayFoldPeakRssMb = round(fold.maxRssMb);
    const peerPath = join(args.dir, 'peer-events.db');
    const peerFill = await runPhase('peer', { dataset, path: peerPath }, 'fill');
    figures.peerFillPerSec = peerFill.figures.fillPerSec;
    const peerRead = await runPhase('peer', { path: peerPath, fold: false }, 'replay');
    figures.peerReadAllPerSec = peerRead.figures.perSec;
    const peerFold = await runPhase('peer', { path: peerPath, fold: true }, 'replay');
    figures.peerReplayPerSec = peerFold.figures.perSec;
    figures.peerReplayPeakRssMb = round(peerFold.maxRssMb);
  }

  const build = buildServer(join(args.dir, 'build'));
  const paths = { build, events, readModels, dir: args.dir };
  const rebuild = await rebuildWithCli(paths);
  figures.replayPerSec = rebuild.perSec;
  figures.replaySeconds = rebuild.seconds;
  figures.rebuildPeakRssMb = round(Number(rebuild.peakRssMb));

  if (wanted('server')) {
    const { server, figures: startup } = await startServer(paths, {
      port: 30_000 + (process.pid % 20_000),
      today: TODAY,
      head,
      probeCaseId: caseIdOf(0),
    });
    Object.assign(figures, startup);
    try {
      Object.assign(figures, await readOpinions(server.url, sizes.httpSeconds, 10));
      const caseIds = Array.from({ length: sizes.cases }, (_, i) => caseIdOf(i));
      Object.assign(
        figures,
        await postEvents(server.url, { seconds: sizes.httpSeconds, connections: 32, caseIds, today: TODAY }),
      );
    } finally {
      Object.assign(figures, await server.stop());
    }
  }

  figures.peakRssMb = Math.max(Number(figures.startupPeakRssMb ?? 0), Number(figures.rebuildPeakRssMb ?? 0));
  figures.appendSingleConcurrentPerSec = figures[`appendConcurrent${Math.max(...sizes.concurrency)}PerSec`];
  const results = {
    date: new Date().toISOString(),
    mode: args.mode,
    seed: args.seed,
    dataset: { cases: sizes.cases, events: sizes.events, today: TODAY },
    machine,
    ...figures,
    ratios: ratios(figures),
    sides: SIDES,
    benchSeconds: Math.round(since(started)),
    loadAverage1mAtEnd: Math.round(loadavg()[0] * 100) / 100,
  };
  writeFileSync(join(__dirname, '..', 'bench-results.json'), JSON.stringify(results, null, 2) + '\n');
  printReport(results);
}

const round = (n: number) => Math.round(n);

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

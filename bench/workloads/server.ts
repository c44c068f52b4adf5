/**
 * Workload 3 and the rebuild, on the real programs: the server (`src/main.ts`) and the CLI
 * (`src/cli/main.ts`), compiled, in their own processes, each with a probe preloaded that reports
 * its peak resident set (bench/support/rss-probe.js). The HTTP loads on the server are in http-load.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { log, now, since } from '../support/log';
import type { Figures } from '../support/phase';

const PROBE = join(__dirname, '..', 'support', 'rss-probe.js');
/** How `npm start` and the image start the server (package.json, Dockerfile): the young generation bounded. */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=16'];
export const RECORDER_SECRET = 'bench-recorder-secret-0123456789';
/** The long case reads its history, which auditors may. */
export const AUDITOR_SECRET = 'bench-auditor-secret-0123456789';

export interface ServerPaths {
  /** Output of buildServer: the compiled src/ folder. */
  build: string;
  events: string;
  readModels: string;
  dir: string;
}

function probeFile(dir: string, name: string): string {
  const file = join(dir, `${name}.rss.jsonl`);
  rmSync(file, { force: true });
  return file;
}

function peaks(file: string): Array<{ when: string; maxRssMb: number }> {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { when: string; maxRssMb: number });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

/** `npm run cli -- replay`: rebuilds every read model from the store into the live read-model file. */
export async function rebuildWithCli(paths: ServerPaths): Promise<Figures> {
  const rss = probeFile(paths.dir, 'replay');
  const child = spawn(process.execPath, ['-r', PROBE, join(paths.build, 'cli', 'main.js'), 'replay'], {
    env: { ...process.env, SQLITE_PATH: paths.events, READ_MODEL_PATH: paths.readModels, BENCH_RSS_FILE: rss },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await exited(child);
  const match = /replayed (\d+) events in ([\d.]+) s \((\d+) events\/s\)/.exec(out);
  if (code !== 0 || !match) throw new Error(`replay failed (${code}): ${out}\n${err.slice(-2000)}`);
  const peak = peaks(rss).find((p) => p.when === 'exit');
  log(
    `ours: rebuild (cli replay) ${match[1]} events in ${match[2]} s: ${match[3]}/s, peak RSS ${peak?.maxRssMb.toFixed(0)} MB`,
  );
  return {
    events: Number(match[1]),
    seconds: Number(match[2]),
    perSec: Number(match[3]),
    peakRssMb: peak?.maxRssMb ?? null,
    readBack: Number(/(\d+) documents read back/.exec(out)?.[1] ?? NaN),
  };
}

export interface RunningServer {
  url: string;
  /** The server's peak resident set so far, in MB. */
  peakRssMb(): Promise<number>;
  stop(): Promise<Figures>;
}

/**
 * Start-up to ready: from spawning the server on a prepared store and checkpointed read models
 * until /health answers 200 and a read answers with the store's head as its checkpoint.
 */
export async function startServer(
  paths: ServerPaths,
  options: { port: number; today: string; head: string; probeCaseId: string },
): Promise<{ server: RunningServer; figures: Figures }> {
  const rss = probeFile(paths.dir, 'server');
  const url = `http://127.0.0.1:${options.port}`;
  const started = now();
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '-r', PROBE, join(paths.build, 'main.js')], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      ...process.env,
      PORT: String(options.port),
      SQLITE_PATH: paths.events,
      READ_MODEL_PATH: paths.readModels,
      API_KEYS: `recorder:bench-recorder:${RECORDER_SECRET},auditor:bench-auditor:${AUDITOR_SECRET}`,
      NOW: options.today,
      LOG_LEVEL: 'warn',
      // The loads read anonymously from one address, far past what one person would.
      ANONYMOUS_RATE_LIMIT_PER_MINUTE: '0',
      ANONYMOUS_AS_OF_PER_MINUTE: '0',
      BENCH_RSS_FILE: rss,
    },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-5000)));
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-5000)));
  let healthAt: number | undefined;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited during start-up:\n${output}`);
    if (since(started) > 120) throw new Error(`the server was not ready after 120 s:\n${output}`);
    try {
      if (healthAt === undefined) {
        const health = await fetch(`${url}/health`);
        if (health.status === 200) healthAt = since(started);
      }
      if (healthAt !== undefined) {
        const read = await fetch(`${url}/cases/${options.probeCaseId}`);
        await read.arrayBuffer();
        if (reached(read.headers.get('x-checkpoint'), options.head)) break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const seconds = since(started);
  // The server answers before its summaries are all in memory (it reads them in the background): the start-up's
  // memory peak is taken once they are, and that moment is reported too.
  const loadedSeconds = await inMemory(url, started);
  const atReady = await askPeak(child);
  log(
    `ours: start-up ${seconds.toFixed(2)} s (health ${healthAt?.toFixed(2)} s, every summary in memory ${loadedSeconds.toFixed(2)} s), peak RSS ${atReady.maxRssMb.toFixed(0)} MB`,
  );
  const server: RunningServer = {
    url,
    peakRssMb: async () => (await askPeak(child)).maxRssMb,
    async stop() {
      // Asked before stopping: the server's shutdown hooks end it by its signal, so no exit handler runs.
      const peak = await askPeak(child);
      child.kill('SIGTERM');
      await exited(child);
      return { serverPeakRssMb: peak.maxRssMb };
    },
  };
  return {
    server,
    figures: {
      startupSeconds: seconds,
      healthSeconds: healthAt ?? null,
      startupInMemorySeconds: loadedSeconds,
      startupPeakRssMb: atReady.maxRssMb,
    },
  };
}

/** Seconds from `started` until /health/ready says every document the server holds in memory is there. */
async function inMemory(url: string, started: bigint): Promise<number> {
  for (;;) {
    const ready = await fetch(`${url}/health/ready`);
    const body = (await ready.json()) as { details?: { readModels?: { inMemory?: string } } };
    if (body.details?.readModels?.inMemory === 'loaded') return since(started);
    if (since(started) > 120) throw new Error('the server did not read its read models into memory in 120 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A checkpoint (`commit/prepare`) at or past the head: stores append alerts of their own after it. */
function reached(checkpoint: string | null, head: string): boolean {
  // An empty store (the long case's) has nothing to catch up with.
  if (head === 'none') return true;
  if (!checkpoint || checkpoint === 'none') return false;
  return head === 'none' || BigInt(checkpoint.split('/')[0]) >= BigInt(head.split('/')[0]);
}

/**
 * The store's head once a server has stopped writing on its own: the first start after a fill
 * raises every alert the data calls for (once, as in a real installation), so start-up is
 * measured on a restart. Waits until the checkpoint has not moved for `quietMs`.
 */
export async function settledHead(url: string, probeCaseId: string, quietMs = 3000): Promise<string> {
  let last = '';
  let since = Date.now();
  for (;;) {
    const read = await fetch(`${url}/cases/${probeCaseId}`);
    await read.arrayBuffer();
    const checkpoint = read.headers.get('x-checkpoint') ?? '';
    if (checkpoint !== last) [last, since] = [checkpoint, Date.now()];
    else if (Date.now() - since >= quietMs) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function askPeak(child: ChildProcess): Promise<{ maxRssMb: number }> {
  return new Promise((resolve) => {
    child.once('message', (answer) => resolve(answer as { maxRssMb: number }));
    child.send('maxRss');
  });
}

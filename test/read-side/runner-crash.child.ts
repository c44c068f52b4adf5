// Child process for the runner crash test: boots the read side (config, store, ReadSideModule) on
// SQLITE_PATH / READ_MODEL_PATH and lets the projection runner follow the store, reporting each batch
// commit on stdout (pipes are written synchronously on Linux, so the parent sees a line before what
// follows it happens). Loading the code takes seconds, so the child prints `ready` once it is loaded
// and boots only on SIGUSR2: the parent can start children ahead of time. argv[2]:
//   run           follow until killed (`writer-ready` once the read-model writer thread has loaded);
//   pause-inside  in commit number argv[3] (1-based), stop after the fraction argv[4] of the
//                 transaction's document writes, print `inside`, and wait there to be killed (in the
//                 read-model writer thread, which commits the runner's batches).
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { join } from 'node:path';
import workerThreads, { Worker, type WorkerOptions } from 'node:worker_threads';
import { AppConfigModule } from '../../src/config/config.module';
import { EventStoreModule } from '../../src/event-store/event-store.module';
import { MetricsModule } from '../../src/metrics/metrics.module';
import { ReadModelWriter } from '../../src/read-side/read-model-writer';
import { ReadModels } from '../../src/read-side/read-models';
import { ReadSideModule } from '../../src/read-side/read-side.module';
import { TimeModule } from '../../src/time/time.module';

@Module({ imports: [AppConfigModule, TimeModule, EventStoreModule, MetricsModule, ReadSideModule] })
class RunnerOnlyModule {}

const [mode, pauseIn, fraction] = [
  process.argv[2] ?? 'run',
  Number(process.argv[3] ?? 1),
  Number(process.argv[4] ?? 0.5),
];
const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * Reports every commit; in pause-inside mode, stalls one of them midway through its writes, in the writer thread
 * (runner-crash.writer-hook.ts, loaded into that thread ahead of the writer's code).
 */
function instrument(): void {
  const commit = ReadModelWriter.prototype.commit;
  let commits = 0;
  ReadModelWriter.prototype.commit = async function (this: ReadModelWriter, batch) {
    const n = ++commits;
    const target = batch.checkpoints[0]?.[1] ?? 'none';
    say(`begin ${n} ${batch.changes.length} ${target}`);
    const ok = await commit.call(this, batch);
    say(`committed ${n} ${target} ${ok}`);
    return ok;
  };
  if (mode === 'pause-inside') {
    process.env.RUNNER_CRASH_PAUSE_IN = String(pauseIn);
    process.env.RUNNER_CRASH_PAUSE_AFTER = String(fraction);
  }
  const hook = JSON.stringify(join(__dirname, 'runner-crash.writer-hook.ts'));
  // The writer is started as TypeScript from source text (see spawnWorker): the hook goes in ahead of it, and once
  // the writer's code is loaded (compiling it takes a while here, not in production) the thread says so.
  (workerThreads as { Worker: typeof Worker }).Worker = class extends Worker {
    constructor(source: string | URL, options?: WorkerOptions) {
      const writer = options?.eval && String(source).includes('read-model-writer.worker');
      const hooked = `require('@swc-node/register'); require(${hook}); ${String(source)}; require('node:fs').writeSync(1, 'writer-ready\\n');`;
      super(writer ? hooked : source, options);
    }
  };
}

async function main(): Promise<void> {
  instrument();
  const idle = setInterval(() => undefined, 60_000); // a signal listener alone keeps no process alive
  const go = new Promise((resolve) => process.once('SIGUSR2', resolve));
  say('ready'); // only now: a SIGUSR2 before the listener would end the process
  await go;
  clearInterval(idle);
  const app = await NestFactory.createApplicationContext(RunnerOnlyModule, { logger: ['error'] });
  say(`loaded ${app.get(ReadModels).checkpoint()}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`runner child failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

// Child process for the runner crash test: boots the read side (config, store, ReadSideModule) on
// SQLITE_PATH / READ_MODEL_PATH and lets the projection runner follow the store, reporting each batch
// commit on stdout (pipes are written synchronously on Linux, so the parent sees a line before what
// follows it happens). Loading the code takes seconds, so the child prints `ready` once it is loaded
// and boots only on SIGUSR2: the parent can start children ahead of time. argv[2]:
//   run           follow until killed;
//   pause-inside  in commit number argv[3] (1-based), stop after the fraction argv[4] of the
//                 transaction's document writes, print `inside`, and wait there to be killed.
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Statement } from 'better-sqlite3';
import { AppConfigModule } from '../../src/config/config.module';
import { EventStoreModule } from '../../src/event-store/event-store.module';
import { MetricsModule } from '../../src/metrics/metrics.module';
import { formatPosition } from '../../src/event-store/position';
import { ReadModelDb } from '../../src/read-side/read-model.db';
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

/** Reports every commit; in pause-inside mode, stalls one of them midway through its writes. */
function instrument(): void {
  const commit = ReadModelDb.prototype.commit;
  let commits = 0;
  ReadModelDb.prototype.commit = function (this: ReadModelDb, generation, changes, checkpoints) {
    commits++;
    const target = checkpoints[0] ? formatPosition(checkpoints[0].position) : 'none';
    say(`begin ${commits} ${changes.length} ${target}`);
    if (mode === 'pause-inside' && commits === pauseIn) {
      const statements = (this as unknown as { statements: { upsert: Statement } }).statements;
      const upsert = statements.upsert.run.bind(statements.upsert);
      let written = 0;
      const pauseAfter = Math.max(1, Math.floor(changes.length * fraction));
      statements.upsert.run = (...args: unknown[]) => {
        const result = upsert(...args);
        if (++written === pauseAfter) {
          say(`inside ${commits} ${written}/${changes.length}`);
          // Blocks this thread inside the open transaction until the parent's SIGKILL arrives.
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
        }
        return result;
      };
    }
    const ok = commit.call(this, generation, changes, checkpoints);
    say(`committed ${commits} ${target} ${ok}`);
    return ok;
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

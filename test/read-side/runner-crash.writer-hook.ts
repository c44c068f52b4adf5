// Loaded into the read-model writer thread of the runner crash test's child (see runner-crash.child.ts), before the
// writer's own code: in commit number RUNNER_CRASH_PAUSE_IN (1-based), after the fraction RUNNER_CRASH_PAUSE_AFTER of
// the batch's document writes, it prints `inside <n> <written>/<changes>` and blocks the thread inside the open
// transaction until the parent's SIGKILL arrives.
import { writeSync } from 'node:fs';
import { MessagePort } from 'node:worker_threads';
import Database, { type Statement } from 'better-sqlite3';

const pauseIn = Number(process.env.RUNNER_CRASH_PAUSE_IN);
const fraction = Number(process.env.RUNNER_CRASH_PAUSE_AFTER);
let commits = 0;
let armed: { total: number; after: number; written: number } | undefined;

const on = MessagePort.prototype.on;
MessagePort.prototype.on = function (this: MessagePort, event: string, listener: (message: unknown) => void) {
  if (event !== 'message') return on.call(this, event, listener);
  return on.call(this, event, (message: { kind?: string; batch?: { changes: unknown[] } }) => {
    if (message.kind === 'commit' && ++commits === pauseIn) {
      const total = message.batch!.changes.length;
      armed = { total, after: Math.max(1, Math.floor(total * fraction)), written: 0 };
    }
    listener(message);
  });
} as typeof MessagePort.prototype.on;

const probe = new Database(':memory:');
const statementPrototype = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Statement;
probe.close();
const run = statementPrototype.run;
statementPrototype.run = function (this: Statement, ...args: unknown[]) {
  const result = run.apply(this, args);
  if (armed && this.source.startsWith('INSERT INTO documents') && ++armed.written === armed.after) {
    writeSync(1, `inside ${commits} ${armed.written}/${armed.total}\n`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  }
  return result;
} as Statement['run'];

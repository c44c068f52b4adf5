import { fork } from 'node:child_process';
import { join } from 'node:path';

export type Figures = Record<string, number | string | boolean | null>;

export interface PhaseResult {
  figures: Figures;
  /** Peak resident set of the child, from its own process.resourceUsage().maxRSS. */
  maxRssMb: number;
  seconds: number;
}

/**
 * Runs one workload in a fresh Node process, from the compiled bench (support/build.ts), so
 * that its memory peak and its JIT and GC state are its own: `bench/workloads/<name>.ts` exports `run(args)` (or another `entry`) returning its
 * figures.
 */
export function runPhase(built: string, workload: string, args: unknown, entry = 'run'): Promise<PhaseResult> {
  const started = process.hrtime.bigint();
  const child = fork(join(built, 'bench', 'support', 'phase-child.js'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let answered = false;
    child.once('message', (message: { ok: boolean; figures?: Figures; maxRssMb?: number; error?: string }) => {
      answered = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (message.ok) resolve({ figures: message.figures!, maxRssMb: message.maxRssMb!, seconds });
      else reject(new Error(`workload ${workload} failed:\n${message.error}`));
    });
    child.once('exit', (code) => {
      if (!answered) reject(new Error(`workload ${workload} exited with code ${code} without answering`));
    });
    child.send({ workload, entry, args });
  });
}

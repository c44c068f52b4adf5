import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnTs } from './child-process';
import { API_KEYS } from './test-app';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  dir: string;
  /** Everything the server printed so far, stdout and stderr interleaved. */
  output(): string;
  stdout(): string;
  exited: Promise<number | null>;
}

/** A port nothing listens on right now (the server binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `src/main.ts` in a child process on a fresh data directory, resolved once /health answers. */
export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-server-'));
  const port = await freePort();
  const child = spawnTs('src/main.ts', [], {
    PORT: String(port),
    SQLITE_PATH: join(dir, 'events.db'),
    READ_MODEL_PATH: join(dir, 'read-models.db'),
    API_KEYS,
    NOW: '2023-09-26',
    ANONYMOUS_RATE_LIMIT_PER_MINUTE: '0',
    ANONYMOUS_AS_OF_PER_MINUTE: '0',
    ...env,
  });
  let all = '';
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => ((all += chunk), (out += chunk)));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (all += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 25_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited at start:\n${all}`);
    const up = await fetch(`${url}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer /health in time:\n${all}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return { child, url, dir, output: () => all, stdout: () => out, exited };
}

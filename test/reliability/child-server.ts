import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { transformFileSync } from '@swc/core';
import { exited, onLines } from '../support/child-process';

const root = join(__dirname, '..', '..');

/**
 * Compiles src/, projections/ and server.child.ts once, with the swc settings jest uses, into a
 * temporary directory: each of the many servers the crash test starts then skips the on-the-fly
 * compiler (seconds per start on a loaded machine). Returns the compiled server.child.js and the
 * directory to remove afterwards.
 */
export function compileServer(): { entry: string; dir: string } {
  const out = mkdtempSync(join(tmpdir(), 'ledger-reliability-build-'));
  const sources = ['src', 'domain', 'projections'].flatMap((dir) => tsFiles(join(root, dir)));
  for (const file of [...sources, join(__dirname, 'server.child.ts')]) {
    const { code } = transformFileSync(file, {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
      swcrc: false,
    });
    const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, code);
  }
  // JSON the sources import (src/docs/openapi.ts reads the version from package.json).
  copyFileSync(join(root, 'package.json'), join(out, 'package.json'));
  return { entry: join(out, 'test', 'reliability', 'server.child.js'), dir: out };
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** A port nobody listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * src/main.ts in a child process (via server.child.ts): spawned ahead, loads the app's modules,
 * then boots on `start()`. Its output is kept (the last lines, for failures, and all of it for
 * checks such as "no secret was logged").
 */
export class ChildServer {
  readonly output: string[] = [];
  private readonly process: ChildProcess;
  private readonly loaded: Promise<void>;
  private startedAt = 0;
  bootMs = 0;

  private constructor(
    readonly port: number,
    entry: string,
    env: Record<string, string>,
  ) {
    this.process = spawn(process.execPath, [entry], {
      cwd: root,
      env: { ...process.env, ...env, PORT: String(port), NODE_PATH: join(root, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (line: string) => {
      this.output.push(line);
      if (this.output.length > 2000) this.output.splice(0, 1000);
    };
    this.process.stderr!.setEncoding('utf8').on('data', (chunk: string) => chunk.split('\n').forEach(keep));
    this.loaded = new Promise((resolve, reject) => {
      this.process.once('exit', (code, signal) =>
        reject(new Error(`server child exited (${code ?? signal}) before it loaded: ${this.tail()}`)),
      );
      onLines(this.process, (line) => {
        keep(line);
        if (line === 'loaded') resolve();
      });
    });
    this.loaded.catch(() => undefined);
  }

  /** Spawns a server (`entry` from compileServer) that loads its code and waits; `start()` boots it. */
  static async spawn(entry: string, env: Record<string, string>): Promise<ChildServer> {
    return new ChildServer(await freePort(), entry, env);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.process.pid!;
  }

  /** Boots the loaded server and resolves once GET /health answers 200. */
  async start(timeoutMs = 60_000): Promise<void> {
    await this.loaded;
    this.startedAt = Date.now();
    this.process.kill('SIGUSR2');
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(25)) {
      if (this.process.exitCode !== null) throw new Error(`server exited at start: ${this.tail()}`);
      const health = await fetch(`${this.url}/health`).catch(() => undefined);
      if (health?.status === 200) {
        this.bootMs = Date.now() - this.startedAt;
        return;
      }
    }
    throw new Error(`server did not answer /health within ${timeoutMs} ms: ${this.tail()}`);
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye. */
  async kill(): Promise<void> {
    this.process.removeAllListeners('exit');
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
    await exited(this.process);
  }

  tail(lines = 15): string {
    return this.output.slice(-lines).join('\n');
  }
}

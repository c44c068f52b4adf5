import { extname, join } from 'node:path';
import { MessageChannel, Worker, type MessagePort, type ResourceLimits } from 'node:worker_threads';

export interface WorkerThreadHandlers<FromThread> {
  message(message: FromThread): void;
  /** The thread ended (closed, or failed with `failure`): whatever it still owed will not come. */
  exit(failure: unknown): void;
}

/**
 * A thread of our own that owns a connection (the store's writer, the read models' writer), reached through a
 * message port: started at once, started again by the next message after it exits, and keeping the process alive
 * only while it owes an answer. The thread receives `{ ...workerData, port }`.
 */
export class WorkerThread<ToThread, FromThread> {
  private worker?: Worker;
  private port?: MessagePort;
  private exited?: Promise<void>;

  constructor(
    private readonly module: { dir: string; name: string; workerData: object },
    private readonly handlers: WorkerThreadHandlers<FromThread>,
  ) {
    this.start();
  }

  post(message: ToThread): void {
    (this.port ?? this.start()).postMessage(message);
  }

  /** How many answers the thread owes: while any, it holds the process up. */
  owes(answers: number): void {
    if (answers > 0) this.worker?.ref();
    else this.worker?.unref();
  }

  /** Sends the thread its last message and waits until it has ended (its connection closed the file). */
  async close(last: ToThread): Promise<void> {
    if (!this.port) return;
    // Held until the thread has closed the file: nothing else may keep the process up meanwhile.
    this.worker?.ref();
    this.port.postMessage(last);
    await this.exited;
  }

  private start(): MessagePort {
    const { port1, port2 } = new MessageChannel();
    const worker = spawnWorker(this.module.dir, this.module.name, { ...this.module.workerData, port: port2 }, [port2]);
    this.worker = worker;
    this.port = port1;
    port1.on('message', (message: FromThread) => this.handlers.message(message));
    port1.unref();
    worker.unref();
    let failure: unknown;
    worker.on('error', (error) => (failure = error));
    this.exited = new Promise((resolve) =>
      worker.once('exit', () => {
        if (this.worker === worker) [this.worker, this.port] = [undefined, undefined];
        port1.close();
        this.handlers.exit(failure);
        resolve();
      }),
    );
    return port1;
  }
}

/**
 * A worker thread running the module `name` in `dir`: the compiled JavaScript in production; under @swc-node/register
 * or jest (this file is TypeScript then, as the worker's is), the TypeScript source, compiled as it loads.
 */
export function spawnWorker(
  dir: string,
  name: string,
  workerData: unknown,
  transferList: MessagePort[] = [],
  resourceLimits?: ResourceLimits,
): Worker {
  const file = join(dir, `${name}${extname(__filename)}`);
  if (extname(__filename) === '.js') return new Worker(file, { workerData, transferList, resourceLimits });
  const source = `require('@swc-node/register'); require(${JSON.stringify(file)});`;
  return new Worker(source, { eval: true, workerData, transferList, resourceLimits });
}

import { WorkerThread } from '../event-store/worker-thread';
import type { Batch } from './read-model.commit';

export type ToReadModelWriter = { kind: 'commit'; id: number; batch: Batch } | { kind: 'close' };
export type FromReadModelWriter =
  { id: number; committed: boolean } | { id: number; error: { message: string; code?: string } };

interface Pending {
  resolve(committed: boolean): void;
  reject(error: unknown): void;
}

/**
 * The event loop's side of the read-model writer thread. A batch's texts are made here (see `storedBatch`); the
 * thread inserts and commits them. Answers, in order: true once committed, false when refused (the file was swapped
 * or claimed by another instance). The file must exist, migrated, before the thread opens it (ReadModelDb does that).
 */
export class ReadModelWriter {
  private readonly thread: WorkerThread<ToReadModelWriter, FromReadModelWriter>;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(path: string) {
    this.thread = new WorkerThread(
      { dir: __dirname, name: 'read-model-writer.worker', workerData: { path } },
      { message: (message) => this.receive(message), exit: (failure) => this.lose(failure) },
    );
  }

  commit(batch: Batch): Promise<boolean> {
    const id = this.nextId++;
    const answer = new Promise<boolean>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.thread.post({ kind: 'commit', id, batch });
    this.thread.owes(this.pending.size);
    return answer;
  }

  /** Ends the thread once it has answered every batch sent (its connection closes the file). */
  close(): Promise<void> {
    return this.thread.close({ kind: 'close' });
  }

  /** A batch it never answered may or may not have committed: the runner starts again from the file. */
  private lose(failure: unknown): void {
    const lost = new Error(`the read-model writer stopped${failure instanceof Error ? `: ${failure.message}` : ''}`);
    for (const id of [...this.pending.keys()]) this.take(id)?.reject(lost);
  }

  private receive(message: FromReadModelWriter): void {
    const pending = this.take(message.id);
    if (!pending) return;
    if ('committed' in message) pending.resolve(message.committed);
    else pending.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
  }

  private take(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    this.thread.owes(this.pending.size);
    return pending;
  }
}

/**
 * The read-model writer thread: the connection that commits the projection runner's batches, so that inserting
 * documents, the commit and the WAL checkpoints' fsync (hundreds of milliseconds on a busy disk) never hold up the
 * event loop. See ReadModelWriter for the other side.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { commitBatch } from './read-model.commit';
import { configure, prepareStatements } from './read-model.schema';
import type { FromReadModelWriter, ToReadModelWriter } from './read-model-writer';

const { path, port } = workerData as { path: string; port: MessagePort };
const db = new Database(path);
configure(db);
const statements = prepareStatements(db);

port.on('message', (message: ToReadModelWriter) => {
  if (message.kind === 'close') {
    db.close();
    port.close();
    return;
  }
  let answer: FromReadModelWriter;
  try {
    answer = { id: message.id, committed: commitBatch(db, statements, message.batch) };
  } catch (error) {
    const { message: text, code } = error as { message?: unknown; code?: unknown };
    answer = { id: message.id, error: { message: String(text), ...(typeof code === 'string' && { code }) } };
  }
  port.postMessage(answer);
});

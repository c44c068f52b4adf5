/**
 * The SQLite store's writer thread: the one connection that writes. It takes appends as they
 * arrive, groups what is waiting into one transaction, commits (the fsync happens here, not on the
 * event loop) and answers each append. See SqliteWriter for the other side.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { carried, SqliteAppender, type AppendOutcome } from './sqlite.appender';
import { configure } from './sqlite.schema';
import type { FromWriter, ToWriter, WriterOptions } from './sqlite-writer';

/** A group stops taking appends past this many events, so a steady flow of writers still sees commits. */
const GROUP_EVENTS = 10_000;

const { path, synchronous, port } = workerData as WriterOptions & { port: MessagePort };
let db = open();
let appender = new SqliteAppender(db);

let outcomes: AppendOutcome[] = [];
/** Set when the group's transaction failed: every append in it is answered with this error. */
let groupError: unknown;
let groupIds: number[] = [];
let groupEvents = 0;
/** The append whose last chunk has not arrived yet: the group cannot commit before it. */
let openAppend: number | undefined;
/** Set when the connection refused a write as read-only: the next group opens the file again first. */
let readOnly = false;

port.on('message', (first: ToWriter) => {
  let message: ToWriter | undefined = first;
  while (message) {
    if (message.kind === 'close') return close();
    take(message);
    if (openAppend === undefined && groupEvents >= GROUP_EVENTS) break;
    message = (receiveMessageOnPort(port) as { message: ToWriter } | undefined)?.message;
  }
  if (openAppend === undefined) finishGroup();
});

function take(message: Exclude<ToWriter, { kind: 'close' }>): void {
  if (message.kind === 'open') {
    groupIds.push(message.opening.id);
    groupEvents += message.opening.eventIds.length;
  }
  const id = message.kind === 'open' ? message.opening.id : message.id;
  openAppend = message.kind === 'abandon' || message.last ? undefined : id;
  if (groupError !== undefined) return;
  try {
    if (!appender.inTransaction) {
      if (readOnly) reopen();
      appender.begin();
    }
    if (message.kind === 'open') appender.open(message.opening);
    const outcome = message.kind === 'abandon' ? appender.abandon() : appender.add(message.chunk, message.last);
    if (outcome) outcomes.push(outcome);
  } catch (error) {
    groupError = error;
    appender.rollback();
  }
}

function finishGroup(): void {
  if (groupIds.length === 0) return;
  if (groupError === undefined) {
    try {
      appender.commit();
    } catch (error) {
      groupError = error;
      appender.rollback();
    }
  }
  const answer: FromWriter =
    groupError === undefined
      ? { kind: 'committed', outcomes }
      : { kind: 'failed', ids: groupIds, error: carried(groupError) };
  const errors = groupError !== undefined ? [groupError] : outcomes.flatMap((o) => (o.ok ? [] : [o.error]));
  readOnly = errors.some(openedReadOnly);
  outcomes = [];
  groupError = undefined;
  groupIds = [];
  groupEvents = 0;
  port.postMessage(answer);
}

function open(): Database.Database {
  const connection = new Database(path);
  configure(connection, synchronous);
  return connection;
}

/**
 * SQLite opens a file it cannot write read-only, without a word, and the connection stays so: without a new one,
 * appends would go on failing after the file became writable again, until a restart.
 */
function openedReadOnly(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_READONLY');
}

/** The new connection first: if the file cannot be opened, the old one stays and the next group tries again. */
function reopen(): void {
  const fresh = open();
  db.close();
  db = fresh;
  appender = new SqliteAppender(db);
  readOnly = false;
}

function close(): void {
  finishGroup();
  db.close();
  port.close();
}

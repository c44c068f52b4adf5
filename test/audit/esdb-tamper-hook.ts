import { startEsdbTestServer, type EsdbTestServer, type EsdbTestServerOptions } from '../esdb/esdb-test-server';
import { TestLog, type LogRecord } from '../esdb/test-log';

/**
 * A test-only way to edit what the EventStoreDB test server has stored, as someone with access to
 * a node's files could: the test server (test/esdb, another engineer's) exposes no handle on its
 * log, so this captures the TestLog it builds. That log seeds itself through `appendSystem` in its
 * constructor, synchronously inside `startEsdbTestServer`; the capture relies on that and fails
 * loudly if it changes. A `log` (or `tamper`) handle on EsdbTestServer would make this unnecessary.
 */
export interface TamperableEsdbServer extends EsdbTestServer {
  /** Replaces the first occurrence of `find` in the event's data (or metadata) bytes, in place. */
  alterBytes(stream: string, revision: number, find: string, replaceWith: string, part?: 'data' | 'metadata'): void;
  /** Removes the event from its stream and from `$all`, as if it had never been written. */
  remove(stream: string, revision: number): void;
  /** Exchanges two events' places (and revision numbers) in their stream; `$all` keeps its order. */
  swap(stream: string, a: number, b: number): void;
}

export async function startTamperableEsdbServer(options: EsdbTestServerOptions = {}): Promise<TamperableEsdbServer> {
  const prototype = TestLog.prototype;
  const appendSystem = Object.getOwnPropertyDescriptor(prototype, 'appendSystem')!;
  const built: TestLog[] = [];
  Object.defineProperty(prototype, 'appendSystem', {
    ...appendSystem,
    value(this: TestLog, ...args: Parameters<TestLog['appendSystem']>) {
      if (!built.includes(this)) built.push(this);
      return (appendSystem.value as TestLog['appendSystem']).apply(this, args);
    },
  });
  let starting: Promise<EsdbTestServer>;
  try {
    starting = startEsdbTestServer(options); // builds its TestLog before its first await
  } finally {
    Object.defineProperty(prototype, 'appendSystem', appendSystem);
  }
  const server = await starting;
  if (built.length !== 1) {
    await server.stop();
    throw new Error('could not capture the test server log: TestLog no longer seeds itself through appendSystem');
  }
  const [captured] = built;
  const streamOf = (stream: string) => {
    const records = captured.stream(stream) as LogRecord[] | undefined;
    if (!records) throw new Error(`no stream ${stream} in the test server`);
    return records;
  };
  const recordAt = (stream: string, revision: number) => {
    const record = streamOf(stream).find((r) => r.revision === BigInt(revision));
    if (!record) throw new Error(`no revision ${revision} in ${stream}`);
    return record;
  };

  return {
    ...server,
    alterBytes(stream, revision, find, replaceWith, part = 'data') {
      const record = recordAt(stream, revision);
      const bytes = Buffer.from(part === 'data' ? record.data : record.customMetadata);
      const at = bytes.indexOf(find);
      if (at < 0 || Buffer.byteLength(find) !== Buffer.byteLength(replaceWith)) {
        throw new Error(`cannot replace ${find} in revision ${revision} of ${stream}`);
      }
      bytes.write(replaceWith, at);
      if (part === 'data') record.data = bytes;
      else record.customMetadata = bytes;
    },
    remove(stream, revision) {
      const record = recordAt(stream, revision);
      const records = streamOf(stream);
      records.splice(records.indexOf(record), 1);
      const all = captured.records as LogRecord[];
      all.splice(all.indexOf(record), 1);
    },
    swap(stream, a, b) {
      const records = streamOf(stream);
      const [first, second] = [recordAt(stream, a), recordAt(stream, b)];
      const [i, j] = [records.indexOf(first), records.indexOf(second)];
      [records[i], records[j]] = [second, first];
      [first.revision, second.revision] = [second.revision, first.revision];
    },
  };
}

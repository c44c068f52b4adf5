import type { Figures } from './phase';

/** What each side does in this benchmark, printed under the table and kept in bench-results.json. */
export const SIDES = {
  ours:
    'SqliteEventStore through the EventStore port (better-sqlite3, WAL): events prepared on the event loop ' +
    '(their canonical texts), linked and inserted by a writer thread, in chunks of 100 that overlap; per append ' +
    'a savepoint inside a group-commit transaction, expected-revision check, idempotency check of every event id, and a SHA-256 ' +
    'hash chain over the RFC 8785 (JCS) form of every event (stream, revision, id, type, data, metadata, ' +
    'prevHash); event ids kept as 16-byte blobs under a unique index; stream heads in their own table. ' +
    'Reads return StoredEvent objects with data and metadata parsed and 64-bit positions. "rebuild" is ' +
    '`npm run cli -- replay`: read $all, fold the case files, write them to a new read-model file, swap it in.',
  peer:
    '@event-driven-io/emmett-sqlite 0.38.5 (node-sqlite3, WAL, synchronous FULL by default): per append one ' +
    'transaction (BEGIN IMMEDIATE) with the stream version checked through its streams table and one ' +
    'multi-row INSERT; no hash chain. "kept open": one connection for the whole run through its exported ' +
    'sqliteConnection/appendToStream/readMessagesBatch (its fastest use, the figure ratios use); ' +
    '"as shipped": getSQLiteEventStore, which opens and closes a connection per call. Read and fold: ' +
    'readMessagesBatch pages of 1000 (its best size here, as ours) folded with the same pure case-file projection as ours. No concurrent ' +
    'writers: its connection runs one transaction at a time.',
  data:
    'Generated, seeded: cases with 1-9 subjects, arrests, convictions, a UN opinion in every second case, ' +
    'release requests and decisions, transfers, releases, measures, follow-up replies, inquiries with ' +
    'answers or recorded silences, corrections; sources on 70% and notes on 20% of events; every event ' +
    'valid under the decider. Both sides store the same events in the same order.',
};

interface Row {
  label: string;
  ours?: string;
  peer?: string;
  unit: string;
  target?: (figures: Figures) => boolean | undefined;
  targetText?: string;
}

const num = (value: unknown, digits = 0): string => {
  if (value === undefined || value === null || Number.isNaN(Number(value))) return '–';
  return Number(value).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
};

export function printReport(results: Record<string, unknown>): void {
  const f = results as Figures;
  const machine = results.machine as Figures;
  const ratio = (a: string, b: string) => {
    const x = Number(f[a]);
    const y = Number(f[b]);
    return x > 0 && y > 0 ? x / y : undefined;
  };
  const atLeast = (key: string, value: number) => () => (f[key] == null ? undefined : Number(f[key]) >= value);
  const below = (key: string, value: number) => () => (f[key] == null ? undefined : Number(f[key]) < value);
  const twice = (a: string, b: string) => () => {
    const r = ratio(a, b);
    return r === undefined ? undefined : r >= 2;
  };
  const levels = Object.keys(f)
    .map((k) => /^appendConcurrent(\d+)PerSec$/.exec(k)?.[1])
    .filter((x): x is string => x !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  const top = Math.max(...levels);
  /** The GET /opinions p99 target (< 5 ms), judged only when that load answered at all. */
  const opinionsP99 = (load: string): Row => ({
    label: '  p99 latency',
    ours: `${load}P99Ms`,
    unit: 'ms',
    target: () => (Number(f[`${load}PerSec`]) > 0 ? below(`${load}P99Ms`, 5)() : undefined),
    targetText: 'p99 < 5 ms',
  });
  const rows: Row[] = [
    {
      label: '1 append, 1000 per append, FULL',
      ours: 'appendBatchedPerSec',
      peer: 'peerAppendBatchedPerSec',
      unit: 'events/s',
      target: () =>
        (atLeast('appendBatchedPerSec', 100_000)() ?? false) &&
        (twice('appendBatchedPerSec', 'peerAppendBatchedPerSec')() ?? false),
      targetText: '≥ 100k and ≥ 2× peer',
    },
    { label: '  same, NORMAL', ours: 'appendNormalBatchedPerSec', unit: 'events/s' },
    { label: '  better-sqlite3 alone: the same rows inserted, FULL', ours: 'ceilingInsertPerSec', unit: 'events/s' },
    { label: '  peer as shipped (connection per call)', peer: 'peerAppendShippedBatchedPerSec', unit: 'events/s' },
    {
      label: '1 append, single, one writer, FULL',
      ours: 'appendSinglePerSec',
      peer: 'peerAppendSinglePerSec',
      unit: 'events/s',
      target: twice('appendSinglePerSec', 'peerAppendSinglePerSec'),
      targetText: '≥ 2× peer',
    },
    { label: '  p99 latency', ours: 'appendSingleP99Ms', unit: 'ms' },
    { label: '  peer as shipped (connection per call)', peer: 'peerAppendShippedSinglePerSec', unit: 'events/s' },
    ...levels.flatMap((n): Row[] => [
      {
        label: `1 append, single, ${n} writers, FULL`,
        ours: `appendConcurrent${n}PerSec`,
        unit: 'events/s',
        ...(n === top ? { target: atLeast(`appendConcurrent${n}PerSec`, 15_000), targetText: '≥ 15k' } : {}),
      },
      { label: '  p99 latency', ours: `appendConcurrent${n}P99Ms`, unit: 'ms' },
    ]),
    { label: '1 append, single, one writer, NORMAL', ours: 'appendNormalSinglePerSec', unit: 'events/s' },
    ...levels.map((n): Row => ({
      label: `1 append, single, ${n} writers, NORMAL`,
      ours: `appendNormalConcurrent${n}PerSec`,
      unit: 'events/s',
    })),
    { label: '2 read $all', ours: 'readAllPerSec', peer: 'peerReadAllPerSec', unit: 'events/s' },
    { label: '  better-sqlite3 alone: rows as text', ours: 'ceilingReadTextPerSec', unit: 'events/s' },
    { label: '  better-sqlite3 alone: rows parsed', ours: 'ceilingReadParsedPerSec', unit: 'events/s' },
    {
      label: '2 read $all + fold case files (in memory)',
      ours: 'replayFoldPerSec',
      peer: 'peerReplayPerSec',
      unit: 'events/s',
      target: twice('replayFoldPerSec', 'peerReplayPerSec'),
      targetText: '≥ 2× peer',
    },
    {
      label: '2 rebuild: cli replay (read, fold, write)',
      ours: 'replayPerSec',
      unit: 'events/s',
      target: atLeast('replayPerSec', 400_000),
      targetText: '≥ 400k',
    },
    { label: '  better-sqlite3 alone: rows parsed, in turns with the rebuild', ours: 'floorPerSec', unit: 'events/s' },
    {
      label: '  rebuild / better-sqlite3 alone parsing $all',
      ours: 'rebuildToFloor',
      unit: '×',
      target: atLeast('rebuildToFloor', 0.5),
      targetText: '≥ 0.5',
    },
    { label: '8 long case: POST median, first 500', ours: 'longCaseFirstMedianMs', unit: 'ms' },
    { label: '  POST median, last 500', ours: 'longCaseLastMedianMs', unit: 'ms' },
    {
      label: '  last 500 / first 500',
      ours: 'longCaseLastToFirst',
      unit: '×',
      target: () => (f.longCaseLastToFirst == null ? undefined : Number(f.longCaseLastToFirst) <= 1.5),
      targetText: '≤ 1.5',
    },
    {
      label: '  GET /cases/{id}',
      ours: 'longCasePageBytes',
      unit: 'bytes',
      target: () => (f.longCasePageBytes == null ? undefined : Number(f.longCasePageBytes) <= 100_000),
      targetText: '≤ 100 kB',
    },
    {
      label: '3 start-up to ready',
      ours: 'startupSeconds',
      unit: 's',
      target: () => (f.startupSeconds == null ? undefined : Number(f.startupSeconds) <= 3),
      targetText: '≤ 3 s',
    },
    { label: '  every summary in memory', ours: 'startupInMemorySeconds', unit: 's' },
    { label: "4 GET /opinions (a browser's Accept-Encoding)", ours: 'opinionsPerSec', unit: 'req/s' },
    { label: '  p50 latency', ours: 'opinionsP50Ms', unit: 'ms' },
    opinionsP99('opinions'),
    { label: '  bare Node server, same bytes: req/s', ours: 'bareCeilingPerSec', unit: 'req/s' },
    { label: '  bare Node server, same bytes: p99', ours: 'bareCeilingP99Ms', unit: 'ms' },
    { label: '4 GET /opinions, If-None-Match (304)', ours: 'opinionsRevalidatedPerSec', unit: 'req/s' },
    { label: '  p99 latency', ours: 'opinionsRevalidatedP99Ms', unit: 'ms' },
    { label: '4 GET /opinions (identity)', ours: 'opinionsIdentityPerSec', unit: 'req/s' },
    { label: '  p99 latency', ours: 'opinionsIdentityP99Ms', unit: 'ms' },
    { label: '  first answer (computed)', ours: 'opinionsColdMs', unit: 'ms' },
    { label: '4 GET /opinions, one client: p50', ours: 'opinionsOneClientP50Ms', unit: 'ms' },
    opinionsP99('opinionsOneClient'),
    { label: '  If-None-Match (304), one client: p99', ours: 'opinionsOneClientRevalidatedP99Ms', unit: 'ms' },
    { label: '  bare Node server, same bytes, one client: p99', ours: 'bareCeilingOneClientP99Ms', unit: 'ms' },
    {
      label: '4 POST /cases/{id}/events',
      ours: 'postEventsPerSec',
      unit: 'req/s',
      target: atLeast('postEventsPerSec', 3_000),
      targetText: '≥ 3k',
    },
    { label: '  p99 latency', ours: 'postP99Ms', unit: 'ms' },
    { label: '  GET /health, the cheapest route, same connections', ours: 'healthPerSec', unit: 'req/s' },
    { label: '  bare Nest app, one empty route: GET', ours: 'nestFloorGetPerSec', unit: 'req/s' },
    { label: '  bare Nest app, one empty route: POST (same body)', ours: 'nestFloorPostPerSec', unit: 'req/s' },
    {
      label: '5 peak RSS, start-up',
      ours: 'startupPeakRssMb',
      unit: 'MB',
      target: below('startupPeakRssMb', 400),
      targetText: '< 400 MB',
    },
    {
      label: "  peak RSS once today's lists are made (after the first visits)",
      ours: 'listsMadePeakRssMb',
      unit: 'MB',
    },
    {
      label: '5 peak RSS, rebuild (cli replay)',
      ours: 'rebuildPeakRssMb',
      unit: 'MB',
      target: below('rebuildPeakRssMb', 400),
      targetText: '< 400 MB',
    },
    { label: '5 peak RSS, read + fold', ours: 'replayFoldPeakRssMb', peer: 'peerReplayPeakRssMb', unit: 'MB' },
    { label: '5 peak RSS, server after HTTP load', ours: 'serverPeakRssMb', unit: 'MB' },
  ];
  const table = rows.map((row) => {
    const digits = row.unit === 'ms' || row.unit === 's' || row.unit === '×' ? 2 : 0;
    const ours = row.ours ? num(f[row.ours], digits) : '';
    const peer = row.peer ? num(f[row.peer], digits) : '';
    const r = row.ours && row.peer ? ratio(row.ours, row.peer) : undefined;
    const met = row.target?.(f);
    return [
      row.label,
      ours,
      peer,
      r === undefined ? '' : `${r.toFixed(2)}×`,
      row.unit,
      row.targetText ?? '',
      met === undefined ? (row.targetText ? '?' : '') : met ? 'met' : 'MISSED',
    ];
  });
  const header = ['workload', 'ours', 'peer', 'ours/peer', 'unit', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 1 && i <= 3 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [
    `Compliance Ledger benchmark — ${String(results.mode)} run, ${String(results.date)}, seed ${String(results.seed)}`,
    `data: ${JSON.stringify(results.dataset)}; stored ${num(f.storedEvents)} events`,
    `machine: ${Object.entries(results.machine as object)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(', ')}`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...table.map(line),
    '',
    `ours: ${SIDES.ours}`,
    `peer: ${SIDES.peer}`,
    `data: ${SIDES.data}`,
    `GET /opinions: ${num(f.opinions)} opinions, ${num(Number(f.opinionsBodyBytes) / 1e6, 1)} MB of JSON, ${num(Number(f.opinionsCompressedBytes) / 1e6, 2)} MB compressed.`,
    `rebuild: ${num(f.rebuildReadBack)} documents read back from its file (each folding thread holds a page and 8 documents past it).`,
    `read and fold: the first ${num(f.replayedEvents)} events of $all on both sides; the rebuild reads all ${num(f.storedEvents)}.`,
    `CPU: 1e8 additions took ${num(machine.cpuLoopMs)} ms at the start, ${num(machine.cpuLoopMsAtEnd)} ms at the end; load average ${String(machine.loadAverage1m)} then ${String(machine.loadAverage1mAtEnd)}.`,
    `bench took ${String(results.benchSeconds)} s; figures in bench-results.json`,
  ];
  process.stdout.write(out.join('\n') + '\n');
}

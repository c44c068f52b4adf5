import { readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const versionOf = (pkg: string): string => {
  const path = join(__dirname, '..', '..', 'node_modules', pkg, 'package.json');
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
};

/**
 * The machine, the versions and what one durable commit costs on this disk: single-event appends
 * with synchronous=FULL are bounded by that figure, whatever the code does.
 */
export function describeMachine(dir: string): Record<string, string | number> {
  const path = join(dir, 'fsync-probe.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS t (x INTEGER PRIMARY KEY, y TEXT)');
  const insert = db.prepare('INSERT INTO t (y) VALUES (?)');
  const started = Date.now();
  let commits = 0;
  while (Date.now() - started < 1000) {
    db.exec('BEGIN IMMEDIATE');
    insert.run('probe');
    db.exec('COMMIT');
    commits++;
  }
  const sqlite = db.prepare('SELECT sqlite_version()').pluck().get() as string;
  db.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const cpu = cpus();
  return {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform} ${release()}`,
    node: process.version,
    sqlite,
    betterSqlite3: versionOf('better-sqlite3'),
    emmettSqlite: versionOf('@event-driven-io/emmett-sqlite'),
    nodeSqlite3: versionOf('sqlite3'),
    durableCommitsPerSec: commits,
    /** Other work on the machine when the run began: figures taken under load are lower. */
    loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
    cpuLoopMs: cpuLoopMs(),
  };
}

/**
 * A fixed piece of single-threaded work (10^8 additions), timed: how much CPU this process got at
 * that moment. Compare runs by it; on an idle modern core it takes about 0.1 s.
 */
export function cpuLoopMs(): number {
  const started = process.hrtime.bigint();
  let x = 0;
  for (let i = 0; i < 1e8; i++) x += i;
  if (x < 0) throw new Error('unreachable');
  return Math.round(Number(process.hrtime.bigint() - started) / 1e6);
}

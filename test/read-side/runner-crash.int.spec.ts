import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { CaseFile } from '../../domain/case/case-file';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import { foldDocuments, type ProjectionDefinition } from '../../projections/projection';
import type { ImportItem } from '../../src/cases/import/case-import';
import { comparePositions, formatPosition } from '../../src/event-store/position';
import { SqliteEventStore } from '../../src/event-store/sqlite.event-store';
import { ReadModelDb } from '../../src/read-side/read-model.db';
import { appConfig, loadConfig } from '../../src/config/app.config';
import { AppConfigModule } from '../../src/config/config.module';
import { EventStoreModule } from '../../src/event-store/event-store.module';
import { MetricsModule } from '../../src/metrics/metrics.module';
import { ReadModels } from '../../src/read-side/read-models';
import { ReadSideModule } from '../../src/read-side/read-side.module';
import { TimeModule } from '../../src/time/time.module';
import { exited, onLines, spawnTs } from '../support/child-process';
import { exampleItems, generatedItems, importAll, prng } from './read-side-fixtures';

/**
 * SIGKILLs the projection runner (in a child process) between batches, inside a batch's transaction
 * and at random moments, while more events are appended; after every kill, the read-model file must
 * hold exactly the fold of the events up to its checkpoint, and after the last restart, exactly the
 * fold of the whole store, with the checkpoint at the store's head.
 */
@Module({ imports: [AppConfigModule, TimeModule, EventStoreModule, MetricsModule, ReadSideModule] })
class RunnerOnlyModule {}

describe('projection runner under SIGKILL', () => {
  const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
  const random = prng(seed);
  const dir = mkdtempSync(join(tmpdir(), 'ledger-runner-crash-'));
  const env = { SQLITE_PATH: join(dir, 'events.db'), READ_MODEL_PATH: join(dir, 'read-models.db') };
  const store = new SqliteEventStore(env.SQLITE_PATH, { synchronous: 'normal' });
  const kills: Array<{ round: string; where: 'inside' | 'between' | 'idle'; checkpoint: string; at: number }> = [];
  let appended = 0;

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const append = async (items: ImportItem[]) => {
    appended += (await importAll(store, items)).stored;
  };

  /** New events for cases already in the store: an inquiry and its outcome each. */
  const moreForExisting = (round: string, cases: number): ImportItem[] =>
    Array.from({ length: cases }, (_, n) => [
      {
        caseId: `gen-a-${n}`,
        type: 'InquirySent',
        data: { inquiryId: `${round}-q`, occurredOn: '2023-03-01', to: 'Ombudsman', channel: 'email', question: '?' },
      },
      { caseId: `gen-a-${n}`, type: 'NoResponseRecorded', data: { inquiryId: `${round}-q`, occurredOn: '2023-03-15' } },
    ]).flat();

  interface Child {
    process: ChildProcess;
    lines: string[];
    next(pattern: RegExp, timeoutMs?: number): Promise<string>;
    /** Boots the loaded child (its first batch may commit before it reports `loaded`). */
    go(): Promise<void>;
  }
  const children: Child[] = [];
  afterAll(() => children.forEach((c) => c.process.exitCode === null && c.process.kill('SIGKILL')));

  /** Starts a child that loads the code, then waits for go(): children are started ahead of their round. */
  function spawnChild(mode: string, ...args: string[]): Child {
    const child = spawnTs('test/read-side/runner-crash.child.ts', [mode, ...args], env);
    const lines: string[] = [];
    const waiting: Array<{ pattern: RegExp; resolve(line: string): void }> = [];
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    onLines(child, (line) => {
      lines.push(line);
      for (const w of [...waiting]) {
        if (w.pattern.test(line)) {
          waiting.splice(waiting.indexOf(w), 1);
          w.resolve(line);
        }
      }
    });
    const next = (pattern: RegExp, timeoutMs = 30_000) =>
      new Promise<string>((resolve, reject) => {
        const seen = lines.find((l) => pattern.test(l));
        if (seen) return resolve(seen);
        const timer = setTimeout(
          () => reject(new Error(`no ${pattern} from the child; got ${lines.join(' | ')} ${stderr}`)),
          timeoutMs,
        );
        waiting.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
        child.once('exit', (code, signal) =>
          reject(new Error(`child exited (${code ?? signal}) before ${pattern}: ${stderr}`)),
        );
      });
    const go = async () => {
      await next(/^ready$/);
      child.kill('SIGUSR2');
    };
    const handle = { process: child, lines, next, go };
    children.push(handle);
    return handle;
  }

  /**
   * Kills the child, then checks the file: consistent, and at exactly the last batch the child
   * reported committed (or where it started, if none). A batch killed between `begin` and
   * `committed` may have committed just before the kill, but nothing else may show.
   */
  async function kill(round: string, child: Child, pausedInside = false): Promise<void> {
    child.process.kill('SIGKILL');
    await exited(child.process);
    // `begin <n> <changes> <target>` and `committed <n> <target> <ok>`
    const lastOf = (prefix: string, field: number) =>
      child.lines
        .filter((l) => l.startsWith(prefix))
        .map((l) => l.split(' ')[field])
        .pop();
    const begun = child.lines.filter((l) => l.startsWith('begin ')).length;
    const committed = child.lines.filter((l) => l.startsWith('committed ')).length;
    const where = begun > committed ? 'inside' : begun > 0 ? 'between' : 'idle';
    const durable = lastOf('committed ', 2) ?? checkpointBefore;
    const checkpoint = await assertConsistent(round);
    const allowed = where === 'inside' && !pausedInside ? [durable, lastOf('begin ', 3)] : [durable];
    expect({ round, checkpoint: allowed.includes(checkpoint) }).toEqual({ round, checkpoint: true });
    if (pausedInside) expect(where).toBe('inside');
    kills.push({ round, where, checkpoint, at: Date.now() });
    checkpointBefore = checkpoint;
  }
  let checkpointBefore = 'none';

  /** The file's documents are the fold of exactly the events up to its checkpoint: no batch half-applied. */
  async function assertConsistent(round: string): Promise<string> {
    const all = await store.readAll({ maxCount: 10_000_000 });
    const db = new ReadModelDb(env.READ_MODEL_PATH).foldTailsWith([
      caseFilesProjection as ProjectionDefinition<unknown>,
    ]);
    try {
      const checkpoint = db.checkpoint(caseFilesProjection.name)?.position;
      const stored = new Map(db.documents<CaseFile>(caseFilesProjection.name));
      const events = checkpoint ? all.filter((e) => comparePositions(e.position, checkpoint) <= 0) : [];
      const expected = JSON.parse(JSON.stringify(Object.fromEntries(foldDocuments(caseFilesProjection, events))));
      expect({ round, documents: Object.fromEntries(stored) }).toStrictEqual({ round, documents: expected });
      return checkpoint ? formatPosition(checkpoint) : 'none';
    } finally {
      db.close();
    }
  }

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('ends with the read model of a clean replay, event for event, after kills between and inside batches', async () => {
    const started = Date.now();
    // Loading a child's code is the slow part: all of them load while the store fills.
    const fraction = () => (0.1 + random() * 0.8).toFixed(2);
    const [first, second, third, fourth, fifth, sixth] = [
      spawnChild('pause-inside', '1', fraction()),
      spawnChild('run'),
      spawnChild('run'),
      spawnChild('run'),
      spawnChild('run'),
      spawnChild('pause-inside', '1', fraction()),
    ];
    await append(exampleItems());
    await append(generatedItems('a', 150, 25, random));
    expect(appended).toBeGreaterThan(3500);
    const storedAt = Date.now();

    // 1: inside the very first batch's transaction (2000 events, hundreds of documents).
    await first.go();
    await first.next(/^inside /);
    await kill('inside-first-batch', first, true);
    expect(kills.at(-1)!.checkpoint).toBe('none');

    // 2: right after the first batch committed, before the next one begins.
    await second.go();
    await second.next(/^committed 1 /);
    await kill('after-first-commit', second);

    // 3: at a random moment while more events are appended, to new and to existing cases.
    await third.go();
    await third.next(/^writer-ready$/);
    let appending = append([...generatedItems('r0', 30, 25, random), ...moreForExisting('r0', 100)]);
    await sleep(20 + random() * 400);
    await kill('random-0', third);
    await appending;

    // 4: as soon as a batch's transaction begins.
    await append(generatedItems('r1', 30, 25, random));
    await fourth.go();
    await fourth.next(/^begin 1 /);
    await kill('on-begin', fourth);

    // 5: at a random moment while more events are appended.
    await fifth.go();
    await fifth.next(/^writer-ready$/);
    appending = append([...generatedItems('r2', 30, 25, random), ...moreForExisting('r2', 150)]);
    await sleep(20 + random() * 400);
    await kill('random-1', fifth);
    await appending;

    // 6: inside a batch again, once the runner resumes from a checkpoint.
    await append([...generatedItems('late', 30, 30, random), ...moreForExisting('late', 150)]);
    await sixth.go();
    await sixth.next(/^inside /);
    await kill('inside-resumed-batch', sixth, true);
    expect(kills.at(-1)!.checkpoint).not.toBe('none');

    // Last restart, in this process: catch up, then compare with a clean fold of everything stored.
    const head = (await store.headPosition())!;
    const runner = await Test.createTestingModule({ imports: [RunnerOnlyModule] })
      .overrideProvider(appConfig.KEY)
      .useValue(loadConfig(env))
      .compile();
    const app = await runner.init();
    try {
      expect(await app.get(ReadModels).waitFor(head, 30_000)).toBe(true);
      const live = app.get(ReadModels).all<CaseFile>(caseFilesProjection.name);
      const db = new ReadModelDb(env.READ_MODEL_PATH).foldTailsWith([
        caseFilesProjection as ProjectionDefinition<unknown>,
      ]);
      try {
        expect(db.checkpoint(caseFilesProjection.name)).toEqual({
          position: head,
          version: caseFilesProjection.version,
        });
        const stored = new Map(db.documents<CaseFile>(caseFilesProjection.name));
        const events = await store.readAll({ maxCount: 10_000_000 });
        expect(events).toHaveLength(appended);
        const clean = foldDocuments(caseFilesProjection, events);
        expect([...stored.keys()].sort()).toEqual([...clean.keys()].sort());
        expect([...live.keys()].sort()).toEqual([...clean.keys()].sort());
        const lastRevision = new Map(events.map((e) => [e.stream, e.revision]));
        for (const [key, doc] of clean) {
          const expected = JSON.parse(JSON.stringify(doc));
          expect({ key, doc: stored.get(key) }).toStrictEqual({ key, doc: expected });
          const held = JSON.parse(JSON.stringify(caseFilesProjection.summarize!(doc)));
          expect({ key, doc: JSON.parse(JSON.stringify(live.get(key))) }).toStrictEqual({ key, doc: held });
          expect(stored.get(key)!.revision).toBe(lastRevision.get(`case-${key}`));
        }
      } finally {
        db.close();
      }
    } finally {
      await app.close();
    }

    const inside = kills.filter((k) => k.where === 'inside').length;
    expect(kills.length).toBeGreaterThanOrEqual(5);
    expect(inside).toBeGreaterThanOrEqual(2);
    expect(kills.length - inside).toBeGreaterThanOrEqual(1);
    process.stdout.write(
      `runner crash (seed ${seed}): ${appended} events, ${kills.length} kills ` +
        `[${kills.map((k) => `${k.round}:${k.where}@${k.checkpoint} (${k.at - started} ms)`).join(', ')}], ` +
        `stored ${storedAt - started} ms, total ${Date.now() - started} ms\n`,
    );
  }, 90_000);
});

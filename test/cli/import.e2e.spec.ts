import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importItems, type ImportItem } from '../../src/cases/import/case-import';
import { streamOfCase } from '../../domain/case/case.events';
import { StreamNotFoundError } from '../../src/event-store/event-store.errors';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite.event-store';
import { ReadModels } from '../../src/read-side/read-models';
import { exited, spawnTs } from '../support/child-process';
import { startTestApp, type TestApp } from '../support/test-app';

/** The import service and `cli import`: the worked example, re-imports that store nothing, all or nothing per case. */

const EXAMPLE = 'examples/forum18-kazakhstan-2023.json';
const OPINION = 'A/HRC/WGAD/2021/33';
const items = (): ImportItem[] => JSON.parse(readFileSync(EXAMPLE, 'utf8')) as ImportItem[];
const options = { today: '2023-09-26', actor: 'import-test', recordedAt: () => new Date().toISOString() };
const count = (list: ImportItem[], caseId: string) => list.filter((i) => i.caseId === caseId).length;

/** Item 30 arrests someone who is not a subject of kz-mazhenov: that case, and only it, is refused. */
const BAD_INDEX = 30;
const withBadItem = (list = items()): ImportItem[] =>
  list.map((item, i) =>
    i === BAD_INDEX ? { ...item, data: { ...(item.data as object), personIds: ['nobody-here'] } } : item,
  );

async function streamLength(store: EventStore, caseId: string): Promise<number> {
  const stored = await store.readStream(streamOfCase(caseId)).catch((e: unknown) => {
    if (e instanceof StreamNotFoundError) return [];
    throw e;
  });
  return stored.length;
}

describe('importItems against the app store', () => {
  let t: TestApp;
  let store: EventStore;
  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get<symbol, EventStore>(EVENT_STORE);
  });
  afterAll(() => t.close());

  it('imports the worked example, and the read side shows its figures', async () => {
    const report = await importItems(store, items(), options);
    expect(report).toEqual({ cases: 6, stored: 47, alreadyStored: 0, refusedCases: [], problems: [] });
    expect(await t.app.get(ReadModels).waitFor((await store.headPosition())!, 5000)).toBe(true);
    const view = await t.http.get('/cases/kz-whatsapp-group-2018');
    expect(view.body.revision).toBe(count(items(), 'kz-whatsapp-group-2018') - 1);
    const opinion = await t.http.get(`/opinions/${encodeURIComponent(OPINION)}`).query({ asOf: '2023-09-26' });
    expect(opinion.body).toMatchObject({
      grade: 'D',
      daysSinceAdoption: { min: 726, max: 755 },
      followUpOverdue: true,
    });
    const [first] = await store.readStream(streamOfCase('kz-whatsapp-group-2018'));
    expect(first.metadata).toMatchObject({ actor: 'import-test', source: 'import' });
    expect(first.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('importing the same file again stores nothing', async () => {
    const head = await store.headPosition();
    const report = await importItems(store, items(), options);
    expect(report).toEqual({ cases: 6, stored: 0, alreadyStored: 47, refusedCases: [], problems: [] });
    expect(await store.headPosition()).toEqual(head);
  });

  it('a bad item refuses its whole case only, naming the item index', async () => {
    const renamed = withBadItem().map((item) => ({ ...item, caseId: `b-${item.caseId}` }));
    const report = await importItems(store, renamed, options);
    expect(report.refusedCases).toEqual(['b-kz-mazhenov']);
    expect(report.problems).toEqual([
      {
        index: BAD_INDEX,
        caseId: 'b-kz-mazhenov',
        message: expect.stringMatching(/CASE\.SUBJECT_UNKNOWN: nobody-here/),
      },
    ]);
    expect(report.stored).toBe(47 - count(renamed, 'b-kz-mazhenov'));
    expect(await streamLength(store, 'b-kz-mazhenov')).toBe(0);
    expect(await streamLength(store, 'b-kz-abilkairov')).toBe(count(renamed, 'b-kz-abilkairov'));
  });

  it('a bad item among new items of an existing case stores none of them', async () => {
    const before = await streamLength(store, 'kz-zernichenko');
    const more: ImportItem[] = [
      { caseId: 'kz-zernichenko', type: 'SubjectAdded', data: { personId: 'new-person', name: 'New' } },
      {
        caseId: 'kz-zernichenko',
        type: 'PersonArrested',
        data: { personIds: ['new-person'], occurredOn: '2023-02-30' },
      },
      { caseId: 'kz-zernichenko', type: 'SubjectAdded', data: { personId: 'other-person', name: 'Other' } },
    ];
    const report = await importItems(store, [...items(), ...more], options);
    expect(report.problems).toEqual([
      { index: 48, caseId: 'kz-zernichenko', message: expect.stringMatching(/data\.occurredOn.*2023-02-30/) },
    ]);
    expect(report.stored).toBe(0);
    expect(await streamLength(store, 'kz-zernichenko')).toBe(before);
  });

  it.each<[string, unknown[], RegExp]>([
    ['a bad caseId', [{ caseId: 'Bad Id', type: 'CaseOpened', data: {} }], /caseId must match/],
    ['an unknown type', [{ caseId: 'odd-case', type: 'Nope', data: {} }], /type must be one of/],
    [
      'a __proto__ key',
      [JSON.parse('{"caseId":"odd-case","type":"CaseOpened","data":{"__proto__":{"x":1}}}')],
      /forbidden key/,
    ],
    [
      'half of a surrogate pair in a title',
      [{ caseId: 'odd-case', type: 'CaseOpened', data: { title: 'Cut \ud83d', country: 'KZ', subjects: [] } }],
      /^item 0\.data\.title: not well-formed Unicode \(a lone surrogate \\ud83d at index 4\)$/,
    ],
    [
      'an event before the opening',
      [{ caseId: 'odd-case', type: 'SubjectAdded', data: { personId: 'a-a', name: 'A' } }],
      /CASE\.NOT_FOUND/,
    ],
    [
      'a date after today',
      [
        {
          caseId: 'odd-case',
          type: 'CaseOpened',
          data: {
            title: 'T',
            country: 'KZ',
            subjects: [{ personId: 'a-a', name: 'A' }],
            sources: [{ publishedOn: '2024' }],
          },
        },
      ],
      /CASE\.DATE_IN_FUTURE/,
    ],
  ])('refuses %s, naming item 0, storing nothing', async (_what, list, message) => {
    const head = await store.headPosition();
    const report = await importItems(store, list, options);
    expect(report.problems).toEqual([expect.objectContaining({ index: 0, message: expect.stringMatching(message) })]);
    expect(report.stored).toBe(0);
    expect(await store.headPosition()).toEqual(head);
  });

  it('refuses a file that is not an array', async () => {
    await expect(importItems(store, { items: [] }, options)).rejects.toThrow(/JSON array/);
  });
});

describe('cli import', () => {
  const dirs = [mkdtempSync(join(tmpdir(), 'ledger-cli-')), mkdtempSync(join(tmpdir(), 'ledger-cli-'))];
  const env = (dir: string) => ({
    SQLITE_PATH: join(dir, 'events.db'),
    READ_MODEL_PATH: join(dir, 'read-models.db'),
    NOW: '2023-09-26',
    API_KEYS: '',
  });
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const run = async (dir: string, file: string) => {
    const child = spawnTs('src/cli/main.ts', ['import', file], env(dir));
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    return { code: await exited(child), stdout, stderr };
  };

  it('exits 0 on the worked example and 1 on a file with a bad item, naming it; each case all or nothing', async () => {
    const bad = join(dirs[0], 'bad.json');
    writeFileSync(bad, JSON.stringify(withBadItem()));
    const [refused, good] = await Promise.all([run(dirs[0], bad), run(dirs[1], EXAMPLE)]);

    expect(good.code).toBe(0);
    expect(good.stdout).toBe('47 events stored, 0 already there, 6/6 cases imported\n');

    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(`item ${BAD_INDEX} \\(case kz-mazhenov\\): CASE\\.SUBJECT_UNKNOWN.*nothing stored for this case`),
    );
    const kept = 47 - count(items(), 'kz-mazhenov');
    expect(refused.stdout).toBe(`${kept} events stored, 0 already there, 5/6 cases imported\n`);

    // The refused case alone is missing; importing the corrected file adds just that case, and again nothing.
    const store = new SqliteEventStore(env(dirs[0]).SQLITE_PATH);
    try {
      expect(await streamLength(store, 'kz-mazhenov')).toBe(0);
      const fixed = await importItems(store, items(), options);
      expect(fixed).toMatchObject({ stored: count(items(), 'kz-mazhenov'), alreadyStored: kept, problems: [] });
      expect(await importItems(store, items(), options)).toMatchObject({ stored: 0, alreadyStored: 47 });
    } finally {
      await store.close();
    }
  });

  it('refuses a file that is not valid UTF-8, with exit code 1, storing nothing', async () => {
    const latin1 = join(dirs[0], 'latin1.json');
    const text = JSON.stringify([
      {
        caseId: 'kz-latin1',
        type: 'CaseOpened',
        data: { title: 'Müller', country: 'KZ', subjects: [{ personId: 'ab', name: 'Müller' }] },
      },
    ]);
    writeFileSync(latin1, Buffer.from(text, 'latin1'));
    const result = await run(dirs[0], latin1);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not valid UTF-8; nothing was stored/);
    const store = new SqliteEventStore(env(dirs[0]).SQLITE_PATH);
    try {
      expect(await streamLength(store, 'kz-latin1')).toBe(0);
    } finally {
      await store.close();
    }
  });
});

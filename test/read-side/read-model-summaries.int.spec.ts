import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { copyIn } from '../../src/read-side/hand-over';
import { ReadModelDb } from '../../src/read-side/read-model.db';

const summarize = (doc: { name: string; notes: string[] }) => ({ ...doc, notes: [] });

describe('read-model file: summaries beside whole documents', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-read-models-'));

  it('keeps the whole document and the summary, and gives each where it is asked for', () => {
    const file = new ReadModelDb(join(dir, 'both.db'));
    try {
      const doc = { name: 'a', notes: ['long text'] };
      file.writeDocuments([{ projection: 'p', key: 'k', doc, summary: summarize(doc) }]);
      expect(file.document('p', 'k')).toEqual(doc);
      expect([...file.documents('p', summarize)]).toEqual([['k', { name: 'a', notes: [] }]]);
      expect([...file.documents('p')]).toEqual([['k', doc]]);
      expect(file.document('p', 'missing')).toBeUndefined();
    } finally {
      file.close();
    }
  });

  it('reads many whole documents by key in one pass, in the order asked, none for a missing key', () => {
    const file = new ReadModelDb(join(dir, 'many.db'));
    try {
      const docs = Array.from({ length: 50 }, (_, i) => ({ name: `n${i}`, notes: [`note ${i}`] }));
      file.writeDocuments(docs.map((doc) => ({ projection: 'p', key: doc.name, doc, summary: summarize(doc) })));
      file.writeDocuments([{ projection: 'other', key: 'n3', doc: { name: 'elsewhere', notes: [] } }]);
      expect(file.documentsByKey('p', ['n7', 'missing', 'n3', 'n49'])).toEqual([docs[7], undefined, docs[3], docs[49]]);
      expect(file.documentsByKey('p', [])).toEqual([]);
      const names = docs.map((doc) => doc.name).sort();
      expect(file.keysAfter('p', '', 100)).toEqual(names);
      expect(file.keysAfter('p', names[9], 5)).toEqual(names.slice(10, 15));
      expect(file.count('p')).toBe(50);
      expect(file.keysAfter('other', '', 10)).toEqual(['n3']);
    } finally {
      file.close();
    }
  });

  it('summarises, as it loads them, the documents of a file written before summaries existed', () => {
    const path = join(dir, 'old.db');
    const old = new Database(path);
    old.exec(`
      CREATE TABLE documents (projection TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (projection, key)) WITHOUT ROWID;
      INSERT INTO documents VALUES ('p', 'k', '{"name":"old","notes":["x"]}');
    `);
    old.close();
    const file = new ReadModelDb(path);
    try {
      expect([...file.documents('p', summarize)]).toEqual([['k', { name: 'old', notes: [] }]]);
      expect(file.document('p', 'k')).toEqual({ name: 'old', notes: ['x'] });
      // ...and stores them, so the next load reads the summary, not the whole document.
      expect([...file.documents('p', () => ({ name: 'not used', notes: [] }))]).toEqual([
        ['k', { name: 'old', notes: [] }],
      ]);
    } finally {
      file.close();
    }
  });

  it('converts a file of the first format (WITHOUT ROWID) and keeps its summaries and checkpoints', () => {
    const path = join(dir, 'first-format.db');
    const old = new Database(path);
    old.exec(`
      CREATE TABLE documents (projection TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL, summary TEXT, PRIMARY KEY (projection, key)) WITHOUT ROWID;
      CREATE TABLE checkpoints (projection TEXT PRIMARY KEY, position TEXT, version INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO documents VALUES ('p', 'k', '{"name":"first","notes":["x"]}', '{"name":"first","notes":[]}');
      INSERT INTO checkpoints VALUES ('p', '7/7', 3);
    `);
    old.close();
    const file = new ReadModelDb(path);
    try {
      expect([...file.documents('p', () => ({ name: 'not used', notes: [] }))]).toEqual([
        ['k', { name: 'first', notes: [] }],
      ]);
      expect(file.document('p', 'k')).toEqual({ name: 'first', notes: ['x'] });
      expect(file.checkpoint('p')).toEqual({ position: { commit: 7n, prepare: 7n }, version: 3 });
      file.writeDocuments([
        { projection: 'p', key: 'k', doc: { name: 'second', notes: [] }, summary: { name: 'second', notes: [] } },
      ]);
      expect(file.document('p', 'k')).toEqual({ name: 'second', notes: [] });
    } finally {
      file.close();
    }
    const sql = new Database(path).prepare("SELECT sql FROM sqlite_master WHERE name = 'documents'").pluck().get();
    expect(sql).not.toMatch(/WITHOUT ROWID/i);
  });

  it('converts a file whose summaries come after the documents, and reads the summary before the document', () => {
    const path = join(dir, 'second-format.db');
    const old = new Database(path);
    old.exec(`
      CREATE TABLE documents (projection TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL, summary TEXT);
      CREATE UNIQUE INDEX documents_by_key ON documents (projection, key);
      INSERT INTO documents VALUES ('p', 'k', '{"name":"second","notes":["x"]}', '{"name":"second","notes":[]}');
    `);
    old.close();
    const file = new ReadModelDb(path);
    try {
      expect([...file.documents('p', summarize)]).toEqual([['k', { name: 'second', notes: [] }]]);
      expect(file.document('p', 'k')).toEqual({ name: 'second', notes: ['x'] });
    } finally {
      file.close();
    }
    const columns = new Database(path).prepare("SELECT name FROM pragma_table_info('documents')").pluck().all();
    expect(columns).toEqual(['projection', 'key', 'summary', 'doc', 'rank']);
  });

  it('keeps notes for these documents only: a projection started over or a rebuild swapped in forgets them', () => {
    const live = new ReadModelDb(join(dir, 'notes.db'));
    const rebuilt = new ReadModelDb(join(dir, 'notes-rebuilt.db'));
    try {
      expect(live.note('n')).toBeUndefined();
      live.setNote('n', 'one');
      live.setNote('n', 'two');
      expect(live.note('n')).toBe('two');
      live.reset('p', 1);
      expect(live.note('n')).toBeUndefined();

      live.setNote('n', 'three');
      rebuilt.writeDocuments([{ projection: 'p', key: 'k', doc: { name: 'k', notes: [] } }]);
      rebuilt.close();
      copyIn(join(dir, 'notes.db'), join(dir, 'notes-rebuilt.db'));
      expect(live.note('n')).toBeUndefined();
      expect(live.generation()).toBe(1);
    } finally {
      live.close();
      rebuilt.close();
    }
  });

  it('gives ranked documents from the highest rank down, a page below a bound at a time, through its index', () => {
    const file = new ReadModelDb(join(dir, 'ranked.db'));
    try {
      const docs = Array.from({ length: 30 }, (_, i) => ({ name: `n${i}`, notes: [`note ${i}`] }));
      file.writeDocuments(
        docs.map((doc, i) => ({ projection: 'p', key: doc.name, doc, summary: summarize(doc), rank: i * 10 })),
      );
      file.writeDocuments([{ projection: 'unranked', key: 'u', doc: { name: 'u', notes: [] } }]);
      const page = file.ranked('p', Number.MAX_SAFE_INTEGER, 3, summarize);
      expect(page).toEqual([
        ['n29', { name: 'n29', notes: [] }, 290],
        ['n28', { name: 'n28', notes: [] }, 280],
        ['n27', { name: 'n27', notes: [] }, 270],
      ]);
      expect(file.ranked('p', 270, 2, summarize).map(([key]) => key)).toEqual(['n26', 'n25']);
      expect(file.ranked('p', 15, 10, summarize).map(([key, doc]) => [key, doc])).toEqual([
        ['n1', summarize(docs[1])],
        ['n0', summarize(docs[0])],
      ]);
      expect(file.ranked('unranked', Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
      // A document written again takes its new rank; deleted, it leaves the index.
      file.writeDocuments([{ projection: 'p', key: 'n0', doc: docs[0], summary: summarize(docs[0]), rank: 1000 }]);
      file.writeDocuments([{ projection: 'p', key: 'n29', doc: undefined }]);
      expect(file.ranked('p', Number.MAX_SAFE_INTEGER, 2).map(([key]) => key)).toEqual(['n0', 'n28']);
    } finally {
      file.close();
    }
    const plan = new Database(join(dir, 'ranked.db'))
      .prepare(
        "EXPLAIN QUERY PLAN SELECT key FROM documents WHERE projection = 'p' AND rank < 100 ORDER BY rank DESC LIMIT 3",
      )
      .all() as Array<{ detail: string }>;
    expect(plan.map((row) => row.detail).join(' ')).toMatch(/documents_by_rank/);
  });

  it('gives a file of the second format a rank column, and ranks its documents once, from their summaries', () => {
    const path = join(dir, 'third-format.db');
    const old = new Database(path);
    old.exec(`
      CREATE TABLE documents (projection TEXT NOT NULL, key TEXT NOT NULL, summary TEXT, doc TEXT NOT NULL);
      CREATE UNIQUE INDEX documents_by_key ON documents (projection, key);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO documents VALUES ('p', 'a', '{"n":2}', '{"n":2,"long":"x"}'), ('p', 'b', NULL, '{"n":7}'),
        ('p', 'c', '{"n":5}', '{"n":5,"long":"y"}'), ('other', 'z', NULL, '{"n":1}');
    `);
    old.close();
    const file = new ReadModelDb(path);
    try {
      expect(file.document('p', 'a')).toEqual({ n: 2, long: 'x' });
      expect(file.ranked('p', Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
      const rank = (held: unknown) => (held as { n: number }).n;
      expect(file.indexUnindexed([{ projection: 'p', rank }])).toBe(3);
      expect(file.ranked('p', Number.MAX_SAFE_INTEGER, 10).map(([key, , r]) => [key, r])).toEqual([
        ['b', 7],
        ['c', 5],
        ['a', 2],
      ]);
      expect(file.indexUnindexed([{ projection: 'p', rank }])).toBe(0);
      expect(file.ranked('other', Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
    } finally {
      file.close();
    }
    const columns = new Database(path).prepare("SELECT name FROM pragma_table_info('documents')").pluck().all();
    expect(columns).toEqual(['projection', 'key', 'summary', 'doc', 'rank']);
    const fresh = new ReadModelDb(join(dir, 'fresh.db'));
    try {
      expect(fresh.indexUnindexed([{ projection: 'p', rank: () => 0 }])).toBe(0);
    } finally {
      fresh.close();
    }
  });

  it('finds documents by their lookups, replaced with the document, gone with it, on a reset and a swap', () => {
    const lookups = (doc: { name: string; notes: string[] }) => [
      `first:${doc.name[0]}`,
      ...doc.notes.map((n) => `note:${n}`),
    ];
    const change = (name: string, notes: string[]) => {
      const doc = { name, notes };
      return { projection: 'p', key: name, doc, summary: summarize(doc), lookups: lookups(doc) };
    };
    const found = (file: ReadModelDb, value: string) =>
      file
        .lookedUp('p', value, summarize)
        .map(([key]) => key)
        .sort();
    const file = new ReadModelDb(join(dir, 'lookups.db'));
    const rebuilt = new ReadModelDb(join(dir, 'lookups-rebuilt.db'), { scratch: true });
    try {
      file.writeDocuments([change('ann', ['x', 'y']), change('abe', ['y']), change('bob', ['x'])]);
      file.writeDocuments([{ projection: 'q', key: 'ann', doc: { name: 'ann', notes: [] }, lookups: ['first:a'] }]);
      expect(found(file, 'first:a')).toEqual(['abe', 'ann']);
      expect(file.lookedUp('p', 'note:y', summarize)).toEqual(
        expect.arrayContaining([['ann', { name: 'ann', notes: [] }]]),
      );
      expect(found(file, 'note:y')).toEqual(['abe', 'ann']);
      expect(found(file, 'note:none')).toEqual([]);
      file.writeDocuments([change('ann', ['z']), { projection: 'p', key: 'abe', doc: undefined }]);
      expect(found(file, 'note:y')).toEqual([]);
      expect(found(file, 'note:z')).toEqual(['ann']);
      expect(found(file, 'first:a')).toEqual(['ann']);
      rebuilt.writeDocuments([change('cy', ['x'])]);
      rebuilt.close();
      copyIn(join(dir, 'lookups.db'), join(dir, 'lookups-rebuilt.db'));
      expect(found(file, 'note:x')).toEqual(['cy']);
      expect(found(file, 'first:a')).toEqual([]);
      file.reset('p', 2);
      expect(found(file, 'first:c')).toEqual([]);
    } finally {
      file.close();
      rebuilt.close();
    }
    const plan = new Database(join(dir, 'lookups.db'))
      .prepare("EXPLAIN QUERY PLAN SELECT key FROM lookups WHERE projection = 'p' AND value = 'x'")
      .all() as Array<{ detail: string }>;
    expect(plan.map((row) => row.detail).join(' ')).toMatch(/PRIMARY KEY|USING (COVERING )?INDEX/);
  });

  it('gives a file of the third format its lookups once, from the summaries, and keeps the ranks it had', () => {
    const path = join(dir, 'fourth-format.db');
    const old = new Database(path);
    old.exec(`
      CREATE TABLE documents (projection TEXT NOT NULL, key TEXT NOT NULL, summary TEXT, doc TEXT NOT NULL, rank INTEGER);
      CREATE UNIQUE INDEX documents_by_key ON documents (projection, key);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO documents VALUES ('p', 'a', '{"n":2,"case":"c1"}', '{"n":2,"case":"c1","long":"x"}', 2),
        ('p', 'b', NULL, '{"n":7,"case":"c2"}', 7), ('p', 'c', '{"n":5,"case":"c1"}', '{}', 5);
    `);
    old.close();
    const file = new ReadModelDb(path);
    try {
      const byCase = (held: unknown) => [(held as { case: string }).case];
      expect(file.lookedUp('p', 'c1')).toEqual([]);
      expect(file.indexUnindexed([{ projection: 'p', lookups: byCase }])).toBe(3);
      expect(
        file
          .lookedUp('p', 'c1')
          .map(([key]) => key)
          .sort(),
      ).toEqual(['a', 'c']);
      expect(file.lookedUp('p', 'c2')).toEqual([['b', { n: 7, case: 'c2' }]]);
      expect(file.ranked('p', Number.MAX_SAFE_INTEGER, 10).map(([key]) => key)).toEqual(['b', 'c', 'a']);
      expect(file.indexUnindexed([{ projection: 'p', lookups: byCase }])).toBe(0);
    } finally {
      file.close();
    }
  });
});

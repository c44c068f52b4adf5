/**
 * GET /opinions/{opinionId}/follow-up on the worked example (Forum 18, 26 September 2023): the answers to the WGAD's
 * five questions as of that day, with every fact's sources, and the same as one printable page.
 */
import { importExample } from '../support/dashboard-app';
import { startTestApp, type TestApp } from '../support/test-app';

const OPINION = 'A/HRC/WGAD/2021/33';
const PATH = `/opinions/${encodeURIComponent(OPINION)}/follow-up`;

interface Fact {
  kind: string;
  occurredOn: string;
  text: string;
  sources: number[];
}
interface Question {
  key: string;
  asked: boolean;
  status: string | null;
  summary: string;
  facts: Fact[];
}
interface Submission {
  opinionId: string;
  asOf: string;
  status: string;
  grade: string;
  gradeReason: string;
  people: Array<{ name: string; custody: string }>;
  questions: Question[];
  inquiries: Array<{
    to: string;
    sentOn: string;
    answered: boolean;
    daysWaited?: { min: number; max: number };
    sources: number[];
  }>;
  sources: Array<{ n: number; url?: string; title?: string }>;
}

describe('the follow-up submission over HTTP', () => {
  let t: TestApp;
  let doc: Submission;
  const question = (key: string) => doc.questions.find((q) => q.key === key)!;

  beforeAll(async () => {
    t = await startTestApp();
    await importExample(t);
    const res = await t.http.get(PATH).query({ asOf: '2023-09-26' }).set(t.bearer('viewer'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.headers['x-checkpoint']).toMatch(/^\d+\/\d+$/);
    doc = res.body as Submission;
  }, 60_000);
  afterAll(() => t?.close());

  it('answers the five questions in the WGAD’s order, as of the day asked, with the projection’s status and grade', () => {
    expect(doc.questions.map((q) => q.key)).toEqual([
      'release',
      'compensation',
      'investigation',
      'legislation',
      'other',
    ]);
    expect(doc).toMatchObject({ opinionId: OPINION, asOf: '2023-09-26', status: 'not_implemented', grade: 'D' });
    expect(doc.gradeReason).toMatch(
      /^D: the follow-up reply was due 1–30 March 2022 and none from the state is recorded/,
    );
  });

  it('release: not implemented, 3 imprisoned, 6 under restricted freedom, none released', () => {
    const release = question('release');
    expect(release).toMatchObject({ asked: true, status: 'not_implemented' });
    expect(release.summary).toContain('726–755 days');
    expect(release.summary).toContain('3 imprisoned (Beket Mynbasov, Samat Adilov and Ernar Samatov)');
    expect(release.summary).toMatch(/6 under restricted freedom \(Bolatbek Nurgaliyev, .*Zhuldyzbek Taurbekov\)/);
    expect(release.summary).toContain('none released');
    expect(doc.people.filter((p) => p.custody === 'imprisoned')).toHaveLength(3);
    expect(doc.people.filter((p) => p.custody === 'restricted_freedom')).toHaveLength(6);
    expect(release.facts.filter((f) => f.kind === 'released')).toEqual([]);
    // The arrest is dated as the source dates it: a month.
    expect(release.facts[0]).toMatchObject({ kind: 'arrested', occurredOn: '2018-10' });
  });

  it('compensation and investigation (with accountability): not implemented, nothing recorded; legislation not asked', () => {
    expect(question('compensation')).toMatchObject({ asked: true, status: 'not_implemented', facts: [] });
    expect(question('compensation').summary).toContain(
      'No compensation or other reparation is recorded as of 26 September 2023',
    );
    expect(question('investigation')).toMatchObject({ asked: true, status: 'not_implemented', facts: [] });
    expect(question('investigation').summary).toContain('no measure against those responsible');
    expect(question('legislation')).toMatchObject({ asked: false, status: null, facts: [] });
  });

  it('other: the six transfers to restricted freedom, and the state’s silence', () => {
    const other = question('other');
    expect(other).toMatchObject({ asked: false, status: null });
    const transfers = other.facts.filter((f) => f.kind === 'transferred');
    expect(transfers.map((f) => f.occurredOn)).toEqual([
      '2019-09/2023-09-26',
      '2019-09/2023-09-26',
      '2019-09/2023-09-26',
      '2020-02/2023-09-26',
      '2023-05-24',
      '2023-07-12',
    ]);
    expect(other.summary).toContain('6 transfers from prison to restricted freedom recorded');
    expect(other.summary).toContain(
      'No follow-up reply from the state is recorded as of 26 September 2023; it was due 1–30 March 2022 and is overdue',
    );
  });

  it('the four inquiries of September 2023, unanswered, with the days each waited', () => {
    expect(doc.inquiries.map((i) => [i.to, i.sentOn, i.answered, i.daysWaited])).toEqual([
      ["General Prosecutor's Office", '2023-09-15', false, { min: 11, max: 11 }],
      ['Religious Affairs Committee', '2023-09-15', false, { min: 11, max: 11 }],
      ['Foreign Ministry', '2023-09-20', false, { min: 6, max: 6 }],
      ['National Human Rights Centre', '2023-09-25', false, { min: 1, max: 1 }],
    ]);
  });

  it('cites only sources that exist, numbered 1..n, each cited at least once, every fact with at least one', () => {
    const numbers = doc.sources.map((s) => s.n);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    const cited = [...doc.questions.flatMap((q) => q.facts), ...doc.inquiries].map((f) => f.sources);
    expect(cited.every((list) => list.length > 0)).toBe(true);
    expect(cited.flat().filter((n) => !numbers.includes(n))).toEqual([]);
    expect(new Set(cited.flat().concat((doc as unknown as { adoptionSources: number[] }).adoptionSources)).size).toBe(
      numbers.length,
    );
    expect(doc.sources.map((s) => s.url ?? s.title)).toContain('https://digitallibrary.un.org/record/3969786?ln=en');
  });

  it('as of a day before the transfers were certain, counts all nine as imprisoned', async () => {
    const res = await t.http.get(PATH).query({ asOf: '2022-12-31' });
    expect(res.status).toBe(200);
    const release = (res.body as Submission).questions[0];
    expect(release.summary).toContain('9 imprisoned');
    expect((res.body as Submission).questions[4].facts).toEqual([]);
  });

  it('gives one printable page with Accept: text/html or ?format=html, escaping what was recorded', async () => {
    for (const req of [
      t.http.get(PATH).query({ asOf: '2023-09-26' }).set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8'),
      t.http.get(PATH).query({ asOf: '2023-09-26', format: 'html' }),
    ]) {
      const res = await req;
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('@page { size: A4;');
      expect(res.text).not.toMatch(/<script|<nav/);
      expect(res.text).toContain('General Prosecutor&#39;s Office');
      expect(res.text).toContain('“KAZAKHSTAN: Still jailed despite 2021 UN &quot;immediate&quot; release call”');
      for (const source of doc.sources) expect(res.text).toContain(`id="note-${source.n}"`);
    }
  });

  it('refuses a bad day or format with 400 and answers 404 for an unknown opinion', async () => {
    expect((await t.http.get(PATH).query({ asOf: '2023-02-30' })).status).toBe(400);
    expect((await t.http.get(PATH).query({ format: 'pdf' })).status).toBe(400);
    const missing = await t.http.get(`/opinions/${encodeURIComponent('A/HRC/WGAD/1999/1')}/follow-up`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('OPINION.NOT_FOUND');
  });

  it('is readable like the projections: anonymous reads refused when READS_REQUIRE_KEY', async () => {
    const locked = await startTestApp({ READS_REQUIRE_KEY: 'true' });
    try {
      expect((await locked.http.get(PATH)).status).toBe(401);
    } finally {
      await locked.close();
    }
  });
});

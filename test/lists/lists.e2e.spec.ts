/**
 * The list contract (api.md, "Lists at scale") over HTTP on the worked example and 40 generated cases: the whole array
 * without `limit`, pages that add up to it, every filter and order applied by the server before paging, search in
 * either script, and a 400 for every bad parameter.
 */
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { ReadModels } from '../../src/read-side/read-models';
import { alertsSettled } from '../alerts/alerts-support';
import { startTestApp, type TestApp } from '../support/test-app';
import { exampleItems, importAll } from '../read-side/read-side-fixtures';
import { CYRILLIC_NAME, LATIN_QUERY, listItems } from './list-fixtures';

type Query = Record<string, string | string[]>;
interface Opinion {
  opinionId: string;
  mechanism: string;
  countries: string[];
  status: string;
  grade: string;
  occurredOn: string;
  followUpOverdue: boolean;
  calls: Array<{ daysOutstanding?: { max: number } }>;
  people: Array<{ name: string }>;
}
interface CaseRow {
  caseId: string;
  title: string;
  country: string;
  subjects: Array<{ name: string; custody: string }>;
  opinions: string[];
}

const DAY = '2023-09-26';

describe('lists at scale: paged, filtered, searched and sorted by the server', () => {
  let t: TestApp;
  let opinions: Opinion[];
  let cases: CaseRow[];

  const get = async <T>(path: string, query: Query = {}): Promise<T> => {
    const res = await t.http.get(path).query({ asOf: DAY, ...query });
    expect({ path, query, status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({
      path,
      query,
      status: 200,
      body: 'ok',
    });
    return res.body as T;
  };

  /** Every page of a list, following nextCursor to the end; each page no longer than `limit`, each total the same. */
  const paged = async <T>(path: string, query: Query, limit: number): Promise<T[]> => {
    const rows: T[] = [];
    let total: number | undefined;
    for (let cursor: string | null | undefined, pages = 0; cursor !== null; pages++) {
      expect(pages).toBeLessThan(1000);
      const page = await get<{ items: T[]; total: number; nextCursor: string | null }>(path, {
        ...query,
        limit: String(limit),
        ...(cursor ? { cursor } : {}),
      });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      expect(page.total).toBe(total ?? page.total);
      total = page.total;
      rows.push(...page.items);
      cursor = page.nextCursor;
      if (cursor !== null) expect(page.items).toHaveLength(limit);
    }
    expect(rows).toHaveLength(total!);
    return rows;
  };

  beforeAll(async () => {
    t = await startTestApp({ NOW: DAY });
    const store = t.app.get<EventStore>(EVENT_STORE);
    await importAll(store, [...exampleItems(), ...listItems(40)]);
    await alertsSettled(t.app);
    expect(await t.app.get(ReadModels).waitFor((await store.headPosition())!, 5000)).toBe(true);
    opinions = await get<Opinion[]>('/opinions');
    cases = await get<CaseRow[]>('/cases');
  });
  afterAll(() => t.close());

  it('answers the whole array without limit, and pages that add up to it, to the end', async () => {
    expect(opinions.length).toBeGreaterThan(30);
    expect(cases).toHaveLength(46);
    expect(await paged<Opinion>('/opinions', {}, 7)).toEqual(opinions);
    expect(await paged<CaseRow>('/cases', {}, 10)).toEqual(cases);
    expect(await paged<CaseRow>('/cases', {}, 500)).toEqual(cases);
    const authorities = await get<unknown[]>('/authorities');
    expect(await paged('/authorities', {}, 1)).toEqual(authorities);
    const countries = await get<unknown[]>('/countries');
    expect(countries.length).toBeGreaterThan(2);
    expect(await paged('/countries', {}, 2)).toEqual(countries);
  });

  it('pages the alerts newest first, with the total of their filter', async () => {
    const alerts = await get<Array<{ rule: string; revision: number }>>('/alerts');
    expect(alerts.length).toBeGreaterThan(10);
    expect(await paged('/alerts', {}, 4)).toEqual(alerts);
    const overdue = alerts.filter((a) => a.rule === 'opinion.follow_up_overdue');
    expect(overdue.length).toBeGreaterThan(0);
    expect(await paged('/alerts', { rule: 'opinion.follow_up_overdue' }, 3)).toEqual(overdue);
    const page = await get<{ total: number }>('/alerts', { rule: 'opinion.follow_up_overdue', limit: '1' });
    expect(page.total).toBe(overdue.length);
  });

  it('filters opinions by status, grade, mechanism, state and overdue, each repeatable, before paging', async () => {
    const cases_: Array<[Query, (o: Opinion) => boolean]> = [
      [{ status: 'implemented' }, (o) => o.status === 'implemented'],
      [{ status: ['implemented', 'partially_implemented'] }, (o) => o.status !== 'not_implemented'],
      [{ grade: 'D' }, (o) => o.grade === 'D'],
      [{ grade: ['A', 'C'] }, (o) => o.grade === 'A' || o.grade === 'C'],
      [{ mechanism: 'CCPR' }, (o) => o.mechanism === 'CCPR'],
      [{ country: ['RU', 'UZ'] }, (o) => o.countries.includes('RU') || o.countries.includes('UZ')],
      [{ overdue: 'true' }, (o) => o.followUpOverdue],
      [{ overdue: 'false' }, (o) => !o.followUpOverdue],
      [
        { mechanism: 'WGAD', country: 'KZ', status: 'not_implemented' },
        (o) => o.mechanism === 'WGAD' && o.countries.includes('KZ') && o.status === 'not_implemented',
      ],
    ];
    for (const [query, keep] of cases_) {
      const expected = opinions.filter(keep);
      expect({ query, some: expected.length > 0 }).toEqual({ query, some: true });
      expect(await get<Opinion[]>('/opinions', query)).toEqual(expected);
      expect(await paged<Opinion>('/opinions', query, 3)).toEqual(expected);
    }
  });

  it('filters cases by state, custody and whether they have an opinion', async () => {
    const cases_: Array<[Query, (c: CaseRow) => boolean]> = [
      [{ country: 'UZ' }, (c) => c.country === 'UZ'],
      [{ custody: 'detained' }, (c) => c.subjects.some((s) => s.custody === 'detained')],
      [
        { custody: ['released', 'imprisoned'] },
        (c) => c.subjects.some((s) => ['released', 'imprisoned'].includes(s.custody)),
      ],
      [{ hasOpinion: 'false' }, (c) => c.opinions.length === 0],
      [{ hasOpinion: 'true', country: 'KZ' }, (c) => c.opinions.length > 0 && c.country === 'KZ'],
    ];
    for (const [query, keep] of cases_) {
      const expected = cases.filter(keep);
      expect({ query, some: expected.length > 0 }).toEqual({ query, some: true });
      expect(await paged<CaseRow>('/cases', query, 4)).toEqual(expected);
    }
  });

  it('sorts both ways, applied before paging, ties in id order', async () => {
    const outstanding = (o: Opinion) => Math.max(0, ...o.calls.map((c) => c.daysOutstanding?.max ?? 0));
    const byId = (a: Opinion, b: Opinion) => (a.opinionId < b.opinionId ? -1 : a.opinionId > b.opinionId ? 1 : 0);
    const ascending = [...opinions].sort((a, b) => outstanding(a) - outstanding(b) || byId(a, b));
    const descending = [...opinions].sort((a, b) => outstanding(b) - outstanding(a) || byId(a, b));
    expect(outstanding(descending[0])).toBeGreaterThan(outstanding(descending[descending.length - 1]));
    expect(await paged<Opinion>('/opinions', { sort: 'daysOutstanding' }, 5)).toEqual(ascending);
    expect(await paged<Opinion>('/opinions', { sort: '-daysOutstanding' }, 5)).toEqual(descending);
    expect(await paged<Opinion>('/opinions', { sort: 'opinionId' }, 6)).toEqual([...opinions].sort(byId));
    expect(await paged<Opinion>('/opinions', { sort: '-opinionId' }, 6)).toEqual([...opinions].sort(byId).reverse());
    // Unpaged answers have always come oldest adoption first: adoptedOn is the order without sort, and reverses.
    expect(await get<Opinion[]>('/opinions', { sort: 'adoptedOn' })).toEqual(opinions);
    const newest = await paged<Opinion>('/opinions', { sort: '-adoptedOn' }, 8);
    expect(newest[0].occurredOn >= newest[newest.length - 1].occurredOn).toBe(true);

    const caseIds = cases.map((c) => c.caseId);
    expect((await paged<CaseRow>('/cases', { sort: '-caseId' }, 9)).map((c) => c.caseId)).toEqual(
      [...caseIds].reverse(),
    );
    const byCustody = await paged<CaseRow>('/cases', { sort: '-inCustody' }, 9);
    const held = (c: CaseRow) =>
      c.subjects.filter((s) => ['detained', 'imprisoned', 'restricted_freedom'].includes(s.custody)).length;
    expect(byCustody.map(held)).toEqual(cases.map(held).sort((a, b) => b - a));
    const byOpinions = await paged<CaseRow>('/cases', { sort: 'opinions', hasOpinion: 'true' }, 9);
    expect(byOpinions.map((c) => c.opinions.length)).toEqual(
      byOpinions.map((c) => c.opinions.length).sort((a, b) => a - b),
    );
  });

  it('finds people by name in either script, ignoring case and accents, and opinions and cases by symbol, id and title', async () => {
    const beket = async (q: string) => (await get<Opinion[]>('/opinions', { q })).map((o) => o.opinionId);
    expect(await beket('mynbasov')).toEqual(['A/HRC/WGAD/2021/33']);
    expect(await beket('Mynbasov')).toEqual(['A/HRC/WGAD/2021/33']);
    expect(await beket('Мынбасов')).toEqual(['A/HRC/WGAD/2021/33']);
    expect(await beket('МЫНБАСОВ beket')).toEqual(['A/HRC/WGAD/2021/33']);
    const beketCases = (await get<CaseRow[]>('/cases', { q: 'Мынбасов' })).map((c) => c.caseId);
    expect(beketCases).toEqual(['kz-whatsapp-group-2018']);

    // A name recorded in Cyrillic is found by its Latin spelling, and by itself.
    const withName = cases.filter((c) => c.subjects.some((s) => s.name === CYRILLIC_NAME)).map((c) => c.caseId);
    expect(withName.length).toBeGreaterThan(1);
    expect((await paged<CaseRow>('/cases', { q: LATIN_QUERY }, 2)).map((c) => c.caseId)).toEqual(withName);
    expect((await get<CaseRow[]>('/cases', { q: 'жумабаева' })).map((c) => c.caseId)).toEqual(withName);

    expect((await get<Opinion[]>('/opinions', { q: 'ccpr/c/2016' })).map((o) => o.opinionId)).toEqual(
      opinions.filter((o) => o.opinionId.startsWith('CCPR/C/2016/')).map((o) => o.opinionId),
    );
    expect((await get<CaseRow[]>('/cases', { q: 'TASHKENT number 23' })).map((c) => c.caseId)).toEqual(['list-23']);
    expect((await get<CaseRow[]>('/cases', { q: 'list-07' })).map((c) => c.caseId)).toEqual(['list-07']);
    const none = await get<{ items: unknown[]; total: number; nextCursor: null }>('/opinions', {
      q: 'nobody-by-that-name',
      limit: '5',
    });
    expect(none).toEqual({ items: [], total: 0, nextCursor: null });
  });

  it('shows a recorded event in the rows it concerns, and leaves the others as they were', async () => {
    const before = await get<Opinion[]>('/opinions');
    const ofCase = (list: Opinion[]) => list.find((o) => o.opinionId.endsWith('/1'))!;
    expect(ofCase(before)).toMatchObject({ opinionId: 'CCPR/C/2016/1', status: 'not_implemented' });
    for (const personId of ['p0', 'p1']) {
      const recorded = await t.http
        .post('/cases/list-01/events')
        .set(t.bearer('recorder'))
        .send({
          type: 'PersonReleased',
          data: { personId, occurredOn: '2023-09-01', basis: 'opinion_implementation' },
        });
      expect(recorded.status).toBe(201);
    }
    const after = await get<Opinion[]>('/opinions');
    expect(ofCase(after).status).toBe('partially_implemented');
    expect(after.filter((o) => o !== ofCase(after))).toEqual(before.filter((o) => o !== ofCase(before)));
    const released = await paged<CaseRow>('/cases', { custody: 'released' }, 5);
    expect(released.map((c) => c.caseId)).toContain('list-01');
    expect(released.every((c) => c.subjects.some((s) => s.custody === 'released'))).toBe(true);
    const countries = await get<Array<{ country: string; partiallyImplemented: number }>>('/countries');
    const ru = (list: typeof countries) => list.find((c) => c.country === 'RU')!.partiallyImplemented;
    expect(ru(countries)).toBeGreaterThan(0);
  });

  it('refuses bad parameters with a 400 naming them, and a cursor it did not issue for that question', async () => {
    const refused = async (path: string, query: Query, message: RegExp) => {
      const res = await t.http.get(path).query(query);
      expect({ path, query, status: res.status }).toEqual({ path, query, status: 400 });
      expect(JSON.stringify(res.body)).toMatch(message);
    };
    for (const limit of ['0', '501', 'abc', '2.5', '-1']) {
      await refused('/opinions', { limit }, /limit must be a whole number from 1 to 500/);
      await refused('/alerts', { limit }, /limit must be a whole number from 1 to 500/);
    }
    await refused('/cases', { limit: ['5', '6'] }, /limit may be given once/);
    await refused('/opinions', { status: 'bogus' }, /status must be one of/);
    await refused('/opinions', { grade: 'F' }, /grade must be one of/);
    await refused('/opinions', { mechanism: 'wgad' }, /mechanism must be one of/);
    await refused('/opinions', { country: 'Kazakhstan' }, /country must be an ISO 3166-1 alpha-2 code/);
    await refused('/opinions', { overdue: 'yes' }, /overdue must be true or false/);
    await refused('/opinions', { sort: 'grade' }, /sort must be one of/);
    await refused('/cases', { custody: 'jailed' }, /custody must be one of/);
    await refused('/cases', { hasOpinion: '1' }, /hasOpinion must be true or false/);
    await refused('/opinions', { q: 'x'.repeat(201) }, /q must be at most 200 characters/);
    await refused('/countries', { cursor: 'abc' }, /cursor pages a list: give limit with it/);

    const first = await get<{ nextCursor: string }>('/opinions', { limit: '5', sort: '-daysOutstanding' });
    const [payload, mac] = first.nextCursor.split('.');
    const forged = Buffer.from(JSON.stringify([0, 'A'])).toString('base64url');
    for (const cursor of ['abc', `${forged}.${mac}`, `${payload}.${mac.slice(0, -2)}xx`, `${payload}.${mac}.x`]) {
      await refused(
        '/opinions',
        { limit: '5', sort: '-daysOutstanding', cursor },
        /cursor is not one this server issued/,
      );
    }
    // A genuine cursor, but of another question (another order, or another list), is refused too.
    await refused('/opinions', { limit: '5', sort: 'daysOutstanding', cursor: first.nextCursor }, /cursor is not one/);
    await refused('/cases', { limit: '5', cursor: first.nextCursor }, /cursor is not one/);
    await refused('/alerts', { limit: '5', before: '3' }, /before narrows the whole list/);
    const alerts = await get<{ nextCursor: string }>('/alerts', { limit: '1' });
    await refused(
      '/alerts',
      { limit: '1', rule: 'inquiry.unanswered', cursor: alerts.nextCursor },
      /cursor is not one/,
    );
  });
});

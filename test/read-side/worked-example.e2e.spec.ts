import type { Response } from 'supertest';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { formatPosition } from '../../src/event-store/position';
import { ReadModels } from '../../src/read-side/read-models';
import { alertsSettled } from '../alerts/alerts-support';
import { startTestApp, type TestApp } from '../support/test-app';
import { EXAMPLE_DAY, OPINION_ID, WHATSAPP_CASE, exampleItems, importAll } from './read-side-fixtures';

/** The Forum 18 worked example (26 September 2023), imported, then read over HTTP: the contract's figures. */
describe('read side: the worked example over HTTP', () => {
  let t: TestApp;
  let head: string;
  const opinionPath = `/opinions/${encodeURIComponent(OPINION_ID)}`;
  const days = { min: 726, max: 755 };

  /** Every read answer says which checkpoint it reflects: here, the store's head. */
  const read = async (path: string, asOf: string | undefined = EXAMPLE_DAY): Promise<Response> => {
    const res = await t.http.get(path).query(asOf === undefined ? {} : { asOf });
    expect(res.status).toBe(200);
    expect(res.headers['x-checkpoint']).toBe(head);
    return res;
  };

  beforeAll(async () => {
    t = await startTestApp();
    const store = t.app.get<EventStore>(EVENT_STORE);
    const report = await importAll(store, exampleItems());
    expect(report).toMatchObject({ cases: 6, stored: 47, refusedCases: [] });
    // The example's alerts are raised a moment after its events: the head is where the store rests after them.
    await alertsSettled(t.app);
    const position = (await store.headPosition())!;
    expect(await t.app.get(ReadModels).waitFor(position, 5000)).toBe(true);
    expect(t.app.get(ReadModels).reflects(position)).toBe(true);
    head = formatPosition(position);
  });
  afterAll(() => t.close());

  it('shows the WGAD opinion as not implemented, grade D, overdue since March 2022', async () => {
    const { body } = await read(opinionPath);
    expect(body).toMatchObject({
      opinionId: OPINION_ID,
      mechanism: 'WGAD',
      caseIds: [WHATSAPP_CASE],
      occurredOn: '2021-09',
      status: 'not_implemented',
      grade: 'D',
      daysSinceAdoption: days,
      followUpDueOn: { earliest: '2022-03-01', latest: '2022-03-30' },
      followUpOverdue: true,
    });
    expect(body.custody).toEqual({ at_liberty: 0, detained: 0, imprisoned: 3, restricted_freedom: 6, released: 0 });
    expect(body.calls).toEqual([
      { call: 'release', status: 'not_implemented', daysOutstanding: days },
      { call: 'compensation', status: 'not_implemented', daysOutstanding: days },
      { call: 'investigation', status: 'not_implemented', daysOutstanding: days },
      { call: 'accountability', status: 'not_implemented', daysOutstanding: days },
    ]);
  });

  it('lists the opinion once among all opinions, with the same figures as its own page', async () => {
    const { body } = await read('/opinions');
    const matching = (body as Array<{ opinionId: string }>).filter((o) => o.opinionId === OPINION_ID);
    expect(matching).toHaveLength(1);
    expect(matching[0]).toEqual((await read(opinionPath)).body);
  });

  it('shows the WhatsApp case: nine subjects, three imprisoned and six under restricted freedom now', async () => {
    const { body } = await read(`/cases/${WHATSAPP_CASE}`, undefined);
    expect(body).toMatchObject({ caseId: WHATSAPP_CASE, country: 'KZ', revision: 25, opinions: [OPINION_ID] });
    const custody = (body.subjects as Array<{ personId: string; custody: string }>).map((s) => s.custody);
    expect(custody).toHaveLength(9);
    expect(custody.filter((c) => c === 'imprisoned')).toHaveLength(3);
    expect(custody.filter((c) => c === 'restricted_freedom')).toHaveLength(6);
    const imprisoned = (body.subjects as Array<{ personId: string; custody: string }>)
      .filter((s) => s.custody === 'imprisoned')
      .map((s) => s.personId);
    expect(imprisoned).toEqual(['beket-mynbasov', 'samat-adilov', 'ernar-samatov']);
  });

  it('counts all nine as imprisoned as of 2022-12-31, when no transfer had certainly happened', async () => {
    const { body } = await read(`/cases/${WHATSAPP_CASE}`, '2022-12-31');
    const custody = (body.subjects as Array<{ custody: string }>).map((s) => s.custody);
    expect(custody).toEqual(Array(9).fill('imprisoned'));
  });

  it('lists six cases, eight people imprisoned and six under restricted freedom in all', async () => {
    const { body } = await read('/cases');
    const cases = body as Array<{ caseId: string; subjects: Array<{ custody: string }> }>;
    expect(cases.map((c) => c.caseId)).toEqual([
      'kz-abduzhabbarov',
      'kz-abilkairov',
      'kz-makhamatov',
      'kz-mazhenov',
      WHATSAPP_CASE,
      'kz-zernichenko',
    ]);
    const custody = cases.flatMap((c) => c.subjects.map((s) => s.custody));
    expect(custody.filter((c) => c === 'imprisoned')).toHaveLength(8);
    expect(custody.filter((c) => c === 'restricted_freedom')).toHaveLength(6);
  });

  it('lists four authorities, each with one inquiry left unanswered', async () => {
    const { body } = await read('/authorities');
    const authorities = body as Array<{ authority: string; sent: number; answered: number; unanswered: number }>;
    expect(
      authorities.map(({ authority, sent, answered, unanswered }) => ({ authority, sent, answered, unanswered })),
    ).toEqual(
      [
        'Foreign Ministry',
        "General Prosecutor's Office",
        'National Human Rights Centre',
        'Religious Affairs Committee',
      ].map((authority) => ({ authority, sent: 1, answered: 0, unanswered: 1 })),
    );
    const waited = Object.fromEntries(
      (body as Array<{ authority: string; longestWait: unknown }>).map((a) => [a.authority, a.longestWait]),
    );
    expect(waited).toEqual({
      'Foreign Ministry': { min: 6, max: 6 },
      "General Prosecutor's Office": { min: 11, max: 11 },
      'National Human Rights Centre': { min: 1, max: 1 },
      'Religious Affairs Committee': { min: 11, max: 11 },
    });
  });

  it('sums up Kazakhstan: one opinion, not implemented, grade D, four unanswered inquiries', async () => {
    const { body } = await read('/countries');
    expect(body).toEqual([
      {
        country: 'KZ',
        opinions: 1,
        implemented: 0,
        partiallyImplemented: 0,
        notImplemented: 1,
        grades: { A: 0, B: 0, C: 0, D: 1, E: 0 },
        medianDaysOutstanding: days,
        unansweredInquiries: 4,
      },
    ]);
  });

  it('answers the same bytes again from the cache, still with the checkpoint', async () => {
    const first = await read('/countries');
    const second = await read('/countries');
    expect(second.text).toBe(first.text);
  });

  it('answers 404 for an unknown opinion or case', async () => {
    const opinion = await t.http
      .get(`/opinions/${encodeURIComponent('A/HRC/WGAD/2099/1')}`)
      .query({ asOf: EXAMPLE_DAY });
    expect(opinion.status).toBe(404);
    expect(opinion.body.code).toBe('OPINION.NOT_FOUND');
    const missing = await t.http.get('/cases/kz-no-such-case');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('CASE.NOT_FOUND');
  });

  it('answers 400 for a day that does not exist, naming asOf', async () => {
    for (const path of [opinionPath, '/opinions', '/cases', `/cases/${WHATSAPP_CASE}`, '/authorities', '/countries']) {
      const res = await t.http.get(path).query({ asOf: '2023-02-30' });
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(JSON.stringify(res.body)).toContain('asOf');
    }
  });
});

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { ReadModels } from '../../src/read-side/read-models';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * A long case over HTTP: its read-model document stored by change (tails), its page listing the newest entries with
 * their totals, its history paged to the end.
 */
describe('a long case', () => {
  let t: TestApp;
  const CASE = 'long-case-e2e';
  const INQUIRIES = 260;

  const post = (type: string, data: Record<string, unknown>) =>
    t.http.post(`/cases/${CASE}/events`).set(t.bearer('recorder')).send({ type, data }).expect(201);

  beforeAll(async () => {
    t = await startTestApp();
    await t.http
      .post('/cases')
      .set(t.bearer('recorder'))
      .send({ caseId: CASE, title: 'Followed for years', country: 'KZ', subjects: [{ personId: 'p1', name: 'Ana' }] })
      .expect(201);
    for (let i = 1; i <= INQUIRIES; i++) {
      await post('InquirySent', {
        inquiryId: `inq-${i}`,
        occurredOn: '2023-01-10',
        to: `Prosecutor's office no. ${i % 7}`,
        channel: 'writing',
        question: `Where is Ana held, and on what grounds? Inquiry ${i} of a case followed for years.`,
        sources: [{ url: `https://example.org/letters/${i}`, title: `Letter ${i}` }],
      });
    }
    await post('ResponseReceived', { inquiryId: 'inq-250', occurredOn: '2023-02-01', summary: 'Held in Almaty.' });
    // Revision 5 is the inquiry inq-5: withdrawn by a correction near the end of the history.
    await post('EventCorrected', { revision: 5, reason: 'sent by mistake' });
    const head = await t.app.get<EventStore>(EVENT_STORE).headPosition();
    expect(await t.app.get(ReadModels).waitFor(head!, 10_000)).toBe(true);
  }, 120_000);
  afterAll(() => t.close());

  it('keeps its read-model document as a row and the events since it was written whole', () => {
    const file = new Database(join(t.dir, 'read-models.db'), { readonly: true });
    try {
      const tail = file.prepare("SELECT COUNT(*) FROM tails WHERE projection = 'case-files' AND key = ?").pluck();
      expect(tail.get(CASE)).toBeGreaterThan(0);
    } finally {
      file.close();
    }
  });

  it('lists the 100 newest inquiries and sources on its page, with how many there are, as the whole case has them', async () => {
    const page = await t.http.get(`/cases/${CASE}`).expect(200);
    const whole = await t.http.get(`/cases/${CASE}/state`).set(t.bearer('auditor')).expect(200);
    const all = whole.body.case as { inquiries: Array<{ inquiryId: string }>; sources: unknown[] };
    expect(all.inquiries).toHaveLength(INQUIRIES - 1);
    expect(page.body.listed).toEqual({
      inquiries: { shown: 100, total: INQUIRIES - 1 },
      sources: { shown: 100, total: INQUIRIES - 1 },
      facts: { p1: { shown: 0, total: 0 } },
    });
    expect(page.body.inquiries).toEqual(all.inquiries.slice(-100));
    expect(page.body.sources).toEqual(all.sources.slice(-100));
    expect(page.body.inquiries.find((i: { inquiryId: string }) => i.inquiryId === 'inq-250')).toMatchObject({
      answered: true,
    });
    expect(page.text.length).toBeLessThan(100_000);
  });

  it('pages its history to the end: the same events as the whole history, corrections flagged', async () => {
    const unpaged = await t.http.get(`/cases/${CASE}/history`).set(t.bearer('auditor')).expect(200);
    expect(unpaged.body).toHaveLength(INQUIRIES + 3);
    const items: unknown[] = [];
    let from: number | null = 0;
    let pages = 0;
    while (from !== null) {
      const res: { body: { total: number; items: unknown[]; nextFromRevision: number | null } } = await t.http
        .get(`/cases/${CASE}/history`)
        .query({ fromRevision: String(from), limit: '37' })
        .set(t.bearer('auditor'))
        .expect(200);
      expect(res.body.total).toBe(INQUIRIES + 3);
      expect(res.body.items.length).toBeLessThanOrEqual(37);
      items.push(...res.body.items);
      from = res.body.nextFromRevision;
      pages++;
    }
    expect(pages).toBe(Math.ceil((INQUIRIES + 3) / 37));
    expect(items).toEqual(unpaged.body);
    expect((items[5] as { correctedBy?: number[] }).correctedBy).toEqual([INQUIRIES + 2]);
    const tail = await t.http
      .get(`/cases/${CASE}/history`)
      .query({ fromRevision: String(INQUIRIES) })
      .set(t.bearer('auditor'))
      .expect(200);
    expect(tail.body.items.map((e: { revision: number }) => e.revision)).toEqual([
      INQUIRIES,
      INQUIRIES + 1,
      INQUIRIES + 2,
    ]);
    expect(tail.body.nextFromRevision).toBeNull();
  });

  it('refuses a page it cannot give with a 400, and an unknown case with a 404', async () => {
    for (const query of [
      { limit: '0' },
      { limit: '501' },
      { fromRevision: '-1' },
      { fromRevision: 'abc' },
      { limit: '2.5' },
    ]) {
      const res = await t.http.get(`/cases/${CASE}/history`).query(query).set(t.bearer('auditor'));
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
    await t.http.get('/cases/no-such-case/history').query({ limit: '10' }).set(t.bearer('auditor')).expect(404);
  });
});

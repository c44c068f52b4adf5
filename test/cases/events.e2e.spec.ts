import type { Response } from 'supertest';
import { CASE_EVENT_TYPES } from '../../domain/case/case.events';
import { startTestApp, type TestApp } from '../support/test-app';
import { Ledger, OPINION, RECORD_ORDER, VALID } from './e2e-helpers';

/** Every event type of the domain table recorded once over HTTP, read back at once (read-your-writes). */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CASE = 'all-types';

type Body = {
  revision: number;
  subjects: Array<{ personId: string; name: string; custody: string }>;
  opinions: string[];
  inquiries: Array<{ inquiryId: string; answered: boolean; answeredOn?: string }>;
};
type OpinionBody = {
  grade: string;
  followUpOverdue: boolean;
  calls: Array<{ call: string; status: string }>;
  custody: Record<string, number>;
};

const custodyOf = (body: Body) => Object.fromEntries(body.subjects.map((s) => [s.personId, s.custody]));

/** What GET /cases/{id} (and, for opinion facts, GET /opinions/{id}) must show right after each type. */
const SHOWS: Record<string, (view: Body, opinion: () => Promise<OpinionBody>) => Promise<void> | void> = {
  SubjectAdded: (v) => expect(v.subjects.map((s) => s.personId)).toEqual(['ann-a', 'bob-b', 'cat-c', 'dan-d']),
  PersonArrested: (v) =>
    expect(custodyOf(v)).toEqual({
      'ann-a': 'detained',
      'bob-b': 'detained',
      'cat-c': 'detained',
      'dan-d': 'at_liberty',
    }),
  PersonConvicted: (v) => expect(custodyOf(v)['ann-a']).toBe('imprisoned'),
  UnOpinionAdopted: async (v, opinion) => {
    expect(v.opinions).toEqual([OPINION]);
    expect((await opinion()).grade).toBe('D');
  },
  ReleaseRequested: async (_v, opinion) => expect((await opinion()).grade).toBe('D'),
  // A covered person's release request denied since the adoption: measures contrary to the opinion.
  ReleaseRequestDecided: async (_v, opinion) => expect((await opinion()).grade).toBe('E'),
  TransferredToRestrictedFreedom: (v) => expect(custodyOf(v)['ann-a']).toBe('restricted_freedom'),
  PersonReleased: async (v, opinion) => {
    expect(custodyOf(v)['bob-b']).toBe('released');
    expect((await opinion()).custody).toMatchObject({ released: 1, restricted_freedom: 1, detained: 1 });
  },
  ImplementationMeasureRecorded: async (_v, opinion) =>
    expect((await opinion()).calls).toContainEqual(
      expect.objectContaining({ call: 'compensation', status: 'partially_implemented' }),
    ),
  StateFollowUpReplied: async (_v, opinion) => expect((await opinion()).followUpOverdue).toBe(false),
  InquirySent: (v) => expect(v.inquiries).toEqual([expect.objectContaining({ inquiryId: 'inq-1', answered: false })]),
  NoResponseRecorded: (v) => expect(v.inquiries[0].answered).toBe(false),
  ResponseReceived: (v) => expect(v.inquiries[0]).toMatchObject({ answered: true, answeredOn: '2023-09-26' }),
  EventCorrected: (v) => expect(v.subjects.find((s) => s.personId === 'dan-d')?.name).toBe('Daniyar D'),
};

describe('every event type, recorded once', () => {
  let t: TestApp;
  let ledger: Ledger;
  beforeAll(async () => {
    t = await startTestApp();
    ledger = new Ledger(t);
  });
  afterAll(() => t.close());

  it('covers every type of the domain table', () => {
    expect(new Set(['CaseOpened', ...RECORD_ORDER])).toEqual(new Set(CASE_EVENT_TYPES));
    expect(Object.keys(SHOWS).sort()).toEqual([...RECORD_ORDER].sort());
  });

  it('opens a case with POST /cases: 201 { caseId, revision: 0 }, readable at once', async () => {
    const res = await ledger.open(CASE);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ caseId: CASE, revision: 0 });
    expect(res.headers['x-checkpoint']).toMatch(/^\d+\/\d+$/);
    const view = await ledger.getCase(CASE);
    expect(view.status).toBe(200);
    expect(view.headers['x-checkpoint']).toBe(res.headers['x-checkpoint']);
    expect(view.body).toMatchObject({ caseId: CASE, title: `Case ${CASE}`, country: 'KZ', revision: 0, opinions: [] });
    expect(custodyOf(view.body)).toEqual({ 'ann-a': 'at_liberty', 'bob-b': 'at_liberty', 'cat-c': 'at_liberty' });
  });

  it('records CaseOpened through the events endpoint on a new case', async () => {
    const res = await ledger.record('opened-by-event', { type: 'CaseOpened', data: VALID.CaseOpened });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ caseId: 'opened-by-event', eventId: expect.stringMatching(UUID), revision: 0 });
    const view = await ledger.getCase('opened-by-event');
    expect(view.body).toMatchObject({ revision: 0, title: VALID.CaseOpened.title, subjects: [{ personId: 'ann-a' }] });
  });

  describe.each(RECORD_ORDER.map((type, i) => [type, i + 1] as const))('%s', (type, revision) => {
    let res: Response;
    beforeAll(async () => {
      res = await ledger.record(CASE, { type, data: VALID[type] });
    });

    it(`answers 201 { caseId, eventId, revision: ${revision} } with X-Checkpoint`, () => {
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ caseId: CASE, eventId: expect.stringMatching(UUID), revision });
      expect(res.headers['x-checkpoint']).toMatch(/^\d+\/\d+$/);
      expect(res.headers['x-read-side-lagging']).toBeUndefined();
    });

    it('stores the event as sent, at that revision', async () => {
      const stored = (await ledger.stored(CASE))[revision];
      expect(stored).toMatchObject({ revision, eventId: res.body.eventId, type, data: VALID[type] });
    });

    it('shows it in an immediate GET /cases/{id}', async () => {
      const view = await ledger.getCase(CASE);
      expect(view.status).toBe(200);
      expect(view.body.revision).toBe(revision);
      // At least the write's checkpoint: the alert process manager may have appended since.
      expect(commitOf(view.headers['x-checkpoint'])).toBeGreaterThanOrEqual(commitOf(res.headers['x-checkpoint']));
      const opinion = async () => {
        const got = await t.http.get(`/opinions/${encodeURIComponent(OPINION)}`);
        expect(got.status).toBe(200);
        return got.body as OpinionBody;
      };
      await SHOWS[type](view.body as Body, opinion);
    });
  });

  it('lists the case with its people in GET /cases', async () => {
    const list = await t.http.get('/cases');
    expect(list.status).toBe(200);
    expect(list.headers['x-checkpoint']).toMatch(/^\d+\/\d+$/);
    const row = (list.body as Array<{ caseId: string } & Body>).find((c) => c.caseId === CASE)!;
    expect(row.revision).toBe(RECORD_ORDER.length);
    expect(custodyOf(row)).toEqual({
      'ann-a': 'restricted_freedom',
      'bob-b': 'released',
      'cat-c': 'detained',
      'dan-d': 'at_liberty',
    });
  });
});

const commitOf = (checkpoint: string): bigint => BigInt(checkpoint.split('/')[0]);

import { startTestApp, type TestApp } from '../support/test-app';
import { Ledger, VALID, openBody } from './e2e-helpers';

/** 404 unknown case, 409 existing case and expectedRevision mismatch, refused openings: nothing stored. */

const CASE = 'conflicts-case';
const subject = (personId: string) => ({ type: 'SubjectAdded', data: { personId, name: `Name of ${personId}` } });

describe('404 and 409, each storing nothing', () => {
  let t: TestApp;
  let ledger: Ledger;
  const head = async () => (await ledger.getCase(CASE)).body.revision as number;
  beforeAll(async () => {
    t = await startTestApp();
    ledger = new Ledger(t);
    await ledger.opened(CASE);
    await ledger.recorded(CASE, 'SubjectAdded');
  });
  afterAll(() => t.close());

  describe('404 unknown case', () => {
    it('refuses an event on a case never opened, and the case stays unknown', async () => {
      const send = () => ledger.record('never-opened', subject('dan-d'));
      const res = await ledger.refused('never-opened', send, 404, 'CASE.NOT_FOUND');
      expect(res.body.message).toMatch(/never-opened does not exist/);
      expect((await ledger.getCase('never-opened')).status).toBe(404);
    });

    it('refuses every kind of fact on a case never opened', async () => {
      for (const type of ['PersonArrested', 'UnOpinionAdopted', 'InquirySent', 'EventCorrected']) {
        await ledger.refused('never-opened', () => ledger.record('never-opened', { type, data: VALID[type] }), 404);
      }
    });

    it('GET /cases/{id} of an unknown case is 404 CASE.NOT_FOUND', async () => {
      const res = await ledger.getCase('no-such-case');
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('CASE.NOT_FOUND');
    });

    it('an expectedRevision on a case never opened is refused, with no actual revision', async () => {
      const send = () => ledger.record('never-opened', { ...subject('dan-d'), expectedRevision: 0 });
      const res = await ledger.refused('never-opened', send, 409, 'CASE.REVISION_CONFLICT');
      expect(res.body.actualRevision).toBeNull();
    });
  });

  describe('409', () => {
    it('POST /cases on an existing case', async () => {
      const res = await ledger.refused(CASE, () => ledger.open(CASE, ['zed-z']), 409, 'CASE.ALREADY_EXISTS');
      expect(res.body.message).toMatch(/conflicts-case already exists/);
      expect((await ledger.getCase(CASE)).body.subjects).not.toContainEqual(
        expect.objectContaining({ personId: 'zed-z' }),
      );
    });

    it('POST /cases on an existing case with the very same body is still 409', async () => {
      await ledger.refused(CASE, () => ledger.open(CASE), 409, 'CASE.ALREADY_EXISTS');
    });

    it('expectedRevision behind the case: the body gives the actual revision', async () => {
      const actual = await head();
      const send = () => ledger.record(CASE, { ...subject('gus-g'), expectedRevision: 0 });
      const res = await ledger.refused(CASE, send, 409, 'CASE.REVISION_CONFLICT');
      expect(res.body).toMatchObject({
        statusCode: 409,
        error: 'Conflict',
        actualRevision: actual,
        expectedRevision: 0,
      });
      expect(res.body.message).toBe(`expected revision 0, but the case is at ${actual}`);
    });

    it('expectedRevision ahead of the case', async () => {
      const actual = await head();
      const send = () => ledger.record(CASE, { ...subject('gus-g'), expectedRevision: actual + 5 });
      const res = await ledger.refused(CASE, send, 409, 'CASE.REVISION_CONFLICT');
      expect(res.body.actualRevision).toBe(actual);
    });

    it('a conflict is checked before the rules: a rule-breaking body at a stale revision is 409', async () => {
      const send = () => ledger.record(CASE, { ...subject('ann-a'), expectedRevision: 0 });
      await ledger.refused(CASE, send, 409, 'CASE.REVISION_CONFLICT');
    });

    it('the right expectedRevision records, and the next request with it is 409', async () => {
      const actual = await head();
      const res = await ledger.record(CASE, { ...subject('gus-g'), expectedRevision: actual });
      expect(res.status).toBe(201);
      expect(res.body.revision).toBe(actual + 1);
      const again = await ledger.refused(
        CASE,
        () => ledger.record(CASE, { ...subject('hal-h'), expectedRevision: actual }),
        409,
      );
      expect(again.body.actualRevision).toBe(actual + 1);
    });
  });

  describe('refused openings leave the case unknown', () => {
    const openWith = (body: object) => () => t.http.post('/cases').set(t.bearer('recorder')).send(body);

    it('422 CASE.SUBJECT_EXISTS for a subject listed twice', async () => {
      const body = {
        ...openBody('twice-case'),
        subjects: [
          { personId: 'ann-a', name: 'A' },
          { personId: 'ann-a', name: 'B' },
        ],
      };
      const res = await ledger.refused('twice-case', openWith(body), 422, 'CASE.SUBJECT_EXISTS');
      expect(res.body.message).toMatch(/ann-a is listed twice/);
      expect((await ledger.getCase('twice-case')).status).toBe(404);
    });

    it('422 CASE.DATE_IN_FUTURE for a source dated after today', async () => {
      const body = { ...openBody('future-case'), sources: [{ title: 'x', publishedOn: '2023-09-27' }] };
      const res = await ledger.refused('future-case', openWith(body), 422, 'CASE.DATE_IN_FUTURE');
      expect(res.body.message).toMatch(/publishedOn 2023-09-27 is after today/);
      expect((await ledger.getCase('future-case')).status).toBe(404);
    });

    it('an opening refused at first can be made right afterwards', async () => {
      const res = await ledger.open('twice-case');
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ caseId: 'twice-case', revision: 0 });
    });
  });
});

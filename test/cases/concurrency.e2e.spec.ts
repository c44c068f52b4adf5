import { CommandBus } from '@nestjs/cqrs';
import { RecordCaseCommand } from '../../src/cases/case.commands';
import type { Recorded } from '../../src/cases/case-recorder';
import type { CaseEvent } from '../../domain/case/case.events';
import { startTestApp, type TestApp } from '../support/test-app';
import { Ledger, openBody } from './e2e-helpers';

/** Concurrent writers on one case: without expectedRevision all land in order; with one, exactly one wins. */

const CASE = 'busy-case';
const N = 20;
const subject = (personId: string) => ({ type: 'SubjectAdded', data: { personId, name: `Name of ${personId}` } });
const range = (from: number, n: number) => Array.from({ length: n }, (_x, i) => from + i);

describe('concurrency on one case', () => {
  let t: TestApp;
  let ledger: Ledger;
  const head = async () => (await ledger.stored(CASE)).length - 1;
  beforeAll(async () => {
    t = await startTestApp();
    ledger = new Ledger(t);
    await ledger.opened(CASE);
  });
  afterAll(() => t.close());

  it.each([1, 2, 3])(
    `${N} concurrent POSTs without expectedRevision all succeed, at consecutive revisions (round %i)`,
    async (round) => {
      const before = await head();
      const answers = await Promise.all(range(0, N).map((i) => ledger.record(CASE, subject(`r${round}-p${i}`))));
      expect(answers.map((a) => a.status)).toEqual(Array(N).fill(201));
      const revisions = answers.map((a) => a.body.revision as number).sort((a, b) => a - b);
      expect(revisions).toEqual(range(before + 1, N));
      expect(new Set(answers.map((a) => a.body.eventId)).size).toBe(N);
      const stored = await ledger.stored(CASE);
      expect(stored.map((e) => e.revision)).toEqual(range(0, before + 1 + N));
      for (const answer of answers) expect(stored[answer.body.revision].eventId).toBe(answer.body.eventId);
      const view = await ledger.getCase(CASE);
      expect(view.body.revision).toBe(before + N);
      expect(view.body.subjects).toHaveLength(3 + round * N);
    },
  );

  it.each([1, 2, 3])(
    `${N} concurrent POSTs with the same expectedRevision: one 201, the rest 409 with actualRevision (round %i)`,
    async (round) => {
      const before = await head();
      const answers = await Promise.all(
        range(0, N).map((i) => ledger.record(CASE, { ...subject(`x${round}-p${i}`), expectedRevision: before })),
      );
      const won = answers.filter((a) => a.status === 201);
      const lost = answers.filter((a) => a.status !== 201);
      expect(won).toHaveLength(1);
      expect(won[0].body.revision).toBe(before + 1);
      expect(lost).toHaveLength(N - 1);
      for (const answer of lost) {
        expect(answer.status).toBe(409);
        expect(answer.body).toMatchObject({
          code: 'CASE.REVISION_CONFLICT',
          actualRevision: before + 1,
          expectedRevision: before,
        });
      }
      expect(await head()).toBe(before + 1);
      expect((await ledger.getCase(CASE)).body.revision).toBe(before + 1);
    },
  );

  it(`${N} commands issued at the very same moment (no HTTP in between) all succeed without expectedRevision`, async () => {
    const bus = t.app.get(CommandBus);
    const before = await head();
    const results = await Promise.all(
      range(0, N).map((i) =>
        bus
          .execute<RecordCaseCommand, Recorded>(
            new RecordCaseCommand(
              { type: 'RecordCaseEvent', data: { caseId: CASE, event: subject(`bus-${i}`) as CaseEvent } },
              { actor: 'test' },
            ),
          )
          .then(
            (recorded) => recorded.revision,
            (error: Error) => error.name,
          ),
      ),
    );
    expect([...results].sort((a, b) => Number(a) - Number(b))).toEqual(range(before + 1, N));
  });

  it('concurrent requests that each keep the rules alone, but not together: one 201, the rest 422', async () => {
    const before = await head();
    const answers = await Promise.all(range(0, N).map(() => ledger.record(CASE, subject('only-once'))));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 422).every((a) => a.body.code === 'CASE.SUBJECT_EXISTS')).toBe(true);
    expect(answers.filter((a) => a.status === 422)).toHaveLength(N - 1);
    expect(await head()).toBe(before + 1);
  });

  it('concurrent openings of one case: one 201, the rest 409 CASE.ALREADY_EXISTS, one event', async () => {
    const answers = await Promise.all(
      range(0, 10).map((i) =>
        t.http
          .post('/cases')
          .set(t.bearer('recorder'))
          .send({ ...openBody('race-open'), title: `T${i}` }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.code)).toEqual(
      Array(9).fill('CASE.ALREADY_EXISTS'),
    );
    expect(await ledger.stored('race-open')).toHaveLength(1);
  });

  it('concurrent writes to different cases do not disturb each other', async () => {
    await Promise.all(range(0, 5).map((i) => ledger.opened(`side-${i}`)));
    const answers = await Promise.all(
      range(0, 5).flatMap((i) => range(0, 4).map((j) => ledger.record(`side-${i}`, subject(`s-${j}`)))),
    );
    expect(answers.every((a) => a.status === 201)).toBe(true);
    for (const i of range(0, 5)) expect((await ledger.stored(`side-${i}`)).map((e) => e.revision)).toEqual(range(0, 5));
  });
});

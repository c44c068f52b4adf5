import { CommandBus } from '@nestjs/cqrs';
import { RecordCaseCommand } from '../../src/cases/case.commands';
import type { Recorded } from '../../src/cases/case-recorder';
import type { CaseEvent } from '../../domain/case/case.events';
import { startTestApp, type TestApp } from '../support/test-app';
import { Ledger, openBody, type Data } from './e2e-helpers';

/** Idempotency-Key: the same request answers the first result and stores nothing; a reused key is 422. */

const CASE = 'idem-case';
const subject = (personId: string, name = `Name of ${personId}`) => ({
  type: 'SubjectAdded',
  data: { personId, name },
});

describe('Idempotency-Key', () => {
  let t: TestApp;
  let ledger: Ledger;
  const count = async (caseId = CASE) => (await ledger.stored(caseId)).length;
  beforeAll(async () => {
    t = await startTestApp();
    ledger = new Ledger(t);
    await ledger.opened(CASE);
  });
  afterAll(() => t.close());

  it('same key, same body: the first answer again, nothing new stored', async () => {
    const first = await ledger.record(CASE, subject('dan-d'), { key: 'k-same' });
    expect(first.status).toBe(201);
    const stored = await count();
    for (let i = 0; i < 3; i++) {
      const again = await ledger.record(CASE, subject('dan-d'), { key: 'k-same' });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
    }
    expect(await count()).toBe(stored);
  });

  it('answers the first result even after other events were recorded', async () => {
    const first = await ledger.record(CASE, subject('eve-e'), { key: 'k-later' });
    await ledger.recorded(CASE, 'SubjectAdded', { personId: 'fay-f', name: 'F' });
    const stored = await count();
    const again = await ledger.record(CASE, subject('eve-e'), { key: 'k-later' });
    expect(again.body).toEqual(first.body);
    expect(again.body.revision).toBe(stored - 2);
    expect(await count()).toBe(stored);
  });

  it('the same body with its fields in another order is the same request', async () => {
    const first = await ledger.record(
      CASE,
      { type: 'SubjectAdded', data: { personId: 'gus-g', name: 'G' } },
      { key: 'k-order' },
    );
    const again = await ledger.record(
      CASE,
      { data: { name: 'G', personId: 'gus-g' }, type: 'SubjectAdded' },
      { key: 'k-order' },
    );
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
  });

  it('a retry of a request made with expectedRevision answers the first result, not 409', async () => {
    const head = (await count()) - 1;
    const body = { ...subject('hal-h'), expectedRevision: head };
    const first = await ledger.record(CASE, body, { key: 'k-expected' });
    expect(first.status).toBe(201);
    const again = await ledger.record(CASE, body, { key: 'k-expected' });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
  });

  it.each<[string, Data]>([
    ['another value', subject('dan-d', 'Someone else')],
    ['another type', { type: 'PersonArrested', data: { personIds: ['dan-d'], occurredOn: '2019' } }],
    ['an added field', { ...subject('dan-d'), data: { ...subject('dan-d').data, note: 'x' } }],
  ])('same key, %s: 422 CASE.IDEMPOTENCY_KEY_REUSED, nothing stored', async (_what, body) => {
    const res = await ledger.refused(
      CASE,
      () => ledger.record(CASE, body, { key: 'k-same' }),
      422,
      'CASE.IDEMPOTENCY_KEY_REUSED',
    );
    expect(res.body.message).toMatch(/Idempotency-Key k-same was used for a different request/);
  });

  it('a key whose first request was refused is free: nothing was stored under it', async () => {
    await ledger.refused(
      CASE,
      () => ledger.record(CASE, subject('ann-a'), { key: 'k-refused' }),
      422,
      'CASE.SUBJECT_EXISTS',
    );
    const res = await ledger.record(CASE, subject('ivy-i'), { key: 'k-refused' });
    expect(res.status).toBe(201);
  });

  it('keys are per case: the same key on another case is another request', async () => {
    await ledger.opened('idem-other');
    const here = await ledger.record(CASE, subject('jon-j'), { key: 'k-shared' });
    const there = await ledger.record('idem-other', subject('jon-j'), { key: 'k-shared' });
    expect([here.status, there.status]).toEqual([201, 201]);
    expect(there.body.eventId).not.toBe(here.body.eventId);
  });

  it('concurrent identical requests with one key store one event and all get its answer', async () => {
    const stored = await count();
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => ledger.record(CASE, subject('kim-k'), { key: 'k-concurrent' })),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(await count()).toBe(stored + 1);
    expect(answers[0].body.revision).toBe(stored);
  });

  it('concurrent requests with one key and different bodies: one stored, the others 422', async () => {
    const stored = await count();
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_x, i) => ledger.record(CASE, subject(`lee-${i}`), { key: 'k-race' })),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 422).map((a) => a.body.code)).toEqual(
      Array(7).fill('CASE.IDEMPOTENCY_KEY_REUSED'),
    );
    expect(await count()).toBe(stored + 1);
  });

  it('simultaneous commands with one key: a different body is refused, not told it was stored', async () => {
    const bus = t.app.get(CommandBus);
    const stored = await count();
    const send = (personId: string) =>
      bus
        .execute<RecordCaseCommand, Recorded>(
          new RecordCaseCommand(
            { type: 'RecordCaseEvent', data: { caseId: CASE, event: subject(personId) as CaseEvent } },
            { actor: 'test', idempotencyKey: 'k-bus' },
          ),
        )
        .then(
          (recorded) => ({ recorded }),
          (error: Error & { code?: string }) => ({ error: error.code }),
        );
    const [a, b, c] = await Promise.all([send('max-m'), send('ned-n'), send('max-m')]);
    expect(a).toEqual({ recorded: expect.objectContaining({ revision: stored, replayed: false }) });
    expect(b).toEqual({ error: 'CASE.IDEMPOTENCY_KEY_REUSED' });
    expect(c).toEqual({ recorded: expect.objectContaining({ revision: stored, replayed: true }) });
    const after = await ledger.stored(CASE);
    expect(after).toHaveLength(stored + 1);
    expect(after[stored].data).toEqual(subject('max-m').data);
  });

  describe('on POST /cases', () => {
    const open = (body: object, key: string) =>
      t.http.post('/cases').set(t.bearer('recorder')).set('Idempotency-Key', key).send(body);

    it('same key, same body: 201 { caseId, revision: 0 } again, also after the case grew', async () => {
      const first = await open(openBody('idem-open'), 'k-open');
      expect(first.status).toBe(201);
      await ledger.recorded('idem-open', 'SubjectAdded', { personId: 'zoe-z', name: 'Z' });
      const again = await open(openBody('idem-open'), 'k-open');
      expect(again.status).toBe(201);
      expect(again.body).toEqual({ caseId: 'idem-open', revision: 0 });
      expect(await count('idem-open')).toBe(2);
    });

    it('same key, different body: 422, nothing stored', async () => {
      const body = { ...openBody('idem-open'), title: 'Another title' };
      await ledger.refused('idem-open', () => open(body, 'k-open'), 422, 'CASE.IDEMPOTENCY_KEY_REUSED');
    });

    it('another key on an existing case is still 409', async () => {
      await ledger.refused('idem-open', () => open(openBody('idem-open'), 'k-open-2'), 409, 'CASE.ALREADY_EXISTS');
    });

    it('concurrent identical openings with one key: one event, every answer 201', async () => {
      const answers = await Promise.all(Array.from({ length: 10 }, () => open(openBody('idem-race'), 'k-open-race')));
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
      expect(answers.every((a) => a.body.revision === 0)).toBe(true);
      expect(await count('idem-race')).toBe(1);
    });
  });
});

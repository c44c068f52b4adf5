import { startTestApp, type TestApp } from '../support/test-app';
import { Ledger, VALID } from './e2e-helpers';
import { expectRefused, HEAD, seedRulesCase, type Rule } from './rules-setup';

/** The domain rules about people, custody and release requests: 422, stable code, nothing stored. */

const CASE = 'rules-people';
const conviction = VALID.PersonConvicted;

const RULES: Rule[] = [
  ['a second CaseOpened', 'CaseOpened', VALID.CaseOpened, 'CASE.ALREADY_OPENED', /first event/],
  ['SubjectAdded of a subject', 'SubjectAdded', { personId: 'ann-a', name: 'A' }, 'CASE.SUBJECT_EXISTS', /ann-a/],
  [
    'an arrest of a stranger',
    'PersonArrested',
    { personIds: ['ann-a', 'zed-z'], occurredOn: '2019' },
    'CASE.SUBJECT_UNKNOWN',
    /zed-z is not a subject/,
  ],
  [
    'a conviction of a stranger',
    'PersonConvicted',
    { ...conviction, personId: 'zed-z' },
    'CASE.SUBJECT_UNKNOWN',
    /zed-z/,
  ],
  [
    'a conviction after release',
    'PersonConvicted',
    { ...conviction, personId: 'bob-b', occurredOn: '2023-09' },
    'CASE.CUSTODY_TRANSITION',
    /bob-b has been released/,
  ],
  [
    'a conviction before the arrest',
    'PersonConvicted',
    { ...conviction, personId: 'cat-c', occurredOn: '2018-01' },
    'CASE.DATE_ORDER',
    /before cat-c's arrest/,
  ],
  ['the same request twice', 'ReleaseRequested', VALID.ReleaseRequested, 'CASE.REQUEST_EXISTS', /req-1/],
  [
    'a request for a stranger',
    'ReleaseRequested',
    { ...VALID.ReleaseRequested, requestId: 'req-9', personId: 'zed-z' },
    'CASE.SUBJECT_UNKNOWN',
    /zed-z/,
  ],
  [
    'a decision on no request',
    'ReleaseRequestDecided',
    { ...VALID.ReleaseRequestDecided, requestId: 'req-9' },
    'CASE.REQUEST_UNKNOWN',
    /no request req-9/,
  ],
  [
    'a second decision',
    'ReleaseRequestDecided',
    VALID.ReleaseRequestDecided,
    'CASE.REQUEST_ALREADY_DECIDED',
    /already decided/,
  ],
  [
    'a decision before the request',
    'ReleaseRequestDecided',
    { ...VALID.ReleaseRequestDecided, requestId: 'req-2', occurredOn: '2022-05' },
    'CASE.DATE_ORDER',
    /before the request/,
  ],
  [
    'a transfer of someone detained',
    'TransferredToRestrictedFreedom',
    { personId: 'cat-c', occurredOn: '2023' },
    'CASE.CUSTODY_TRANSITION',
    /cat-c is detained, not imprisoned/,
  ],
  [
    'a transfer of a stranger',
    'TransferredToRestrictedFreedom',
    { personId: 'zed-z', occurredOn: '2023' },
    'CASE.SUBJECT_UNKNOWN',
    /zed-z/,
  ],
  [
    'a transfer before the conviction',
    'TransferredToRestrictedFreedom',
    { personId: 'dan-d', occurredOn: '2019-12' },
    'CASE.DATE_ORDER',
    /before dan-d's conviction/,
  ],
  [
    'a release of someone released',
    'PersonReleased',
    { ...VALID.PersonReleased, personId: 'bob-b' },
    'CASE.CUSTODY_TRANSITION',
    /bob-b is released/,
  ],
  [
    'a release of someone never held',
    'PersonReleased',
    { ...VALID.PersonReleased, personId: 'eve-e' },
    'CASE.CUSTODY_TRANSITION',
    /eve-e is at_liberty/,
  ],
  [
    'a release before custody began',
    'PersonReleased',
    { ...VALID.PersonReleased, personId: 'cat-c', occurredOn: '2017' },
    'CASE.DATE_ORDER',
    /before cat-c's custody began/,
  ],
  [
    'an arrest dated after today',
    'PersonArrested',
    { personIds: ['eve-e'], occurredOn: '2023-09-27' },
    'CASE.DATE_IN_FUTURE',
    /occurredOn 2023-09-27 is after today/,
  ],
  [
    'an arrest in a month after today',
    'PersonArrested',
    { personIds: ['eve-e'], occurredOn: '2023-10' },
    'CASE.DATE_IN_FUTURE',
    /after today/,
  ],
  [
    'a source published after today',
    'SubjectAdded',
    { personId: 'fay-f', name: 'F', sources: [{ publishedOn: '2024-01-01' }] },
    'CASE.DATE_IN_FUTURE',
    /sources\[0\]\.publishedOn/,
  ],
];

describe('rules about people and custody: 422, nothing stored', () => {
  let t: TestApp;
  let ledger: Ledger;
  beforeAll(async () => {
    t = await startTestApp();
    ledger = new Ledger(t);
    await seedRulesCase(ledger, CASE);
  });
  afterAll(() => t.close());

  it.each(RULES)('422 for %s (%s)', (...rule) => expectRefused(ledger, CASE, rule));

  it('names the field at fault when there is one', async () => {
    const res = await ledger.record(CASE, { type: 'SubjectAdded', data: { personId: 'ann-a', name: 'A' } });
    expect(res.body).toMatchObject({ code: 'CASE.SUBJECT_EXISTS', field: 'data.personId' });
  });

  it('the stream holds only what was accepted', async () => {
    const stored = await ledger.stored(CASE);
    expect(stored).toHaveLength(HEAD + 1);
    expect(stored.some((e) => JSON.stringify(e.data).includes('zed-z'))).toBe(false);
  });

  it('overlapping partial dates break no order rule (released in 2020, convicted 2020-01)', async () => {
    const data = { personId: 'dan-d', occurredOn: '2020', basis: 'amnesty' };
    const res = await ledger.record(CASE, { type: 'PersonReleased', data });
    expect(res.status).toBe(201);
    expect(res.body.revision).toBe(HEAD + 1);
    const view = await ledger.getCase(CASE);
    expect(view.body.subjects).toContainEqual(expect.objectContaining({ personId: 'dan-d', custody: 'released' }));
  });
});

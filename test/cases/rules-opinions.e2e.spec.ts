import { startTestApp, type TestApp } from '../support/test-app';
import { Ledger, SUBJECTS, VALID } from './e2e-helpers';
import { CORRECTION_REVISION, expectRefused, HEAD, seedRulesCase, type Rule } from './rules-setup';

/** The domain rules about opinions, measures, inquiries and corrections: 422, stable code, nothing stored. */

const CASE = 'rules-opinions';
const opinion = VALID.UnOpinionAdopted;
const measure = VALID.ImplementationMeasureRecorded;
const arrestOf = (personIds: string[], occurredOn: string) => ({
  type: 'PersonArrested',
  data: { personIds, occurredOn },
});

const RULES: Rule[] = [
  ['the same opinion twice', 'UnOpinionAdopted', opinion, 'CASE.OPINION_EXISTS', /already in the case/],
  [
    'an opinion on a stranger',
    'UnOpinionAdopted',
    { ...opinion, opinionId: 'X/1', personIds: ['zed-z'] },
    'CASE.SUBJECT_UNKNOWN',
    /zed-z/,
  ],
  [
    'transmitted before adopted',
    'UnOpinionAdopted',
    { ...opinion, opinionId: 'X/2', transmittedOn: '2021-08' },
    'CASE.DATE_ORDER',
    /transmittedOn 2021-08 is before the adoption/,
  ],
  [
    'an opinion adopted after today',
    'UnOpinionAdopted',
    { ...opinion, opinionId: 'X/3', occurredOn: '2024', transmittedOn: undefined },
    'CASE.DATE_IN_FUTURE',
    /occurredOn 2024 is after today/,
  ],
  [
    'a measure of no opinion',
    'ImplementationMeasureRecorded',
    { ...measure, opinionId: 'X/9' },
    'CASE.OPINION_UNKNOWN',
    /no opinion X\/9/,
  ],
  [
    'a release measure',
    'ImplementationMeasureRecorded',
    { ...measure, call: 'release' },
    'CASE.RELEASE_IS_NOT_A_MEASURE',
    /PersonReleased/,
  ],
  [
    'a measure for a call not made',
    'ImplementationMeasureRecorded',
    { ...measure, call: 'investigation' },
    'CASE.CALL_NOT_IN_OPINION',
    /no investigation call/,
  ],
  [
    'a measure for someone not covered',
    'ImplementationMeasureRecorded',
    { ...measure, personIds: ['eve-e'] },
    'CASE.PERSON_NOT_COVERED',
    /does not cover eve-e/,
  ],
  [
    'a measure for a stranger',
    'ImplementationMeasureRecorded',
    { ...measure, personIds: ['zed-z'] },
    'CASE.SUBJECT_UNKNOWN',
    /zed-z/,
  ],
  [
    'a measure before the opinion',
    'ImplementationMeasureRecorded',
    { ...measure, occurredOn: '2021-01' },
    'CASE.DATE_ORDER',
    /before the opinion/,
  ],
  [
    'a reply on no opinion',
    'StateFollowUpReplied',
    { ...VALID.StateFollowUpReplied, opinionId: 'X/9' },
    'CASE.OPINION_UNKNOWN',
    /X\/9/,
  ],
  [
    'a reply before the opinion',
    'StateFollowUpReplied',
    { ...VALID.StateFollowUpReplied, occurredOn: '2020' },
    'CASE.DATE_ORDER',
    /before the opinion/,
  ],
  ['the same inquiry twice', 'InquirySent', VALID.InquirySent, 'CASE.INQUIRY_EXISTS', /inq-1/],
  [
    'an inquiry about no opinion',
    'InquirySent',
    { ...VALID.InquirySent, inquiryId: 'inq-9', opinionId: 'X/9' },
    'CASE.OPINION_UNKNOWN',
    /X\/9/,
  ],
  [
    'no response to no inquiry',
    'NoResponseRecorded',
    { inquiryId: 'inq-9', occurredOn: '2023-09' },
    'CASE.INQUIRY_UNKNOWN',
    /no inquiry inq-9/,
  ],
  [
    'no response after an answer',
    'NoResponseRecorded',
    { inquiryId: 'inq-1', occurredOn: '2023-09-26' },
    'CASE.INQUIRY_ALREADY_ANSWERED',
    /answered/,
  ],
  [
    'no response before the inquiry',
    'NoResponseRecorded',
    { inquiryId: 'inq-2', occurredOn: '2023-09-01' },
    'CASE.DATE_ORDER',
    /before the inquiry/,
  ],
  [
    'a response to no inquiry',
    'ResponseReceived',
    { ...VALID.ResponseReceived, inquiryId: 'inq-9' },
    'CASE.INQUIRY_UNKNOWN',
    /inq-9/,
  ],
  [
    'a second response',
    'ResponseReceived',
    VALID.ResponseReceived,
    'CASE.INQUIRY_ALREADY_ANSWERED',
    /inq-1 has been answered/,
  ],
  [
    'a response before the inquiry',
    'ResponseReceived',
    { ...VALID.ResponseReceived, inquiryId: 'inq-2', occurredOn: '2023-08' },
    'CASE.DATE_ORDER',
    /before the inquiry/,
  ],
  [
    'a correction of no event',
    'EventCorrected',
    { revision: 999, reason: 'r' },
    'CASE.CORRECTION_TARGET_UNKNOWN',
    /no event at revision 999/,
  ],
  [
    'a correction of a correction',
    'EventCorrected',
    { revision: CORRECTION_REVISION, reason: 'r' },
    'CASE.CORRECTION_OF_CORRECTION',
    /itself a correction/,
  ],
  [
    'dropping the opening',
    'EventCorrected',
    { revision: 0, reason: 'r' },
    'CASE.CORRECTION_OF_OPENING',
    /another CaseOpened/,
  ],
  [
    'a fact replaced by an opening',
    'EventCorrected',
    { revision: 1, reason: 'r', replacement: { type: 'CaseOpened', data: VALID.CaseOpened } },
    'CASE.CORRECTION_OF_OPENING',
    /opening/,
  ],
  [
    'a replacement that breaks a rule',
    'EventCorrected',
    { revision: 2, reason: 'r', replacement: arrestOf(['zed-z'], '2018') },
    'CASE.SUBJECT_UNKNOWN',
    /zed-z/,
  ],
  [
    'a replacement dated after today',
    'EventCorrected',
    { revision: 2, reason: 'r', replacement: arrestOf(['ann-a'], '2024') },
    'CASE.DATE_IN_FUTURE',
    /after today/,
  ],
];

describe('rules about opinions, inquiries and corrections: 422, nothing stored', () => {
  let t: TestApp;
  let ledger: Ledger;
  beforeAll(async () => {
    t = await startTestApp();
    ledger = new Ledger(t);
    await seedRulesCase(ledger, CASE);
  });
  afterAll(() => t.close());

  it.each(RULES)('422 for %s (%s)', (...rule) => expectRefused(ledger, CASE, rule));

  it('the stream holds only what was accepted', async () => {
    const stored = await ledger.stored(CASE);
    expect(stored).toHaveLength(HEAD + 1);
    expect(stored.filter((e) => e.type === 'EventCorrected')).toHaveLength(1);
  });

  it('a correction that keeps the rules is recorded, and its target can no longer be a correction', async () => {
    const res = await ledger.record(CASE, {
      type: 'EventCorrected',
      data: { revision: 2, reason: 'r', replacement: arrestOf(SUBJECTS, '2018-11') },
    });
    expect(res.status).toBe(201);
    expect(res.body.revision).toBe(HEAD + 1);
    const again = { revision: HEAD + 1, reason: 'r' };
    await expectRefused(ledger, CASE, ['', 'EventCorrected', again, 'CASE.CORRECTION_OF_CORRECTION', /correction/]);
  });
});

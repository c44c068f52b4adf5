import { Ledger, RECORD_ORDER, VALID, type Data } from './e2e-helpers';

/** The case the rule specs break rules against, and the check each broken rule must pass. */

/** On top of every type once (see VALID): an undecided request, an unanswered inquiry, and more people. */
const MORE: Array<[string, Data]> = [
  ['ReleaseRequested', { ...VALID.ReleaseRequested, requestId: 'req-2', personId: 'cat-c' }],
  ['InquirySent', { ...VALID.InquirySent, inquiryId: 'inq-2' }],
  ['PersonArrested', { personIds: ['dan-d'], occurredOn: '2019' }],
  ['PersonConvicted', { ...VALID.PersonConvicted, personId: 'dan-d', occurredOn: '2020-01' }],
  ['SubjectAdded', { personId: 'eve-e', name: 'Eve E' }],
];

/**
 * Revisions: 0 opened, 1..14 RECORD_ORDER (14 corrects revision 1), then MORE. Custody: ann-a
 * restricted_freedom, bob-b released, cat-c detained, dan-d imprisoned, eve-e at_liberty (added
 * after the opinion, so not covered by it). req-1 decided, req-2 not; inq-1 answered, inq-2 not.
 */
export const CORRECTION_REVISION = RECORD_ORDER.indexOf('EventCorrected') + 1;
export const HEAD = RECORD_ORDER.length + MORE.length;

export async function seedRulesCase(ledger: Ledger, caseId: string): Promise<void> {
  await ledger.opened(caseId);
  for (const type of RECORD_ORDER) await ledger.recorded(caseId, type);
  for (const [type, data] of MORE) await ledger.recorded(caseId, type, data);
  expect((await ledger.getCase(caseId)).body.revision).toBe(HEAD);
}

/** A request that breaks a rule: what it is, its type, its data, the `CASE.*` code, what the message says. */
export type Rule = [what: string, type: string, data: Data, code: string, message: RegExp];

/** 422 with the stable code and a message naming the rule; GET /cases/{id} and the stream unchanged. */
export async function expectRefused(ledger: Ledger, caseId: string, [, type, data, code, message]: Rule) {
  const res = await ledger.refused(caseId, () => ledger.record(caseId, { type, data }), 422, code);
  expect(res.body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity', code });
  expect(res.body.message).toMatch(message);
}

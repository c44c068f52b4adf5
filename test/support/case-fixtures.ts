import type { OpenCase, RecordCaseEvent } from '../../domain/case/case.decider';
import type {
  CaseEvent,
  CaseEventOf,
  CaseFact,
  Call,
  ReleaseBasis,
  SentenceKind,
  Source,
  UnOpinionAdopted,
} from '../../domain/case/case.events';
import type { SpecCommand } from './decider-spec';

/** Small builders for case events and commands, so specs show only what matters to them. */

export const CASE_ID = 'kz-test-case';
export const OPINION = 'A/HRC/WGAD/2021/33';
export const SOURCE: Source = { title: 'Still jailed despite 2021 UN release call', publisher: 'Forum 18' };

const nameOf = (personId: string) => personId.replace(/-/g, ' ');

export const opened = (...personIds: string[]): CaseEventOf<'CaseOpened'> => ({
  type: 'CaseOpened',
  data: {
    title: 'Test case',
    country: 'KZ',
    subjects: personIds.map((personId) => ({ personId, name: nameOf(personId) })),
  },
});

export const subjectAdded = (personId: string): CaseEventOf<'SubjectAdded'> => ({
  type: 'SubjectAdded',
  data: { personId, name: nameOf(personId) },
});

export const arrested = (personIds: string | string[], occurredOn = '2018-10'): CaseEventOf<'PersonArrested'> => ({
  type: 'PersonArrested',
  data: { personIds: typeof personIds === 'string' ? [personIds] : personIds, occurredOn },
});

export const convicted = (
  personId: string,
  occurredOn = '2019-08',
  kind: SentenceKind = 'imprisonment',
): CaseEventOf<'PersonConvicted'> => ({
  type: 'PersonConvicted',
  data: { personId, occurredOn, court: 'Almaly District Court', charges: ['Article 174'], sentence: { kind } },
});

export const transferred = (
  personId: string,
  occurredOn = '2023-05-24',
): CaseEventOf<'TransferredToRestrictedFreedom'> => ({
  type: 'TransferredToRestrictedFreedom',
  data: { personId, occurredOn },
});

export const released = (
  personId: string,
  occurredOn = '2023-08',
  basis: ReleaseBasis = 'pardon',
): CaseEventOf<'PersonReleased'> => ({ type: 'PersonReleased', data: { personId, occurredOn, basis } });

export const opinionAdopted = (
  opinionId = OPINION,
  more: Partial<UnOpinionAdopted> = {},
): CaseEventOf<'UnOpinionAdopted'> => ({
  type: 'UnOpinionAdopted',
  data: { opinionId, mechanism: 'WGAD', occurredOn: '2021-09', calls: ['release', 'compensation'], ...more },
});

export const measure = (
  call: Call = 'compensation',
  more: Partial<CaseEventOf<'ImplementationMeasureRecorded'>['data']> = {},
): CaseEventOf<'ImplementationMeasureRecorded'> => ({
  type: 'ImplementationMeasureRecorded',
  data: { opinionId: OPINION, call, occurredOn: '2022-03', extent: 'partial', description: 'paid in part', ...more },
});

export const followUpReplied = (
  opinionId = OPINION,
  occurredOn = '2022-03-15',
): CaseEventOf<'StateFollowUpReplied'> => ({
  type: 'StateFollowUpReplied',
  data: { opinionId, occurredOn },
});

export const releaseRequested = (
  requestId: string,
  personId: string,
  occurredOn = '2022-06',
): CaseEventOf<'ReleaseRequested'> => ({
  type: 'ReleaseRequested',
  data: { requestId, personId, occurredOn, kind: 'early_release', addressedTo: 'prison administration' },
});

export const requestDecided = (
  requestId: string,
  occurredOn = '2022-07',
  outcome: 'granted' | 'denied' = 'denied',
): CaseEventOf<'ReleaseRequestDecided'> => ({
  type: 'ReleaseRequestDecided',
  data: { requestId, occurredOn, outcome },
});

export const inquirySent = (
  inquiryId: string,
  occurredOn = '2023-09-15',
  opinionId?: string,
): CaseEventOf<'InquirySent'> => ({
  type: 'InquirySent',
  data: {
    inquiryId,
    occurredOn,
    to: "General Prosecutor's Office",
    channel: 'writing',
    question: 'Why are they still jailed?',
    ...(opinionId ? { opinionId } : {}),
  },
});

export const noResponse = (inquiryId: string, occurredOn = '2023-09-26'): CaseEventOf<'NoResponseRecorded'> => ({
  type: 'NoResponseRecorded',
  data: { inquiryId, occurredOn },
});

export const responseReceived = (inquiryId: string, occurredOn = '2023-09-26'): CaseEventOf<'ResponseReceived'> => ({
  type: 'ResponseReceived',
  data: { inquiryId, occurredOn, summary: 'The sentences are lawful.', kind: 'denial' },
});

export const corrected = (revision: number, replacement?: CaseFact): CaseEventOf<'EventCorrected'> => ({
  type: 'EventCorrected',
  data: { revision, reason: 'misread the source', ...(replacement ? { replacement } : {}) },
});

/** Gives an event's data sources (and optionally a note). */
export const withSources = <E extends CaseEvent>(event: E, sources: Source[] = [SOURCE], note?: string): E =>
  ({ ...event, data: { ...event.data, sources, ...(note ? { note } : {}) } }) as E;

export const record = (event: CaseEvent, today?: string): SpecCommand & Omit<RecordCaseEvent, 'metadata'> => ({
  type: 'RecordCaseEvent',
  data: { caseId: CASE_ID, event },
  ...(today ? { metadata: { today } } : {}),
});

export const openCase = (...personIds: string[]): SpecCommand & Omit<OpenCase, 'metadata'> => ({
  type: 'OpenCase',
  data: { caseId: CASE_ID, ...opened(...personIds).data },
});

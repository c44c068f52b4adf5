/**
 * The events of a case, exactly as the domain contract (docs/domain.md) names them.
 * Plain typed messages: `{ type, data }`. Dates are partial-date strings (`YYYY`, `YYYY-MM`,
 * `YYYY-MM-DD` or `A/B`), parsed where they are used.
 */

export interface Source {
  url?: string;
  title?: string;
  publisher?: string;
  publishedOn?: string;
}

/** Every event's data may carry its sources and a free-text note. */
export interface Annotated {
  sources?: Source[];
  note?: string;
}

export const MECHANISMS = [
  'WGAD',
  'CCPR',
  'CAT',
  'CEDAW',
  'CERD',
  'CRC',
  'CED',
  'CESCR',
  'CRPD',
  'CMW',
  'other',
] as const;
export const CALLS = [
  'release',
  'compensation',
  'investigation',
  'accountability',
  'legislative_review',
  'other',
] as const;
export const SENTENCE_KINDS = ['imprisonment', 'restricted_freedom', 'fine', 'suspended', 'other'] as const;
export const REQUEST_KINDS = ['early_release', 'pardon', 'appeal', 'opinion_implementation', 'other'] as const;
export const RELEASE_BASES = [
  'opinion_implementation',
  'acquittal',
  'pardon',
  'amnesty',
  'sentence_completed',
  'other',
] as const;
export const CHANNELS = ['writing', 'phone', 'email', 'in_person'] as const;
export const RESPONSE_KINDS = ['substantive', 'token', 'denial', 'request_for_information'] as const;

export type Mechanism = (typeof MECHANISMS)[number];
export type Call = (typeof CALLS)[number];
export type SentenceKind = (typeof SENTENCE_KINDS)[number];
export type RequestKind = (typeof REQUEST_KINDS)[number];
export type ReleaseBasis = (typeof RELEASE_BASES)[number];
export type Channel = (typeof CHANNELS)[number];
export type ResponseKind = (typeof RESPONSE_KINDS)[number];

export interface Subject {
  personId: string;
  name: string;
}

export interface CaseOpened extends Annotated {
  title: string;
  country: string;
  subjects: Subject[];
}
export interface SubjectAdded extends Annotated, Subject {}
export interface PersonArrested extends Annotated {
  personIds: string[];
  occurredOn: string;
  authority?: string;
  place?: string;
}
export interface PersonConvicted extends Annotated {
  personId: string;
  occurredOn: string;
  court: string;
  charges: string[];
  sentence: { kind: SentenceKind; months?: number };
}
export interface UnOpinionAdopted extends Annotated {
  opinionId: string;
  mechanism: Mechanism;
  occurredOn: string;
  transmittedOn?: string;
  personIds?: string[];
  calls: Call[];
  followUpMonths?: number;
}
export interface ReleaseRequested extends Annotated {
  requestId: string;
  personId: string;
  occurredOn: string;
  kind: RequestKind;
  addressedTo: string;
  requestedBy?: string;
}
export interface ReleaseRequestDecided extends Annotated {
  requestId: string;
  occurredOn: string;
  outcome: 'granted' | 'denied';
  decidedBy?: string;
  grounds?: string;
}
export interface TransferredToRestrictedFreedom extends Annotated {
  personId: string;
  occurredOn: string;
  court?: string;
}
export interface PersonReleased extends Annotated {
  personId: string;
  occurredOn: string;
  basis: ReleaseBasis;
}
export interface ImplementationMeasureRecorded extends Annotated {
  opinionId: string;
  call: Call;
  occurredOn: string;
  extent: 'full' | 'partial';
  personIds?: string[];
  description: string;
}
export interface StateFollowUpReplied extends Annotated {
  opinionId: string;
  occurredOn: string;
  summary?: string;
}
export interface InquirySent extends Annotated {
  inquiryId: string;
  occurredOn: string;
  to: string;
  channel: Channel;
  question: string;
  opinionId?: string;
}
export interface NoResponseRecorded extends Annotated {
  inquiryId: string;
  occurredOn: string;
}
export interface ResponseReceived extends Annotated {
  inquiryId: string;
  occurredOn: string;
  summary: string;
  kind?: ResponseKind;
}
export interface EventCorrected extends Annotated {
  revision: number;
  reason: string;
  replacement?: CaseFact;
}

interface Message<Type extends string, Data> {
  type: Type;
  data: Data;
}

/** A fact that can be recorded in a case, or be the replacement in a correction. */
export type CaseFact =
  | Message<'CaseOpened', CaseOpened>
  | Message<'SubjectAdded', SubjectAdded>
  | Message<'PersonArrested', PersonArrested>
  | Message<'PersonConvicted', PersonConvicted>
  | Message<'UnOpinionAdopted', UnOpinionAdopted>
  | Message<'ReleaseRequested', ReleaseRequested>
  | Message<'ReleaseRequestDecided', ReleaseRequestDecided>
  | Message<'TransferredToRestrictedFreedom', TransferredToRestrictedFreedom>
  | Message<'PersonReleased', PersonReleased>
  | Message<'ImplementationMeasureRecorded', ImplementationMeasureRecorded>
  | Message<'StateFollowUpReplied', StateFollowUpReplied>
  | Message<'InquirySent', InquirySent>
  | Message<'NoResponseRecorded', NoResponseRecorded>
  | Message<'ResponseReceived', ResponseReceived>;

export type CaseEvent = CaseFact | Message<'EventCorrected', EventCorrected>;
export type CaseEventType = CaseEvent['type'];
export type CaseEventOf<T extends CaseEventType> = Extract<CaseEvent, { type: T }>;

/** Every event type, once: an object rather than a list, so the compiler names a type left out. */
const EVENT_TYPES: Record<CaseEventType, true> = {
  CaseOpened: true,
  SubjectAdded: true,
  PersonArrested: true,
  PersonConvicted: true,
  UnOpinionAdopted: true,
  ReleaseRequested: true,
  ReleaseRequestDecided: true,
  TransferredToRestrictedFreedom: true,
  PersonReleased: true,
  ImplementationMeasureRecorded: true,
  StateFollowUpReplied: true,
  InquirySent: true,
  NoResponseRecorded: true,
  ResponseReceived: true,
  EventCorrected: true,
};

export const CASE_EVENT_TYPES = Object.keys(EVENT_TYPES) as readonly CaseEventType[];

export const streamOfCase = (caseId: string) => `case-${caseId}`;
export const CASE_STREAM_PREFIX = 'case-';
export const CASE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,63}$/;

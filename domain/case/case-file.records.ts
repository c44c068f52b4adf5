import type {
  Annotated,
  ImplementationMeasureRecorded,
  InquirySent,
  ReleaseRequestDecided,
  ReleaseRequested,
  StateFollowUpReplied,
  CaseEvent,
  CaseFact,
  Call,
  Mechanism,
  ReleaseBasis,
  ResponseKind,
  SentenceKind,
  Source,
} from './case.events';

/**
 * The canonical fold of one case's events: every fact the case holds, each tagged with the
 * revision that recorded it. The decider judges commands on it; every read model is computed from
 * it, as of a day. Because each fact keeps its revision, a correction is "retract that revision,
 * apply the replacement in its place" — no fact is ever recomputed from memory of raw events.
 * Plain JSON all the way down, so it can be stored as a read-model document as it is.
 */
export interface CaseFile {
  caseId: string;
  /** Revision of the last event folded; -1 before the first. */
  revision: number;
  opened: boolean;
  /** Revision of the CaseOpened in force; -1 while not opened. */
  openedAt: number;
  title: string;
  country: string;
  subjects: SubjectRecord[];
  custody: CustodyFact[];
  opinions: OpinionRecord[];
  measures: MeasureRecord[];
  followUpReplies: FollowUpReplyRecord[];
  requests: RequestRecord[];
  decisions: DecisionRecord[];
  inquiries: InquiryRecord[];
  inquiryOutcomes: InquiryOutcomeRecord[];
  corrections: CorrectionRecord[];
  sources: SourcesRecord[];
}

export interface Tagged {
  revision: number;
}
/*
 * A record of a fact that the case file keeps as its event recorded it is that event's data, tagged, without its
 * sources and note (kept apart, in `sources`): one definition of its shape, the event's.
 */
export interface SubjectRecord extends Tagged {
  personId: string;
  name: string;
}
export type CustodyFact = Tagged & { personId: string; occurredOn: string } & (
    | { kind: 'arrested'; authority?: string; place?: string }
    | { kind: 'convicted'; sentence: SentenceKind; months?: number; court: string; charges: string[] }
    | { kind: 'transferred'; court?: string }
    | { kind: 'released'; basis: ReleaseBasis }
  );
export interface OpinionRecord extends Tagged {
  opinionId: string;
  mechanism: Mechanism;
  occurredOn: string;
  transmittedOn?: string;
  /** Who it covers: the named people, or every subject of the case when it was adopted. */
  personIds: string[];
  /** Named no one: it covers the subjects the case had when it was adopted, re-read after corrections. */
  coversAllSubjects: boolean;
  calls: Call[];
  followUpMonths: number;
}
export type MeasureRecord = Tagged & Omit<ImplementationMeasureRecorded, keyof Annotated>;
export type FollowUpReplyRecord = Tagged & Omit<StateFollowUpReplied, keyof Annotated>;
export type RequestRecord = Tagged & Omit<ReleaseRequested, keyof Annotated>;
export type DecisionRecord = Tagged & Omit<ReleaseRequestDecided, keyof Annotated>;
export type InquiryRecord = Tagged & Omit<InquirySent, keyof Annotated>;
export interface InquiryOutcomeRecord extends Tagged {
  inquiryId: string;
  occurredOn: string;
  kind: 'no_response' | 'response';
  summary?: string;
  responseKind?: ResponseKind;
}
export interface CorrectionRecord extends Tagged {
  corrects: number;
  reason: string;
  replacementType?: CaseFact['type'];
}
export interface SourcesRecord extends Tagged {
  type: CaseEvent['type'];
  sources: Source[];
  note?: string;
}

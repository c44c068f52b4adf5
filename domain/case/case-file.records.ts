import type {
  CaseEvent,
  CaseFact,
  Call,
  Channel,
  Mechanism,
  ReleaseBasis,
  RequestKind,
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
export interface MeasureRecord extends Tagged {
  opinionId: string;
  call: Call;
  occurredOn: string;
  extent: 'full' | 'partial';
  personIds?: string[];
  description: string;
}
export interface FollowUpReplyRecord extends Tagged {
  opinionId: string;
  occurredOn: string;
  summary?: string;
}
export interface RequestRecord extends Tagged {
  requestId: string;
  personId: string;
  occurredOn: string;
  kind: RequestKind;
  addressedTo: string;
  requestedBy?: string;
}
export interface DecisionRecord extends Tagged {
  requestId: string;
  occurredOn: string;
  outcome: 'granted' | 'denied';
  decidedBy?: string;
  grounds?: string;
}
export interface InquiryRecord extends Tagged {
  inquiryId: string;
  occurredOn: string;
  to: string;
  channel: Channel;
  question: string;
  opinionId?: string;
}
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

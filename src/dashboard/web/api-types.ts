/**
 * The JSON the dashboard reads from the query API: only the fields it uses. The server's own types live beside the
 * projections and cannot be imported here (this folder compiles alone, for the browser); a type-level check in
 * test/dashboard/api-shapes.check.ts proves that the server's views still fit these shapes.
 */

export type ImplementationStatus = 'not_implemented' | 'partially_implemented' | 'implemented';
export type Grade = 'A' | 'B' | 'C' | 'D' | 'E';
export type Custody = 'at_liberty' | 'detained' | 'imprisoned' | 'restricted_freedom' | 'released';

/** Whole days, exact only when min === max. */
export interface DayRange {
  min: number;
  max: number;
}

/** Earliest and latest possible due day, YYYY-MM-DD. */
export interface DueRange {
  earliest: string;
  latest: string;
}

/** A partial date as recorded (`text`) with its first and last possible day. */
export interface DateSpan {
  text: string;
  first: string;
  last: string;
}

export interface CallView {
  call: string;
  status: ImplementationStatus;
  daysOutstanding?: DayRange;
  implementedOn?: string;
}

export interface CoveredPerson {
  caseId: string;
  personId: string;
  name: string;
  custody: Custody;
}

export interface OpinionView {
  opinionId: string;
  mechanism: string;
  caseIds: string[];
  countries: string[];
  occurredOn: string;
  status: ImplementationStatus;
  grade: Grade;
  daysSinceAdoption: DayRange;
  followUpDueOn: DueRange;
  followUpOverdue: boolean;
  calls: CallView[];
  custody: Record<Custody, number>;
  people: CoveredPerson[];
  /** Facts about the opinion its cases record differently (absent from servers before this field existed). */
  conflicts?: Array<{ field: string; values: Array<{ value: string | number; caseIds: string[] }> }>;
}

export interface Subject {
  personId: string;
  name: string;
  custody: Custody;
}

export interface CaseSummary {
  caseId: string;
  title: string;
  country: string;
  revision: number;
  subjects: Subject[];
  opinions: string[];
}

export interface CaseInquiry {
  inquiryId: string;
  to: string;
  channel: string;
  question: string;
  occurredOn: string;
  opinionId?: string;
  answered: boolean;
  answeredOn?: string;
  daysWaited?: DayRange;
}

interface FactBase {
  revision: number;
  on: DateSpan;
  custodyAfter: Custody;
}
export type TimelineFact = FactBase &
  (
    | { kind: 'arrested'; authority?: string; place?: string }
    | { kind: 'convicted'; sentence: string; months?: number; court: string; charges: string[] }
    | { kind: 'transferred'; court?: string }
    | { kind: 'released'; basis: string }
  );

export interface TimelineOpinion {
  opinionId: string;
  mechanism: string;
  adoptedOn: DateSpan;
  transmittedOn?: DateSpan;
  followUpDueOn: DueRange;
}

export interface PersonTimeline extends Subject {
  facts: TimelineFact[];
  opinions: TimelineOpinion[];
}

export interface Source {
  url?: string;
  title?: string;
  publisher?: string;
  publishedOn?: string;
}

export interface SourcesRecord {
  revision: number;
  type: string;
  sources: Source[];
  note?: string;
}

export interface ListedCount {
  shown: number;
  total: number;
}

export interface CaseView extends CaseSummary {
  inquiries: CaseInquiry[];
  timeline: PersonTimeline[];
  sources: SourcesRecord[];
  /** A long case's page shows the most recent entries of each growing list: how many, of how many. */
  listed?: { inquiries: ListedCount; sources: ListedCount; facts: Record<string, ListedCount> };
}

export interface AuthorityInquiry {
  caseId: string;
  inquiryId: string;
  occurredOn: string;
  opinionId?: string;
  answered: boolean;
  answeredOn?: string;
  daysWaited?: DayRange;
}

export interface AuthorityView {
  authority: string;
  sent: number;
  answered: number;
  unanswered: number;
  longestWait: DayRange | null;
  inquiries: AuthorityInquiry[];
}

export interface CountryView {
  country: string;
  opinions: number;
  implemented: number;
  partiallyImplemented: number;
  notImplemented: number;
  grades: Record<Grade, number>;
  medianDaysOutstanding: DayRange | null;
  unansweredInquiries: number;
}

/** GET /alerts: the fields the dashboard reads (checked against the server's in test/dashboard/api-shapes.check.ts). */
export interface AlertView {
  alertId: string;
  rule: string;
  caseId?: string;
  opinionId?: string;
  inquiryId?: string;
  raisedAt?: string;
  /** Its place in the alerts stream: the order they were raised in. */
  revision?: number;
  message?: string;
}

/** One page of a list asked for with `limit`: the next one is asked for with `cursor=nextCursor`. */
export interface ListPage<T> {
  items: T[];
  /** Rows of the whole list, with the same filters and search. */
  total: number;
  nextCursor: string | null;
}

/** GET /dashboard/meta. */
export interface DashboardMeta {
  today: string;
  readsRequireKey: boolean;
}

/** A data frame of GET /events. */
export interface LiveEvent {
  type: string;
  stream: string;
  revision: number;
  checkpoint: string;
}

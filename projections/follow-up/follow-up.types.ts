/** The follow-up submission's shape (GET /opinions/{opinionId}/follow-up), apart from the code that derives it. */
import type { OpinionConflict } from '../../domain/case/opinion-facts';
import type { Call, Mechanism } from '../../domain/case/case.events';
import type { Custody } from '../../domain/case/custody';
import type { DayRange, DueRange } from '../../domain/calendar/partial-date';
import type { CoveredPersonView, Grade, ImplementationStatus } from '../views/opinion.view';
import type { FollowUpFact } from './follow-up.facts';
import type { NumberedSource } from './follow-up.sources';

export type QuestionKey = 'release' | 'compensation' | 'investigation' | 'legislation' | 'other';

export interface FollowUpQuestion {
  key: QuestionKey;
  question: string;
  /** Whether the opinion made any of the calls this question reports on. */
  asked: boolean;
  /** The status of those calls as the opinion view gives it; null when not asked. */
  status: ImplementationStatus | null;
  calls: Array<{ call: Call; status: ImplementationStatus; implementedOn?: string; daysOutstanding?: DayRange }>;
  /** What the ledger derived, in one sentence an advocate can sign. */
  summary: string;
  facts: FollowUpFact[];
}

export interface FollowUpInquiry {
  inquiryId: string;
  caseId: string;
  to: string;
  channel: string;
  sentOn: string;
  answered: boolean;
  answeredOn?: string;
  /** The answer's summary as recorded. */
  response?: string;
  /** While unanswered: from the day it was sent to the as-of day. */
  daysWaited?: DayRange;
  sources: number[];
}

export interface FollowUpSubmission {
  opinionId: string;
  mechanism: Mechanism;
  /** The state concerned: the country of its case (of the first case, when several record the opinion). */
  country: string;
  countries: string[];
  caseIds: string[];
  adoptedOn: string;
  transmittedOn?: string;
  followUpDueOn: DueRange;
  followUpOverdue: boolean;
  asOf: string;
  status: ImplementationStatus;
  grade: Grade;
  gradeReason: string;
  daysSinceAdoption: DayRange;
  people: CoveredPersonView[];
  custody: Record<Custody, number>;
  /** Facts about the opinion its cases record differently (the figures use the first case's): empty when they agree. */
  conflicts: OpinionConflict[];
  /** Sources of the opinion's own record (its adoption). */
  adoptionSources: number[];
  questions: FollowUpQuestion[];
  inquiries: FollowUpInquiry[];
  sources: NumberedSource[];
}

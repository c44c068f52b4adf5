/**
 * Alerts as events (domain.md, "Alerts"): one `AlertRaised` per fact, in the stream `alerts`, its alertId the
 * idempotency key. The data says what was judged, on which day, so an auditor can retrace why it was raised.
 */
import type { OpinionConflict } from '../../domain/case/opinion-facts';
import type { Mechanism } from '../../domain/case/case.events';
import type { DayRange, DueRange } from '../../domain/calendar/partial-date';
import type { ImplementationStatus } from '../views/opinion.view';

export const ALERTS_STREAM = 'alerts';
export const ALERT_RAISED = 'AlertRaised';

export const ALERT_RULES = [
  'opinion.follow_up_overdue',
  'opinion.unimplemented_anniversary',
  'inquiry.unanswered',
  'opinion.conflicting_records',
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

interface AlertFacts {
  alertId: string;
  caseId: string;
  country: string;
  /** The day the rule was judged on (YYYY-MM-DD): "today" in REPORTING_TIMEZONE, or NOW. */
  asOf: string;
}

export interface FollowUpOverdueAlert extends AlertFacts {
  rule: 'opinion.follow_up_overdue';
  opinionId: string;
  mechanism: Mechanism;
  followUpDueOn: DueRange;
  status: Exclude<ImplementationStatus, 'implemented'>;
}

export interface UnimplementedAnniversaryAlert extends AlertFacts {
  rule: 'opinion.unimplemented_anniversary';
  opinionId: string;
  mechanism: Mechanism;
  /** N: full years since adoption, however late in its partial date the opinion was adopted. */
  years: number;
  adoptedOn: string;
  /** The N-th anniversary of the earliest and of the latest possible adoption day. */
  anniversaryOn: DueRange;
  status: Exclude<ImplementationStatus, 'implemented'>;
}

export interface InquiryUnansweredAlert extends AlertFacts {
  rule: 'inquiry.unanswered';
  inquiryId: string;
  to: string;
  sentOn: string;
  opinionId?: string;
  daysWaited: DayRange;
  /** INQUIRY_RESPONSE_DAYS when it was judged. */
  responseDays: number;
}

/** Cases record one opinion with different facts about it: `caseId` and `country` are those of the first case. */
export interface ConflictingRecordsAlert extends AlertFacts {
  rule: 'opinion.conflicting_records';
  opinionId: string;
  /** Every case that records the opinion, in caseId order. */
  caseIds: string[];
  conflicts: OpinionConflict[];
}

/** The data of an `AlertRaised` event. */
export type AlertRaised =
  FollowUpOverdueAlert | UnimplementedAnniversaryAlert | InquiryUnansweredAlert | ConflictingRecordsAlert;

/** The cases an alert is about: most alerts have one, an opinion's conflicting records several. */
export const casesOfAlert = (alert: AlertRaised): readonly string[] =>
  alert.rule === 'opinion.conflicting_records' ? alert.caseIds : [alert.caseId];

/** The alertIds of domain.md: stable, so the same fact always gets the same id, on every instance. */
export const alertIds = {
  followUpOverdue: (caseId: string, opinionId: string) => `opinion.follow_up_overdue:${caseId}:${opinionId}`,
  anniversary: (caseId: string, opinionId: string, years: number) =>
    `opinion.unimplemented_anniversary:${caseId}:${opinionId}:${years}`,
  inquiryUnanswered: (caseId: string, inquiryId: string) => `inquiry.unanswered:${caseId}:${inquiryId}`,
  conflictingRecords: (opinionId: string) => `opinion.conflicting_records:${opinionId}`,
};

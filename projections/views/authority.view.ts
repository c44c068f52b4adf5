/**
 * Inquiries by the authority they went to, as of a day (GET /authorities): who has been asked, and who keeps silent.
 */
import type { CaseFile } from '../../domain/case/case-file';
import type { Day } from '../../domain/calendar/calendar-day';
import type { DayRange } from '../../domain/calendar/partial-date';
import { caseAsOf, compareDates, compareText, longest, type CaseAsOf } from './as-of';

export interface AuthorityInquiryView {
  caseId: string;
  inquiryId: string;
  occurredOn: string;
  opinionId?: string;
  answered: boolean;
  /** The earliest response that certainly came by the day. */
  answeredOn?: string;
  /** Only while unanswered. */
  daysWaited?: DayRange;
}

export interface AuthorityView {
  authority: string;
  sent: number;
  answered: number;
  unanswered: number;
  /** The longest wait among the unanswered inquiries; null when none is waiting. */
  longestWait: DayRange | null;
  /** Oldest first. */
  inquiries: AuthorityInquiryView[];
}

/**
 * An inquiry counts as sent once it certainly occurred by the day (or an outcome recorded by then proves it was);
 * only a ResponseReceived answers it: a NoResponseRecorded just documents the silence. Most unanswered first.
 */
export function authorityViews(files: readonly CaseFile[], asOf: Day): AuthorityView[] {
  return authorityViewsOf(files.map((file) => caseAsOf(file, asOf)));
}

export function authorityViewsOf(cases: readonly CaseAsOf[]): AuthorityView[] {
  const byAuthority = new Map<string, AuthorityView>();
  for (const state of cases) {
    for (const { caseId, record, answered, answeredOn, daysWaited } of state.inquiries) {
      // Recorders type names by hand; stray spaces should not split one authority in two.
      const authority = record.to.trim();
      let view = byAuthority.get(authority);
      if (!view) {
        view = { authority, sent: 0, answered: 0, unanswered: 0, longestWait: null, inquiries: [] };
        byAuthority.set(authority, view);
      }
      view.sent++;
      if (answered) view.answered++;
      else view.unanswered++;
      if (daysWaited) view.longestWait = longest(view.longestWait, daysWaited);
      view.inquiries.push({
        caseId,
        inquiryId: record.inquiryId,
        occurredOn: record.occurredOn,
        ...(record.opinionId !== undefined && { opinionId: record.opinionId }),
        answered,
        ...(answeredOn !== undefined && { answeredOn }),
        ...(daysWaited !== undefined && { daysWaited }),
      });
    }
  }
  const views = [...byAuthority.values()];
  for (const view of views) {
    view.inquiries.sort(
      (a, b) =>
        compareDates(a.occurredOn, b.occurredOn) ||
        compareText(a.caseId, b.caseId) ||
        compareText(a.inquiryId, b.inquiryId),
    );
  }
  return views.sort((a, b) => b.unanswered - a.unanswered || compareText(a.authority, b.authority));
}

/**
 * The alert rules of domain.md ("Alerts") as pure functions of case files and a day. An alert is due once its fact
 * certainly holds: dates that make it true are judged on their latest possible day, and a fact recorded with a date
 * that may already have come (a release, a measure, a follow-up reply, a response) keeps it from holding.
 */
import { conflictsOf } from '../../domain/case/opinion-facts';
import type { CaseFile } from '../../domain/case/case-file';
import { isoFromDay, type Day } from '../../domain/calendar/calendar-day';
import { addMonthsToPartial, certainFullYears } from '../../domain/calendar/partial-date';
import { caseAsOf, dateOf } from '../views/as-of';
import { opinionView } from '../views/opinion.view';
import { alertIds, type AlertRaised } from './alert.events';
import { factsWith, inquiryIdOf } from '../../domain/case/fact-lists';

/**
 * Bump when a rule comes to find due what it did not before: the next start then judges every case again instead of
 * only those recorded since the last judgement (src/alerts/judged-mark.ts).
 */
export const ALERT_RULES_VERSION = 2;

export interface AlertRuleOptions {
  /** INQUIRY_RESPONSE_DAYS: days an inquiry may wait for an answer before it raises an alert. */
  inquiryResponseDays: number;
  /**
   * Every opened case that records an opinion, in the order the read side lists them (casesByOpinion), so that an
   * opinion recorded in several cases is judged as GET /opinions/{opinionId} shows it. Without it, only `file`.
   */
  casesRecording?: ReadonlyMap<string, readonly CaseFile[]>;
  /** Only the alerts an event may have changed (see `alertScopeOf`); without it, every alert of the case. */
  scope?: AlertScope;
}

/**
 * Which of a case's alerts an event can change: its opinions' (every fact bears on them but an inquiry's), and those of
 * the inquiries it names. An event into a case with thousands of inquiries is judged on the one it names, not on all.
 */
export interface AlertScope {
  opinions: boolean;
  inquiryIds: ReadonlySet<string> | 'all';
}

export const EVERY_ALERT: AlertScope = { opinions: true, inquiryIds: 'all' };

const INQUIRY_EVENTS = new Set(['InquirySent', 'ResponseReceived', 'NoResponseRecorded']);

export function alertScopeOf(event: { type: string; data: unknown }): AlertScope {
  if (!INQUIRY_EVENTS.has(event.type)) {
    // A correction may retract or replace any fact, an inquiry's too.
    return event.type === 'EventCorrected' ? EVERY_ALERT : { opinions: true, inquiryIds: new Set() };
  }
  return { opinions: false, inquiryIds: new Set([(event.data as { inquiryId: string }).inquiryId]) };
}

/** What either scope covers. */
export function widerScope(a: AlertScope, b: AlertScope): AlertScope {
  const opinions = a.opinions || b.opinions;
  if (a.inquiryIds === 'all' || b.inquiryIds === 'all') return { opinions, inquiryIds: 'all' };
  return { opinions, inquiryIds: new Set([...a.inquiryIds, ...b.inquiryIds]) };
}

/** Every alert whose fact holds for the case as of `day`, whether or not it was raised before; in a stable order. */
export function alertsDue(file: CaseFile, day: Day, options: AlertRuleOptions): AlertRaised[] {
  if (!file.opened) return [];
  const asOf = isoFromDay(day);
  const facts = { caseId: file.caseId, country: file.country, asOf };
  const due: AlertRaised[] = [];
  const scope = options.scope ?? EVERY_ALERT;

  for (const opinionId of scope.opinions ? new Set(file.opinions.map((o) => o.opinionId)) : []) {
    const recording = options.casesRecording?.get(opinionId) ?? [file];
    const conflicting = conflictingRecords(opinionId, recording, asOf);
    if (conflicting) due.push(conflicting);
    const view = opinionView(
      opinionId,
      recording.map((f) => withEarliestDates(f, day)),
      day,
    );
    // Partly implemented is still not implemented: the opinion asked for more than the state did.
    if (!view || view.status === 'implemented') continue;
    const { mechanism } = view;
    const status = view.status;
    if (view.followUpOverdue) {
      due.push({
        rule: 'opinion.follow_up_overdue',
        alertId: alertIds.followUpOverdue(file.caseId, opinionId),
        ...facts,
        opinionId,
        mechanism,
        followUpDueOn: view.followUpDueOn,
        status,
      });
    }
    const adoption = dateOf(view.occurredOn);
    for (let years = 1; years <= certainFullYears(adoption, day); years++) {
      due.push({
        rule: 'opinion.unimplemented_anniversary',
        alertId: alertIds.anniversary(file.caseId, opinionId, years),
        ...facts,
        opinionId,
        mechanism,
        years,
        adoptedOn: view.occurredOn,
        anniversaryOn: addMonthsToPartial(adoption, 12 * years),
        status,
      });
    }
  }

  for (const inquiry of caseAsOf(withEarliestDates(inquiriesIn(file, scope.inquiryIds), day), day).inquiries) {
    const waited = inquiry.daysWaited;
    if (inquiry.answered || !waited || waited.min < options.inquiryResponseDays) continue;
    const { inquiryId, to, occurredOn, opinionId } = inquiry.record;
    due.push({
      rule: 'inquiry.unanswered',
      alertId: alertIds.inquiryUnanswered(file.caseId, inquiryId),
      ...facts,
      inquiryId,
      to,
      sentOn: occurredOn,
      ...(opinionId !== undefined && { opinionId }),
      daysWaited: waited,
      responseDays: options.inquiryResponseDays,
    });
  }
  return due;
}

/**
 * Cases that record the opinion with different facts about it: one alert for the opinion, whichever case is judged,
 * whatever the day (the records disagree, not the dates), implemented or not.
 */
function conflictingRecords(opinionId: string, recording: readonly CaseFile[], asOf: string): AlertRaised | undefined {
  if (recording.length < 2) return undefined;
  const records = recording.flatMap((f) =>
    f.opinions.filter((o) => o.opinionId === opinionId).map((record) => ({ caseId: f.caseId, record })),
  );
  const conflicts = conflictsOf(records);
  if (conflicts.length === 0) return undefined;
  const [first] = recording;
  return {
    rule: 'opinion.conflicting_records',
    alertId: alertIds.conflictingRecords(opinionId),
    caseId: first.caseId,
    country: first.country,
    asOf,
    opinionId,
    caseIds: recording.map((f) => f.caseId),
    conflicts,
  };
}

/** The case file with only these inquiries and their outcomes. */
function inquiriesIn(file: CaseFile, inquiryIds: AlertScope['inquiryIds']): CaseFile {
  if (inquiryIds === 'all') return file;
  // Found through an index carried from one version of the lists to the next, not by a scan of every inquiry.
  const only = <T extends { inquiryId: string; revision: number }>(list: T[]) =>
    [...inquiryIds].flatMap((id) => factsWith(list, inquiryIdOf, id)).sort((a, b) => a.revision - b.revision);
  return { ...file, inquiries: only(file.inquiries), inquiryOutcomes: only(file.inquiryOutcomes) };
}

/** Opened case files by each opinion they record, keeping the order of `files`. */
export function casesByOpinion(files: readonly CaseFile[]): Map<string, CaseFile[]> {
  const byOpinion = new Map<string, CaseFile[]>();
  for (const file of files) {
    if (!file.opened) continue;
    for (const opinionId of new Set(file.opinions.map((o) => o.opinionId))) {
      const list = byOpinion.get(opinionId);
      if (list) list.push(file);
      else byOpinion.set(opinionId, [file]);
    }
  }
  return byOpinion;
}

/**
 * The case file with every fact that would keep an alert from holding moved to the first day it may have occurred,
 * when that day is on or before `day`. The views count a fact once it *certainly* occurred; an alert needs the
 * opposite certainty: a release recorded as "2023-09" may already have happened on 26 September, so the opinion is
 * not certainly unimplemented then. Dates that make an alert true (adoption, transmission, inquiry) stay as they are.
 */
export function withEarliestDates(file: CaseFile, day: Day): CaseFile {
  return {
    ...file,
    custody: earliest(file.custody, day, (fact) => fact.kind === 'released'),
    measures: earliest(file.measures, day),
    followUpReplies: earliest(file.followUpReplies, day),
    inquiryOutcomes: earliest(file.inquiryOutcomes, day, (outcome) => outcome.kind === 'response'),
  };
}

function earliest<T extends { occurredOn: string }>(facts: T[], day: Day, applies: (fact: T) => boolean = () => true) {
  let moved: T[] | undefined;
  facts.forEach((fact, i) => {
    const date = dateOf(fact.occurredOn);
    if (date.first === date.last || date.first > day || !applies(fact)) return;
    (moved ??= [...facts])[i] = { ...fact, occurredOn: isoFromDay(date.first) };
  });
  // Most facts carry exact days: returning the same array keeps the file as cheap to judge as the views make it.
  return moved ?? facts;
}

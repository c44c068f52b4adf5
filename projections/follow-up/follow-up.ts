/**
 * The follow-up submission of an opinion as of a day (GET /opinions/{opinionId}/follow-up): what the UN asks a source
 * or a state to report after an opinion — release, compensation, investigation, legislation, anything else — answered
 * from the recorded facts, each with its sources. Statuses, grade and custody are the opinion view's (the projection's
 * rules, not recomputed here); this module only gathers the facts behind them and says them in words.
 */
import type { Call } from '../../domain/case/case.events';
import type { CaseFile } from '../../domain/case/case-file';
import { isoFromDay, type Day } from '../../domain/calendar/calendar-day';
import { caseAsOf, type CaseAsOf } from '../views/as-of';
import { opinionView, type ImplementationStatus, type OpinionView } from '../views/opinion.view';
import { FactWriter, type CoveredPeople } from './follow-up.facts';
import { SourceNotes } from './follow-up.sources';
import { gradeReason, summaryOf } from './follow-up.summaries';
import type { FollowUpInquiry, FollowUpQuestion, FollowUpSubmission, QuestionKey } from './follow-up.types';

export type { FollowUpFact } from './follow-up.facts';
export type { NumberedSource } from './follow-up.sources';
export type * from './follow-up.types';

/** The WGAD's five follow-up questions, in its order, and the calls each one reports on. */
export const QUESTIONS: ReadonlyArray<{ key: QuestionKey; calls: readonly Call[]; question: string }> = [
  { key: 'release', calls: ['release'], question: 'Has the person been released and, if so, on what date?' },
  {
    key: 'compensation',
    calls: ['compensation'],
    question: 'Has compensation or other reparations been made to the victim?',
  },
  {
    key: 'investigation',
    calls: ['investigation', 'accountability'],
    question:
      'Has an investigation been conducted into the violation of the rights of the victim and, if so, with what outcome, including measures against those responsible?',
  },
  {
    key: 'legislation',
    calls: ['legislative_review'],
    question:
      'Have any legislative amendments or changes in practice been made to bring laws and practices into line with the opinion?',
  },
  { key: 'other', calls: ['other'], question: 'Has any other action been taken to implement the opinion?' },
];

/** `files`: the whole case files (sources and texts included), in caseId order as the read side gives them. */
export function followUpSubmission(
  opinionId: string,
  files: readonly CaseFile[],
  asOf: Day,
): FollowUpSubmission | undefined {
  const recording = files.filter((file) => file.opinions.some((o) => o.opinionId === opinionId));
  const view = opinionView(opinionId, recording, asOf);
  if (!view) return undefined;
  const states = recording.map((file) => caseAsOf(file, asOf));
  const writer = new FactWriter(states, coveredPeople(view));
  const questions = QUESTIONS.map(({ key, calls, question }) => {
    const answered = view.calls.filter((c) => calls.includes(c.call));
    const facts =
      key === 'release'
        ? writer.release()
        : key === 'other'
          ? writer.other(opinionId)
          : writer.measures(opinionId, calls);
    const status = answered.length ? combined(answered.map((c) => c.status)) : null;
    const partial: Omit<FollowUpQuestion, 'summary'> = {
      key,
      question,
      asked: answered.length > 0,
      status,
      calls: answered,
      facts,
    };
    return { ...partial, summary: summaryOf(partial, view, states, asOf) };
  });
  const inquiries = inquiriesOf(states, opinionId);

  // Notes are numbered in the order the document cites them: the opinion, each question's facts, the inquiries.
  const notes = new SourceNotes(recording);
  const first = recording.find((f) => f.opinions.some((o) => o.opinionId === opinionId))!;
  const adoptionSources = notes.cite(first.caseId, first.opinions.find((o) => o.opinionId === opinionId)!.revision);
  for (const fact of questions.flatMap((q) => q.facts)) fact.sources = notes.cite(fact.caseId, fact.revision);
  for (const inquiry of inquiries) inquiry.sources = citeInquiry(notes, states, inquiry);

  return {
    opinionId,
    mechanism: view.mechanism,
    country: view.countries[0] ?? '',
    countries: view.countries,
    caseIds: view.caseIds,
    adoptedOn: view.occurredOn,
    ...(view.transmittedOn !== undefined && { transmittedOn: view.transmittedOn }),
    followUpDueOn: view.followUpDueOn,
    followUpOverdue: view.followUpOverdue,
    asOf: isoFromDay(asOf),
    status: view.status,
    grade: view.grade,
    gradeReason: gradeReason(view),
    daysSinceAdoption: view.daysSinceAdoption,
    people: view.people,
    custody: view.custody,
    conflicts: view.conflicts,
    adoptionSources,
    questions,
    inquiries,
    sources: notes.list(),
  };
}

function coveredPeople(view: OpinionView): CoveredPeople {
  const covered = new Map<string, Set<string>>();
  for (const { caseId, personId } of view.people) covered.set(caseId, (covered.get(caseId) ?? new Set()).add(personId));
  return covered;
}

/** Several calls under one question: implemented when all are, not implemented when none has moved. */
function combined(statuses: ImplementationStatus[]): ImplementationStatus {
  if (statuses.every((s) => s === 'implemented')) return 'implemented';
  if (statuses.every((s) => s === 'not_implemented')) return 'not_implemented';
  return 'partially_implemented';
}

/** Inquiries about this opinion, and those of its cases that name no opinion (asked about the case as a whole). */
function inquiriesOf(states: readonly CaseAsOf[], opinionId: string): FollowUpInquiry[] {
  return states.flatMap((state) =>
    state.inquiries
      .filter((i) => i.record.opinionId === undefined || i.record.opinionId === opinionId)
      .map((i) => ({
        inquiryId: i.record.inquiryId,
        caseId: state.file.caseId,
        to: i.record.to,
        channel: i.record.channel,
        sentOn: i.record.occurredOn,
        answered: i.answered,
        ...(i.answeredOn !== undefined && { answeredOn: i.answeredOn }),
        ...responseOf(state, i.record.inquiryId),
        ...(i.daysWaited !== undefined && { daysWaited: i.daysWaited }),
        sources: [],
      })),
  );
}

/** What the authority answered, as recorded: the first response that counts as of the day. */
function responseOf(state: CaseAsOf, inquiryId: string): { response?: string } {
  const response = state.file.inquiryOutcomes.find(
    (o) => o.inquiryId === inquiryId && o.kind === 'response' && !state.notYet.has(o.revision),
  );
  return response?.summary ? { response: response.summary } : {};
}

/** An inquiry rests on the record of its sending and on the record of its answer, or of the silence that followed. */
function citeInquiry(notes: SourceNotes, states: readonly CaseAsOf[], inquiry: FollowUpInquiry): number[] {
  const state = states.find((s) => s.file.caseId === inquiry.caseId)!;
  const revisions = [
    ...state.file.inquiries.filter((r) => r.inquiryId === inquiry.inquiryId),
    ...state.file.inquiryOutcomes.filter((r) => r.inquiryId === inquiry.inquiryId && !state.notYet.has(r.revision)),
  ].map((r) => r.revision);
  return [...new Set(revisions.flatMap((revision) => notes.cite(inquiry.caseId, revision)))];
}

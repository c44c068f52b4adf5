/**
 * One case as its dashboard page shows it (GET /cases/{caseId}) and as a row of the case list (GET /cases).
 */
import type { CaseFile, CustodyFact, SourcesRecord } from '../../domain/case/case-file';
import { nextCustody, type Custody } from '../../domain/case/custody';
import type { Day } from '../../domain/calendar/calendar-day';
import type { DayRange, DueRange } from '../../domain/calendar/partial-date';
import type { Channel, Mechanism } from '../../domain/case/case.events';
import { caseAsOf, compareDates, followUpDueOn, spanOf, type CaseAsOf, type DateSpan } from './as-of';

export interface SubjectView {
  personId: string;
  name: string;
  custody: Custody;
}

export interface CaseSummary {
  caseId: string;
  title: string;
  country: string;
  revision: number;
  subjects: SubjectView[];
  opinions: string[];
}

export interface CaseInquiryView {
  inquiryId: string;
  to: string;
  channel: Channel;
  question: string;
  occurredOn: string;
  opinionId?: string;
  answered: boolean;
  answeredOn?: string;
  /** Only while unanswered, and only when the view is computed as of a day. */
  daysWaited?: DayRange;
}

type WithoutDate<T> = T extends unknown ? Omit<T, 'personId' | 'occurredOn'> : never;
/**
 * A custody fact of the person, with its date as a span; `revision` points into the case history. `custodyAfter` is
 * where the person stands after it, folding the facts in the timeline's date order, so a drawing can colour each
 * stretch of time without knowing the custody rules.
 */
export type TimelineFact = WithoutDate<CustodyFact> & { on: DateSpan; custodyAfter: Custody };

export interface TimelineOpinion {
  opinionId: string;
  mechanism: Mechanism;
  adoptedOn: DateSpan;
  transmittedOn?: DateSpan;
  followUpDueOn: DueRange;
}

export interface PersonTimeline extends SubjectView {
  /** In date order (earliest possible day first), then in recording order. */
  facts: TimelineFact[];
  opinions: TimelineOpinion[];
}

export interface CaseView extends CaseSummary {
  inquiries: CaseInquiryView[];
  timeline: PersonTimeline[];
  sources: SourcesRecord[];
  /** Present when the view was asked with a limit: how much of each growing list it shows (see `caseView`). */
  listed?: Listed;
}

/** Of a growing list: how many entries the view shows, and how many there are. */
export interface ListedCount {
  shown: number;
  total: number;
}

export interface Listed {
  inquiries: ListedCount;
  sources: ListedCount;
  /** Each person's custody facts, by personId. */
  facts: Record<string, ListedCount>;
}

/**
 * As of `asOf`, only facts that certainly occurred on or before it count (undated ones, like the opening, always do),
 * and opinions appear once their adoption possibly occurred; without `asOf`, everything recorded counts.
 */
export function caseSummary(file: CaseFile, asOf?: Day): CaseSummary {
  return caseSummaryOf(caseAsOf(file, asOf));
}

/**
 * With `limit`, each list that grows with the case (its inquiries, its sources, each person's custody facts) keeps
 * only its `limit` most recently recorded entries, in their usual order, and `listed` says how many there are: a case
 * followed for decades stays a page of a few tens of kilobytes; every event is in the case's history.
 */
export function caseView(file: CaseFile, asOf?: Day, limit?: number): CaseView {
  const whole = wholeCaseView(file, asOf);
  const withoutRevision = (list: typeof whole.inquiries) => list.map(({ revision: _revision, ...inquiry }) => inquiry);
  if (limit === undefined) return { ...whole, inquiries: withoutRevision(whole.inquiries) };
  const inquiries = newest(whole.inquiries, limit, (i) => i.revision);
  const sources = newest(whole.sources, limit, (s) => s.revision);
  const facts: Record<string, ListedCount> = {};
  const timeline = whole.timeline.map((person) => {
    const kept = newest(person.facts, limit, (f) => f.revision);
    facts[person.personId] = { shown: kept.length, total: person.facts.length };
    return kept === person.facts ? person : { ...person, facts: kept };
  });
  return {
    ...whole,
    inquiries: withoutRevision(inquiries),
    timeline,
    sources,
    listed: {
      inquiries: { shown: inquiries.length, total: whole.inquiries.length },
      sources: { shown: sources.length, total: whole.sources.length },
      facts,
    },
  };
}

/** The `limit` entries of the highest revisions, in the list's order; the list itself when it is no longer. */
function newest<T>(list: T[], limit: number, revisionOf: (entry: T) => number): T[] {
  if (list.length <= limit) return list;
  const cut = list.map(revisionOf).sort((a, b) => b - a)[limit - 1];
  return list.filter((entry) => revisionOf(entry) >= cut).slice(-limit);
}

type WholeCaseView = Omit<CaseView, 'inquiries'> & { inquiries: Array<CaseInquiryView & { revision: number }> };

function wholeCaseView(file: CaseFile, asOf?: Day): WholeCaseView {
  const state = caseAsOf(file, asOf);
  return {
    ...caseSummaryOf(state),
    inquiries: state.inquiries.map(({ record, answered, answeredOn, daysWaited }) => ({
      revision: record.revision,
      inquiryId: record.inquiryId,
      to: record.to,
      channel: record.channel,
      question: record.question,
      occurredOn: record.occurredOn,
      ...(record.opinionId !== undefined && { opinionId: record.opinionId }),
      answered,
      ...(answeredOn !== undefined && { answeredOn }),
      ...(daysWaited !== undefined && { daysWaited }),
    })),
    timeline: timelineOf(state),
    sources: file.sources.filter((s) => !state.notYet.has(s.revision)),
  };
}

/** The same from the case as of a day already read, for callers that make other views from that reading too. */
export function caseSummaryOf(state: CaseAsOf): CaseSummary {
  const { file } = state;
  return {
    caseId: file.caseId,
    title: file.title,
    country: file.country,
    revision: file.revision,
    subjects: file.subjects.map(({ personId, name }) => ({ personId, name, custody: custodyIn(state, personId) })),
    opinions: state.opinions.map((o) => o.opinionId),
  };
}

const custodyIn = (state: CaseAsOf, personId: string): Custody => state.custody.get(personId) ?? 'at_liberty';

function timelineOf(state: CaseAsOf): PersonTimeline[] {
  const facts = new Map<string, Array<{ fact: CustodyFact; on: DateSpan }>>();
  for (const fact of state.custodyFacts) {
    const list = facts.get(fact.personId) ?? [];
    list.push({ fact, on: spanOf(fact.occurredOn) });
    facts.set(fact.personId, list);
  }
  const opinions = state.opinions.map((o) => ({
    covers: new Set(o.personIds),
    view: {
      opinionId: o.opinionId,
      mechanism: o.mechanism,
      adoptedOn: spanOf(o.occurredOn),
      ...(o.transmittedOn !== undefined && { transmittedOn: spanOf(o.transmittedOn) }),
      followUpDueOn: followUpDueOn(o),
    },
  }));
  return state.file.subjects.map(({ personId, name }) => {
    let custody: Custody = 'at_liberty';
    return {
      personId,
      name,
      custody: custodyIn(state, personId),
      facts: (facts.get(personId) ?? [])
        .sort((a, b) => compareDates(a.fact.occurredOn, b.fact.occurredOn) || a.fact.revision - b.fact.revision)
        .map(({ fact, on }) => {
          custody = nextCustody(custody, fact);
          return { ...withoutDate(fact), on, custodyAfter: custody };
        }),
      opinions: opinions.filter((o) => o.covers.has(personId)).map((o) => o.view),
    };
  });
}

function withoutDate(fact: CustodyFact): WithoutDate<CustodyFact> {
  const { personId: _personId, occurredOn: _occurredOn, ...rest } = fact;
  return rest;
}

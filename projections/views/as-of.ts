/**
 * What a case file says as of a day, computed in one pass per fact list so that every view (case, opinions,
 * authorities, countries) reads the same facts the same way. A dated fact counts only when it certainly occurred on or
 * before the day; an opinion exists as soon as its adoption possibly occurred (see README.md in this folder).
 */
import type { CaseFile, CustodyFact, InquiryRecord, MeasureRecord, OpinionRecord } from '../../domain/case/case-file';
import { certainInOrder, nextCustody, type Custody } from '../../domain/case/custody';
import { isoFromDay, MAX_DAY, MIN_DAY, type Day } from '../../domain/calendar/calendar-day';
import {
  addMonthsToPartial,
  compareByFirstDay,
  daysBetween,
  parsePartialDate,
  type DayRange,
  type DueRange,
  type PartialDate,
} from '../../domain/calendar/partial-date';
import type { SentenceKind } from '../../domain/case/case.events';

// Views run on every query over thousands of opinions, and the same few thousand date strings recur in all of them:
// parsing each once for the life of the process is the cheapest plan. The cap only guards against unbounded growth.
const parsed = new Map<string, PartialDate>();
const MAX_PARSED = 50_000;

export function dateOf(text: string): PartialDate {
  let date = parsed.get(text);
  if (date === undefined) {
    date = parsePartialDate(text);
    if (parsed.size >= MAX_PARSED) parsed.clear();
    parsed.set(text, date);
  }
  return date;
}

/**
 * A full date (`YYYY-MM-DD`, the only recorded form ten characters long) is one day, and four-digit years make text
 * order day order: most facts are compared as text, without a lookup. Every case read as of a new day asks this of
 * each of its facts, hundreds of thousands of times at world scale.
 */
const FULL_DATE_LENGTH = 10;
let lastAsOf: { day: Day; iso: string | undefined } | undefined;

/** The day as a full date, when it has one (days outside years 0001–9999 have none and compare by number). */
function isoOf(day: Day): string | undefined {
  if (lastAsOf?.day !== day) lastAsOf = { day, iso: day >= MIN_DAY && day <= MAX_DAY ? isoFromDay(day) : undefined };
  return lastAsOf.iso;
}

/** Without a day, everything recorded counts: the case as it stands. */
export function certainlyBy(text: string, asOf: Day | undefined): boolean {
  if (asOf === undefined) return true;
  const iso = text.length === FULL_DATE_LENGTH ? isoOf(asOf) : undefined;
  return iso === undefined ? dateOf(text).last <= asOf : text <= iso;
}

export function possiblyBy(text: string, asOf: Day | undefined): boolean {
  if (asOf === undefined) return true;
  const iso = text.length === FULL_DATE_LENGTH ? isoOf(asOf) : undefined;
  return iso === undefined ? dateOf(text).first <= asOf : text <= iso;
}

/** A partial date as recorded, with the first and last day it may stand for, so an uncertain date draws as a span. */
export interface DateSpan {
  text: string;
  first: string;
  last: string;
}

export function spanOf(text: string): DateSpan {
  const date = dateOf(text);
  return { text, first: isoFromDay(date.first), last: isoFromDay(date.last) };
}

/** The state has `followUpMonths` from transmission (or, when that is not known, from adoption) to report back. */
export function followUpDueOn(
  opinion: Pick<OpinionRecord, 'occurredOn' | 'transmittedOn' | 'followUpMonths'>,
): DueRange {
  return addMonthsToPartial(dateOf(opinion.transmittedOn ?? opinion.occurredOn), opinion.followUpMonths);
}

/** Plain code-unit order: the same on every server, whatever its locale. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const compareDates = (a: string, b: string): number => compareByFirstDay(dateOf(a), dateOf(b));

export const earlier = (a: PartialDate, b: PartialDate): PartialDate => (compareByFirstDay(a, b) <= 0 ? a : b);

/** The one that may have happened last: what "completed" a set of facts, as far as the dates can tell. */
export const later = (a: PartialDate, b: PartialDate): PartialDate =>
  (a.last - b.last || a.first - b.first) >= 0 ? a : b;

/** The longest of several waits lies between the longest shortest-possible and the longest longest-possible wait. */
export const longest = (a: DayRange | null, b: DayRange): DayRange =>
  a === null ? b : { min: Math.max(a.min, b.min), max: Math.max(a.max, b.max) };

export interface InquiryState {
  caseId: string;
  record: InquiryRecord;
  answered: boolean;
  /** The earliest response that certainly came by the day. */
  answeredOn?: string;
  /** Only while unanswered, and only as of a day. */
  daysWaited?: DayRange;
}

export interface CaseAsOf {
  file: CaseFile;
  asOf: Day | undefined;
  names: ReadonlyMap<string, string>;
  custody: ReadonlyMap<string, Custody>;
  custodyFacts: CustodyFact[];
  /**
   * Per person, the release in force that complies with a release call (any basis but sentence_completed): none once
   * an arrest or a conviction to custody came after it, until a later release.
   */
  releases: ReadonlyMap<string, PartialDate>;
  /**
   * Per person, the dates of denied release requests, of convictions and of arrests after a release: measures contrary
   * to an opinion.
   */
  setbacks: ReadonlyMap<string, PartialDate[]>;
  /** Opinions possibly adopted by the day. */
  opinions: OpinionRecord[];
  measures: ReadonlyMap<string, MeasureRecord[]>;
  replied: ReadonlySet<string>;
  inquiries: InquiryState[];
  /** Revisions whose dated fact does not count as of the day: their sources are not shown either. */
  notYet: ReadonlySet<number>;
}

// Most cases have no measures, replies, requests or inquiries: sharing empty collections keeps the garbage collector,
// not the arithmetic, from being what a query over thousands of cases spends its time on.
const NOTHING: ReadonlyMap<never, never> = new Map<never, never>();
const NONE: ReadonlySet<never> = new Set<never>();
const TO_CUSTODY: ReadonlySet<SentenceKind> = new Set(['imprisonment', 'restricted_freedom']);

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function caseAsOf(file: CaseFile, asOf?: Day): CaseAsOf {
  let notYet: Set<number> | undefined;
  const counts = (fact: { occurredOn: string; revision: number }) => {
    const yes = certainlyBy(fact.occurredOn, asOf);
    if (!yes) (notYet ??= new Set()).add(fact.revision);
    return yes;
  };
  const names = new Map<string, string>();
  const custody = new Map<string, Custody>();
  for (const { personId, name } of file.subjects) {
    names.set(personId, name);
    custody.set(personId, 'at_liberty');
  }
  const releases = new Map<string, PartialDate>();
  const setbacks = new Map<string, PartialDate[]>();

  // Certainty follows order: a fact before a certain one of the same person counts too, and shows its sources.
  const custodyFacts = asOf === undefined ? file.custody : certainInOrder(file.custody, counts);
  if (notYet) for (const fact of custodyFacts) notYet.delete(fact.revision);
  /** People released at least once, on any basis: an arrest after that is a re-detention. */
  let freed: Set<string> | undefined;
  for (const fact of custodyFacts) {
    const { personId } = fact;
    custody.set(personId, nextCustody(custody.get(personId) ?? 'at_liberty', fact));
    if (fact.kind === 'released') {
      (freed ??= new Set()).add(personId);
      // The release in force: the first of a stretch of freedom; a later one after a re-detention restores the call.
      if (fact.basis !== 'sentence_completed' && !releases.has(personId))
        releases.set(personId, dateOf(fact.occurredOn));
      continue;
    }
    // Contrary to an opinion (grade E, once certainly after its adoption): any conviction, and an arrest after a release.
    if (fact.kind === 'convicted' || (fact.kind === 'arrested' && freed?.has(personId)))
      push(setbacks, personId, dateOf(fact.occurredOn));
    // Re-detention: an arrest, or a conviction to custody, after a release undoes it for the release call.
    if (fact.kind === 'arrested' || (fact.kind === 'convicted' && TO_CUSTODY.has(fact.sentence)))
      releases.delete(personId);
  }

  if (file.requests.length || file.decisions.length) {
    // A decision certainly made proves its request was made, so the request is looked up among all of them.
    const requester = new Map(file.requests.map((r) => [r.requestId, r.personId]));
    for (const request of file.requests) counts(request); // only so that sources of requests not yet made stay hidden
    for (const decision of file.decisions) {
      const personId = requester.get(decision.requestId);
      if (counts(decision) && decision.outcome === 'denied' && personId !== undefined) {
        push(setbacks, personId, dateOf(decision.occurredOn));
      }
    }
  }

  const opinions = file.opinions.filter((o) => {
    const yes = possiblyBy(o.occurredOn, asOf);
    if (!yes) (notYet ??= new Set()).add(o.revision);
    return yes;
  });
  let measures: ReadonlyMap<string, MeasureRecord[]> = NOTHING;
  if (file.measures.length) {
    const byOpinion = new Map<string, MeasureRecord[]>();
    for (const measure of file.measures) if (counts(measure)) push(byOpinion, measure.opinionId, measure);
    measures = byOpinion;
  }
  const replied = file.followUpReplies.length
    ? new Set(file.followUpReplies.filter(counts).map((r) => r.opinionId))
    : NONE;
  // Inquiries are most of a long case and only some views read them (not /opinions): worked out on first use. The
  // revisions they leave out belong to notYet, so notYet waits for them too.
  let inquiries: InquiryState[] | undefined = file.inquiries.length ? undefined : [];
  const inquiriesNow = () => (inquiries ??= inquiriesOf(file, asOf, counts));

  return {
    file,
    asOf,
    names,
    custody,
    custodyFacts,
    releases: releases.size ? releases : NOTHING,
    setbacks: setbacks.size ? setbacks : NOTHING,
    opinions,
    measures,
    replied,
    get inquiries() {
      return inquiriesNow();
    },
    get notYet() {
      inquiriesNow();
      return notYet ?? NONE;
    },
  };
}

/**
 * How many inquiries the case had sent by the day without a response by then: `inquiries` of caseAsOf, counted
 * without the state of each (the countries need only the number, for every case, on every new day).
 */
export function unansweredInquiries(file: CaseFile, asOf: Day | undefined): number {
  if (file.inquiries.length === 0) return 0;
  const heardOf = new Set<string>();
  const answered = new Set<string>();
  for (const outcome of file.inquiryOutcomes) {
    if (!certainlyBy(outcome.occurredOn, asOf)) continue;
    heardOf.add(outcome.inquiryId);
    if (outcome.kind === 'response') answered.add(outcome.inquiryId);
  }
  let count = 0;
  for (const { inquiryId, occurredOn } of file.inquiries) {
    if (answered.has(inquiryId)) continue;
    if (heardOf.has(inquiryId) || certainlyBy(occurredOn, asOf)) count++;
  }
  return count;
}

function inquiriesOf(
  file: CaseFile,
  asOf: Day | undefined,
  counts: (fact: { occurredOn: string; revision: number }) => boolean,
): InquiryState[] {
  const answeredOn = new Map<string, PartialDate>();
  // Any outcome certainly recorded by the day (even "no response") proves the inquiry had been sent by then.
  const heardOf = new Set<string>();
  for (const outcome of file.inquiryOutcomes) {
    if (!counts(outcome)) continue;
    heardOf.add(outcome.inquiryId);
    if (outcome.kind !== 'response') continue;
    const known = answeredOn.get(outcome.inquiryId);
    const date = dateOf(outcome.occurredOn);
    answeredOn.set(outcome.inquiryId, known ? earlier(known, date) : date);
  }
  const out: InquiryState[] = [];
  for (const record of file.inquiries) {
    if (!heardOf.has(record.inquiryId) && !counts(record)) continue;
    const answer = answeredOn.get(record.inquiryId);
    const state: InquiryState = { caseId: file.caseId, record, answered: answer !== undefined };
    if (answer) state.answeredOn = answer.text;
    else if (asOf !== undefined) state.daysWaited = daysBetween(dateOf(record.occurredOn), asOf);
    out.push(state);
  }
  return out;
}

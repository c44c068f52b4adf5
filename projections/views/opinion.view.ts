/**
 * UN opinions with the status of each call, the opinion's status and grade, day counts and the custody of the people it
 * covers, as of a day (GET /opinions, GET /opinions/{opinionId}). Rules: domain.md, "Projections".
 */
import { conflictsOf, type OpinionConflict } from '../../domain/case/opinion-facts';
import type { CaseFile, OpinionRecord } from '../../domain/case/case-file';
import type { Custody } from '../../domain/case/custody';
import type { Day } from '../../domain/calendar/calendar-day';
import { daysBetween, type DayRange, type DueRange, type PartialDate } from '../../domain/calendar/partial-date';
import type { Call, Mechanism } from '../../domain/case/case.events';
import { caseAsOf, compareText, dateOf, earlier, followUpDueOn, later, type CaseAsOf } from './as-of';

export type ImplementationStatus = 'not_implemented' | 'partially_implemented' | 'implemented';
export type Grade = 'A' | 'B' | 'C' | 'D' | 'E';

export interface CallView {
  call: Call;
  status: ImplementationStatus;
  /** From adoption to the day, while the call is not implemented. */
  daysOutstanding?: DayRange;
  /** The date of the fact that completed the call, once it is implemented. */
  implementedOn?: string;
}

export interface CoveredPersonView {
  caseId: string;
  personId: string;
  name: string;
  custody: Custody;
}

export interface OpinionView {
  opinionId: string;
  mechanism: Mechanism;
  caseIds: string[];
  countries: string[];
  occurredOn: string;
  transmittedOn?: string;
  status: ImplementationStatus;
  grade: Grade;
  daysSinceAdoption: DayRange;
  followUpDueOn: DueRange;
  followUpOverdue: boolean;
  calls: CallView[];
  /** How many of the covered people are in each custody state. */
  custody: Record<Custody, number>;
  people: CoveredPersonView[];
  /**
   * Where the cases that record the opinion disagree on its mechanism, adoption, transmission or follow-up period:
   * the figures above use the first case's values, and this says they are disputed. Empty when they agree.
   */
  conflicts: OpinionConflict[];
}

/**
 * Every opinion over all cases, one entry per opinionId, oldest adoption first. `files` should come in the order the
 * cases were recorded: the first case that records an opinion gives its mechanism, adoption date and follow-up period.
 */
export function opinionViews(files: readonly CaseFile[], asOf: Day): OpinionView[] {
  // A case with no opinion adds nothing: it is not worked out as of the day at all.
  return opinionViewsOf(
    files.filter((file) => file.opinions.length > 0).map((file) => caseAsOf(file, asOf)),
    asOf,
  );
}

export function opinionView(opinionId: string, files: readonly CaseFile[], asOf: Day): OpinionView | undefined {
  const recording = files.filter((file) => file.opinions.some((o) => o.opinionId === opinionId));
  return opinionViewsOf(
    recording.map((file) => caseAsOf(file, asOf)),
    asOf,
    opinionId,
  )[0];
}

interface Recording {
  state: CaseAsOf;
  record: OpinionRecord;
}

interface Covered {
  key: string;
  state: CaseAsOf;
  personId: string;
}

/** For views that already hold the cases as of the day (compliance by country). */
export function opinionViewsOf(cases: readonly CaseAsOf[], asOf: Day, onlyOpinionId?: string): OpinionView[] {
  const byOpinion = new Map<string, Recording[]>();
  for (const state of cases) {
    for (const record of state.file.opinions) {
      if (onlyOpinionId !== undefined && record.opinionId !== onlyOpinionId) continue;
      const list = byOpinion.get(record.opinionId);
      if (list) list.push({ state, record });
      else byOpinion.set(record.opinionId, [{ state, record }]);
    }
  }
  const views: Array<{ view: OpinionView; adoption: PartialDate }> = [];
  for (const [opinionId, recordings] of byOpinion) {
    const adoption = dateOf(recordings[0].record.occurredOn);
    // An opinion shows from the first day it may have been adopted; its day counts then start at zero.
    if (adoption.first <= asOf) views.push({ view: viewOf(opinionId, recordings, adoption, asOf), adoption });
  }
  return views
    .sort((a, b) => a.adoption.first - b.adoption.first || compareText(a.view.opinionId, b.view.opinionId))
    .map(({ view }) => view);
}

function viewOf(opinionId: string, recordings: Recording[], adoption: PartialDate, asOf: Day): OpinionView {
  const first = recordings[0].record;
  // A later case may know the transmission date the first one lacked; it moves the follow-up deadline.
  const transmittedOn = recordings.find((r) => r.record.transmittedOn !== undefined)?.record.transmittedOn;
  const due = followUpDueOn({ occurredOn: first.occurredOn, transmittedOn, followUpMonths: first.followUpMonths });
  const replied = recordings.some((r) => r.state.replied.has(opinionId));
  const followUpOverdue = asOf > dateOf(due.latest).last && !replied;

  const people = coveredBy(recordings);
  const daysSinceAdoption = daysBetween(adoption, asOf);
  const progress = { opinionId, recordings, people, daysSinceAdoption, covered: undefined };
  const calls = distinct(recordings, (r) => r.record.calls).map((call) => callView(call, progress));
  const status = overall(calls);
  const contrary = people.some(({ state, personId }) =>
    state.setbacks.get(personId)?.some((date) => date.first > adoption.last),
  );

  const custody: Record<Custody, number> = {
    at_liberty: 0,
    detained: 0,
    imprisoned: 0,
    restricted_freedom: 0,
    released: 0,
  };
  const peopleViews = people.map(({ state, personId }) => {
    const now = state.custody.get(personId) ?? 'at_liberty';
    custody[now]++;
    return { caseId: state.file.caseId, personId, name: state.names.get(personId) ?? personId, custody: now };
  });

  return {
    opinionId,
    mechanism: first.mechanism,
    caseIds: distinct(recordings, (r) => [r.state.file.caseId]),
    countries: distinct(recordings, (r) => [r.state.file.country]),
    occurredOn: first.occurredOn,
    ...(transmittedOn !== undefined && { transmittedOn }),
    status,
    grade: gradeOf(status, contrary, followUpOverdue),
    daysSinceAdoption,
    followUpDueOn: due,
    followUpOverdue,
    calls,
    custody,
    people: peopleViews,
    conflicts:
      recordings.length < 2
        ? []
        : conflictsOf(recordings.map(({ state, record }) => ({ caseId: state.file.caseId, record }))),
  };
}

/** Nearly every opinion is recorded in one case: that case's values need no de-duplication. */
function distinct<T>(recordings: Recording[], values: (r: Recording) => readonly T[]): T[] {
  if (recordings.length === 1) return [...values(recordings[0])];
  return [...new Set(recordings.flatMap(values))];
}

/** The union of the people each case says the opinion covers; a person is their case plus their personId. */
function coveredBy(recordings: Recording[]): Covered[] {
  const seen = new Map<string, Covered>();
  for (const { state, record } of recordings) {
    for (const personId of record.personIds) {
      const key = personKey(state.file.caseId, personId);
      if (!seen.has(key)) seen.set(key, { key, state, personId });
    }
  }
  return [...seen.values()];
}

const personKey = (caseId: string, personId: string) => `${caseId}\u0000${personId}`;

interface Progress {
  opinionId: string;
  recordings: Recording[];
  people: Covered[];
  daysSinceAdoption: DayRange;
  /** Built on the first measure that names people, shared by the opinion's calls. */
  covered: Set<string> | undefined;
}

function callView(call: Call, progress: Progress): CallView {
  const { opinionId, recordings, people } = progress;
  /** When each covered person first counted as complied with. */
  const counted = new Map<string, PartialDate>();
  let whole: PartialDate | undefined;
  let partial = false;
  if (call === 'release') {
    for (const { key, state, personId } of people) {
      const released = state.releases.get(personId);
      if (released) counted.set(key, released);
    }
  } else {
    for (const { state } of recordings) {
      for (const measure of state.measures.get(opinionId) ?? []) {
        if (measure.call !== call) continue;
        const date = dateOf(measure.occurredOn);
        if (measure.extent === 'partial') partial = true;
        else if (!measure.personIds?.length) whole = whole ? earlier(whole, date) : date;
        else {
          const covered = (progress.covered ??= new Set(people.map((p) => p.key)));
          for (const personId of measure.personIds) {
            const key = personKey(state.file.caseId, personId);
            if (!covered.has(key)) continue;
            const known = counted.get(key);
            counted.set(key, known ? earlier(known, date) : date);
          }
        }
      }
    }
  }
  // An opinion covering nobody cannot be complied with person by person: only a measure for the whole call counts.
  const everyone = people.length > 0 && counted.size === people.length;
  const lastPerson = everyone ? [...counted.values()].reduce(later) : undefined;
  const done = whole && lastPerson ? earlier(whole, lastPerson) : (whole ?? lastPerson);
  if (done) return { call, status: 'implemented', implementedOn: done.text };
  const status = counted.size > 0 || partial ? 'partially_implemented' : 'not_implemented';
  return { call, status, daysOutstanding: { ...progress.daysSinceAdoption } };
}

function overall(calls: CallView[]): ImplementationStatus {
  if (calls.every((c) => c.status === 'implemented')) return 'implemented';
  if (calls.every((c) => c.status === 'not_implemented')) return 'not_implemented';
  return 'partially_implemented';
}

/** First match wins, as in the Human Rights Committee's follow-up assessment. */
function gradeOf(status: ImplementationStatus, contrary: boolean, followUpOverdue: boolean): Grade {
  if (status === 'implemented') return 'A';
  if (contrary) return 'E';
  if (status === 'partially_implemented') return 'B';
  if (followUpOverdue) return 'D';
  return 'C';
}

/**
 * Generated cases shaped like the domain (shared/spec/domain.md): a case opened with a few subjects,
 * arrests, convictions, a UN opinion for every second case, release requests and decisions,
 * transfers, releases, implementation measures, follow-up replies, many inquiries with their
 * answers or recorded silences, and now and then a correction. Every event is valid under the
 * decider's rules (bench/dataset/domain-events.spec.ts proves it on a sample), dates only move
 * forward within a case and none is after `today`. Each case has its own seeded generator, so a
 * case is the same whatever else is generated and in whatever order.
 */
import { dayFromIso, isoFromDay, type Day } from '../../projections/dates/calendar-day';
import { nextCustody, type Custody } from '../../projections/case-file/custody';
import type {
  Call,
  CaseEvent,
  CaseEventOf,
  Mechanism,
  ReleaseBasis,
  SentenceKind,
  Source,
} from '../../src/cases/case.events';
import { Rng } from './rng';
import * as words from './words';

export interface DatasetOptions {
  seed: number;
  cases: number;
  /** Total over all cases, met exactly. */
  events: number;
  /** No date is after this day (YYYY-MM-DD): the server runs with NOW set to it. */
  today: string;
}

export interface GeneratedCase {
  index: number;
  caseId: string;
  events: CaseEvent[];
  opinionId?: string;
}

/** Fewest events a case can have: opened, arrested, convicted, and the opinion when it has one. */
const MIN_EVENTS = 4;
const FIRST_START = dayFromIso('2010-01-01');
const LAST_START = dayFromIso('2019-12-31');

/** How many events each case gets: the average, varied by ±50 %, adding up exactly to `events`. */
export function eventCounts(options: DatasetOptions): number[] {
  const { cases, events, seed } = options;
  if (events < cases * MIN_EVENTS) throw new RangeError(`need at least ${MIN_EVENTS} events per case`);
  const rng = new Rng(seed ^ 0x5eed);
  const average = events / cases;
  const counts = Array.from({ length: cases }, () => Math.max(MIN_EVENTS, Math.round(average * (0.5 + rng.next()))));
  let difference = events - counts.reduce((sum, n) => sum + n, 0);
  for (let i = 0; difference !== 0; i = (i + 1) % cases) {
    if (difference > 0) {
      counts[i]++;
      difference--;
    } else if (counts[i] > MIN_EVENTS) {
      counts[i]--;
      difference++;
    }
  }
  return counts;
}

export const caseIdOf = (index: number): string => `c${String(index).padStart(6, '0')}`;

/** Every second case (the even ones) has one opinion of its own: 10k opinions in 20k cases. */
export const hasOpinion = (index: number): boolean => index % 2 === 0;

export function* generateCases(options: DatasetOptions, from = 0, to = options.cases): Generator<GeneratedCase> {
  const counts = eventCounts(options);
  for (let index = from; index < to; index++) yield generateCase(options, index, counts[index]);
}

interface Person {
  personId: string;
  name: string;
  custody: Custody;
}

interface Inquiry {
  inquiryId: string;
  answered: boolean;
  outcomes: number;
}

/** One case, `count` events long. */
export function generateCase(options: DatasetOptions, index: number, count: number): GeneratedCase {
  return new CaseWriter(options, index, count).write();
}

class CaseWriter {
  private readonly rng: Rng;
  private readonly today: Day;
  private readonly events: CaseEvent[] = [];
  private readonly people: Person[] = [];
  private readonly inquiries: Inquiry[] = [];
  private readonly requests: Array<{ requestId: string; personId: string; decided: boolean }> = [];
  private readonly caseId: string;
  private opinion?: { opinionId: string; calls: Call[]; personIds: string[] };
  private day: Day;
  private country: string;

  constructor(
    private readonly options: DatasetOptions,
    private readonly index: number,
    private readonly count: number,
  ) {
    this.rng = Rng.forItem(options.seed, index);
    this.today = dayFromIso(options.today);
    this.caseId = caseIdOf(index);
    this.day = this.rng.int(FIRST_START, LAST_START);
    this.country = this.rng.pick(words.COUNTRIES);
  }

  write(): GeneratedCase {
    const withOpinion = hasOpinion(this.index);
    const core = withOpinion ? 4 : 3;
    const subjects = Math.max(1, Math.min(this.rng.weighted(SUBJECT_COUNTS), this.count - core + 1));
    this.open(subjects);
    this.arrest();
    const convictions = Math.min(this.people.length, this.count - this.events.length - (withOpinion ? 1 : 0));
    for (const person of this.people.slice(0, Math.max(1, convictions))) this.convict(person);
    if (withOpinion) this.adoptOpinion();
    this.followUp();
    return { index: this.index, caseId: this.caseId, events: this.events, opinionId: this.opinion?.opinionId };
  }

  private get left(): number {
    return this.count - this.events.length;
  }

  /** Moves the case's clock forward, never past today. */
  private advance(min: number, max: number): Day {
    const room = this.today - this.day;
    const wanted = this.rng.int(min, max);
    // Leave room for the events still to come, so a long case does not run into today.
    const fair = Math.floor(room / Math.max(1, this.left + 1));
    this.day += Math.max(0, Math.min(wanted, fair));
    return this.day;
  }

  /** A partial date containing the current day: mostly exact, often the month only, sometimes a range. */
  private dateNow(): string {
    const day = this.day;
    const iso = isoFromDay(day);
    const kind = this.rng.weighted(DATE_PRECISION);
    if (kind === 'day') return iso;
    if (kind === 'month') return iso.slice(0, 7);
    if (kind === 'year') return iso.slice(0, 4);
    const from = isoFromDay(day - this.rng.int(20, 400)).slice(0, 7);
    return `${from}/${iso}`;
  }

  private push(event: CaseEvent): void {
    const data = event.data as { sources?: Source[]; note?: string };
    if (this.rng.chance(0.7)) data.sources = this.sources();
    if (this.rng.chance(0.2)) data.note = this.note();
    this.events.push(event);
  }

  private sources(): Source[] {
    const n = this.rng.chance(0.75) ? 1 : 2;
    const list: Source[] = [];
    for (let i = 0; i < n; i++) {
      const publisher = this.rng.pick(words.PUBLISHERS);
      const source: Source = {
        title: this.headline(),
        publisher,
        publishedOn: isoFromDay(Math.min(this.today, this.day + this.rng.int(0, 45))),
      };
      if (this.rng.chance(0.6))
        source.url = `${SITE.get(publisher)}/archive.php?article_id=${this.rng.int(1000, 99999)}`;
      list.push(source);
    }
    return list;
  }

  private headline(): string {
    let text = HEADLINE_START[Math.floor(this.rng.next() * HEADLINE_START.length)];
    for (let i = this.rng.int(4, 9); i > 0; i--) text += ` ${this.rng.pick(words.HEADLINE_WORDS)}`;
    return `${this.country}: ${text}`;
  }

  private note(): string {
    const n = this.rng.int(1, 2);
    return Array.from({ length: n }, () => this.rng.pick(words.NOTE_SENTENCES)).join(' ');
  }

  private newPerson(): Person {
    const name = `${this.rng.pick(words.FIRST_NAMES)} ${this.rng.pick(words.LAST_NAMES)}`;
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const person: Person = { personId: `${slug}-${this.people.length + 1}`, name, custody: 'at_liberty' };
    this.people.push(person);
    return person;
  }

  private open(subjects: number): void {
    const people = Array.from({ length: subjects }, () => this.newPerson());
    const group = this.rng.pick(words.GROUP_DESCRIPTIONS);
    const city = this.rng.pick(words.CITIES);
    this.push({
      type: 'CaseOpened',
      data: {
        title: `${subjects} member${subjects > 1 ? 's' : ''} of an ${group} in ${city} detained and prosecuted`,
        country: this.country,
        subjects: people.map(({ personId, name }) => ({ personId, name })),
      },
    });
  }

  private arrest(): void {
    this.advance(0, 60);
    const event: CaseEventOf<'PersonArrested'> = {
      type: 'PersonArrested',
      data: { personIds: this.people.map((p) => p.personId), occurredOn: this.dateNow() },
    };
    if (this.rng.chance(0.8)) event.data.authority = this.rng.pick(words.AUTHORITIES);
    if (this.rng.chance(0.5)) event.data.place = this.rng.pick(words.CITIES);
    this.push(event);
    for (const person of this.people) person.custody = 'detained';
  }

  private convict(person: Person): void {
    this.advance(30, 200);
    const kind = this.rng.weighted(SENTENCES);
    const charges = this.rng.sample(words.CHARGES, this.rng.int(1, 3));
    const sentence: { kind: SentenceKind; months?: number } = { kind };
    if (kind === 'imprisonment' || kind === 'restricted_freedom') sentence.months = this.rng.int(12, 120);
    this.push({
      type: 'PersonConvicted',
      data: {
        personId: person.personId,
        occurredOn: this.dateNow(),
        court: `${this.rng.pick(words.COURTS)}, ${this.rng.pick(words.CITIES)}`,
        charges,
        sentence,
      },
    });
    const fact = {
      revision: 0,
      personId: person.personId,
      occurredOn: '',
      kind: 'convicted' as const,
      sentence: kind,
      court: '',
      charges,
    };
    person.custody = nextCustody(person.custody, fact);
  }

  private adoptOpinion(): void {
    this.advance(150, 500);
    const year = isoFromDay(this.day).slice(0, 4);
    const mechanism: Mechanism = this.rng.weighted(MECHANISM_WEIGHTS);
    const opinionId =
      mechanism === 'WGAD'
        ? `A/HRC/WGAD/${year}/${this.index}`
        : `CCPR/C/${this.index}/D/${this.rng.int(1000, 4000)}/${year}`;
    const calls: Call[] = ['release', 'compensation'];
    for (const extra of ['investigation', 'accountability', 'legislative_review'] as const) {
      if (this.rng.chance(0.3)) calls.push(extra);
    }
    const occurredOn = this.rng.chance(0.6) ? isoFromDay(this.day).slice(0, 7) : isoFromDay(this.day);
    const event: CaseEventOf<'UnOpinionAdopted'> = {
      type: 'UnOpinionAdopted',
      data: { opinionId, mechanism, occurredOn, calls },
    };
    let personIds = this.people.map((p) => p.personId);
    if (this.people.length > 1 && this.rng.chance(0.3)) {
      personIds = this.rng.sample(personIds, this.rng.int(1, personIds.length));
      event.data.personIds = personIds;
    }
    if (this.rng.chance(0.3)) {
      this.advance(10, 60);
      event.data.transmittedOn = isoFromDay(this.day);
    }
    if (this.rng.chance(0.2)) event.data.followUpMonths = this.rng.pick([3, 6, 12]);
    this.push(event);
    this.opinion = { opinionId, calls, personIds };
  }

  /** Everything after the opinion, in time order, until the case has its share of events. */
  private followUp(): void {
    while (this.left > 0) {
      this.advance(5, 45);
      const action = this.rng.weighted(this.left === 1 ? LAST_ACTIONS : ACTIONS);
      if (!this.tryAction(action)) this.inquiryStep();
    }
  }

  private tryAction(action: Action): boolean {
    switch (action) {
      case 'inquiry':
        return this.inquiryStep();
      case 'request':
        return this.requestRelease();
      case 'decision':
        return this.decide();
      case 'transfer':
        return this.transfer();
      case 'release':
        return this.release();
      case 'measure':
        return this.measure();
      case 'reply':
        return this.reply();
      case 'subject':
        return this.addSubject();
      case 'correction':
        return this.correct();
    }
  }

  /** A new inquiry, or an outcome for an open one: most of a long case's history. */
  private inquiryStep(): boolean {
    const open = this.inquiries.filter((i) => !i.answered && i.outcomes < 3);
    if (open.length > 0 && this.rng.chance(0.55)) {
      const inquiry = this.rng.pick(open);
      inquiry.outcomes++;
      if (this.rng.chance(0.75)) {
        this.push({
          type: 'NoResponseRecorded',
          data: { inquiryId: inquiry.inquiryId, occurredOn: isoFromDay(this.day) },
        });
      } else {
        inquiry.answered = true;
        this.push({
          type: 'ResponseReceived',
          data: {
            inquiryId: inquiry.inquiryId,
            occurredOn: this.dateNow(),
            summary: this.rng.pick(words.RESPONSES),
            kind: this.rng.pick(['substantive', 'token', 'denial', 'request_for_information'] as const),
          },
        });
      }
      return true;
    }
    const inquiryId = `inq-${this.inquiries.length + 1}`;
    this.inquiries.push({ inquiryId, answered: false, outcomes: 0 });
    const event: CaseEventOf<'InquirySent'> = {
      type: 'InquirySent',
      data: {
        inquiryId,
        occurredOn: isoFromDay(this.day),
        to: this.rng.pick(words.AUTHORITIES),
        channel: this.rng.weighted(CHANNEL_WEIGHTS),
        question: this.rng.pick(words.QUESTIONS),
      },
    };
    if (this.opinion && this.rng.chance(0.5)) event.data.opinionId = this.opinion.opinionId;
    this.push(event);
    return true;
  }

  private requestRelease(): boolean {
    const candidates = this.people.filter((p) => p.custody === 'imprisoned' || p.custody === 'detained');
    if (candidates.length === 0 || this.left < 2) return false;
    const person = this.rng.pick(candidates);
    const requestId = `req-${this.requests.length + 1}`;
    this.requests.push({ requestId, personId: person.personId, decided: false });
    this.push({
      type: 'ReleaseRequested',
      data: {
        requestId,
        personId: person.personId,
        occurredOn: this.dateNow(),
        kind: this.rng.pick(['early_release', 'pardon', 'appeal', 'opinion_implementation'] as const),
        addressedTo: this.rng.pick(words.AUTHORITIES),
        requestedBy: `${this.rng.pick(words.FIRST_NAMES)} ${this.rng.pick(words.LAST_NAMES)} (defence lawyer)`,
      },
    });
    return true;
  }

  private decide(): boolean {
    const pending = this.requests.filter((r) => !r.decided);
    if (pending.length === 0) return false;
    const request = pending[0];
    request.decided = true;
    const outcome = this.rng.chance(0.8) ? 'denied' : 'granted';
    this.push({
      type: 'ReleaseRequestDecided',
      data: {
        requestId: request.requestId,
        occurredOn: isoFromDay(this.day),
        outcome,
        decidedBy: this.rng.pick(words.COURTS),
        grounds:
          outcome === 'denied'
            ? 'No grounds for early release; the convicted person has not admitted guilt.'
            : 'Granted.',
      },
    });
    return true;
  }

  private transfer(): boolean {
    const imprisoned = this.people.filter((p) => p.custody === 'imprisoned');
    if (imprisoned.length === 0) return false;
    const person = this.rng.pick(imprisoned);
    person.custody = 'restricted_freedom';
    const event: CaseEventOf<'TransferredToRestrictedFreedom'> = {
      type: 'TransferredToRestrictedFreedom',
      data: { personId: person.personId, occurredOn: this.dateNow() },
    };
    if (this.rng.chance(0.6)) event.data.court = `${this.rng.pick(words.COURTS)}, ${this.rng.pick(words.CITIES)}`;
    this.push(event);
    return true;
  }

  private release(): boolean {
    const held = this.people.filter((p) => p.custody === 'imprisoned' || p.custody === 'restricted_freedom');
    if (held.length === 0) return false;
    const person = this.rng.pick(held);
    person.custody = 'released';
    const basis: ReleaseBasis = this.rng.weighted(RELEASE_BASES);
    this.push({ type: 'PersonReleased', data: { personId: person.personId, occurredOn: this.dateNow(), basis } });
    return true;
  }

  private measure(): boolean {
    const calls = this.opinion?.calls.filter((c) => c !== 'release') ?? [];
    if (!this.opinion || calls.length === 0) return false;
    const event: CaseEventOf<'ImplementationMeasureRecorded'> = {
      type: 'ImplementationMeasureRecorded',
      data: {
        opinionId: this.opinion.opinionId,
        call: this.rng.pick(calls),
        occurredOn: this.dateNow(),
        extent: this.rng.chance(0.3) ? 'full' : 'partial',
        description: this.rng.pick(words.MEASURES),
      },
    };
    if (this.rng.chance(0.5)) {
      event.data.personIds = this.rng.sample(this.opinion.personIds, this.rng.int(1, this.opinion.personIds.length));
    }
    this.push(event);
    return true;
  }

  private reply(): boolean {
    if (!this.opinion) return false;
    this.push({
      type: 'StateFollowUpReplied',
      data: {
        opinionId: this.opinion.opinionId,
        occurredOn: isoFromDay(this.day),
        summary: this.rng.pick(words.RESPONSES),
      },
    });
    return true;
  }

  private addSubject(): boolean {
    if (this.people.length >= 8) return false;
    const { personId, name } = this.newPerson();
    this.push({ type: 'SubjectAdded', data: { personId, name } });
    return true;
  }

  /** Re-dates the last recorded silence (an outcome is judged where it stood), or retracts a note-only inquiry. */
  private correct(): boolean {
    for (let revision = this.events.length - 1; revision >= 0; revision--) {
      const event = this.events[revision];
      if (event.type !== 'NoResponseRecorded') continue;
      const sent = this.events.find(
        (e): e is CaseEventOf<'InquirySent'> => e.type === 'InquirySent' && e.data.inquiryId === event.data.inquiryId,
      );
      if (!sent) return false;
      this.push({
        type: 'EventCorrected',
        data: {
          revision,
          reason: 'The date was misread from the source; the letter was logged later.',
          replacement: {
            type: 'NoResponseRecorded',
            data: { inquiryId: event.data.inquiryId, occurredOn: event.data.occurredOn.slice(0, 7) },
          },
        },
      });
      return true;
    }
    return false;
  }
}

const SITE = new Map(words.PUBLISHERS.map((p) => [p, `https://www.${p.toLowerCase().replace(/[^a-z0-9]+/g, '')}.org`]));
const HEADLINE_START = words.HEADLINE_WORDS.map((w) => w[0].toUpperCase() + w.slice(1));

type Action =
  'inquiry' | 'request' | 'decision' | 'transfer' | 'release' | 'measure' | 'reply' | 'subject' | 'correction';

const ACTIONS: ReadonlyArray<readonly [Action, number]> = [
  ['inquiry', 60],
  ['request', 8],
  ['decision', 8],
  ['transfer', 4],
  ['release', 3],
  ['measure', 3],
  ['reply', 2],
  ['subject', 1],
  ['correction', 1],
];
/** The last event must not open something that needs a second one. */
const LAST_ACTIONS = ACTIONS.filter(([action]) => action !== 'request');

const SUBJECT_COUNTS: ReadonlyArray<readonly [number, number]> = [
  [1, 25],
  [2, 20],
  [3, 20],
  [4, 15],
  [5, 10],
  [6, 6],
  [9, 4],
];

const DATE_PRECISION: ReadonlyArray<readonly ['day' | 'month' | 'year' | 'range', number]> = [
  ['day', 60],
  ['month', 30],
  ['year', 3],
  ['range', 7],
];

const SENTENCES: ReadonlyArray<readonly [SentenceKind, number]> = [
  ['imprisonment', 70],
  ['restricted_freedom', 15],
  ['fine', 5],
  ['suspended', 5],
  ['other', 5],
];

const MECHANISM_WEIGHTS: ReadonlyArray<readonly [Mechanism, number]> = [
  ['WGAD', 80],
  ['CCPR', 20],
];

const CHANNEL_WEIGHTS: ReadonlyArray<readonly ['writing' | 'phone' | 'email' | 'in_person', number]> = [
  ['writing', 60],
  ['email', 25],
  ['phone', 10],
  ['in_person', 5],
];

const RELEASE_BASES: ReadonlyArray<readonly [ReleaseBasis, number]> = [
  ['sentence_completed', 40],
  ['pardon', 20],
  ['amnesty', 15],
  ['opinion_implementation', 10],
  ['acquittal', 5],
  ['other', 10],
];

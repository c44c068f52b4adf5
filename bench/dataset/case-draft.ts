/**
 * The case being written: its generator, its clock, the events so far and what they left open
 * (people and their custody, inquiries, release requests, the opinion). The opening and the
 * follow-up add to it through `push`, `advance` and `dateNow`.
 */
import { dayFromIso, type Day } from '../../domain/calendar/calendar-day';
import type { Custody } from '../../domain/case/custody';
import type { Call, CaseEvent, Source } from '../../domain/case/case.events';
import { note, partialDate, sources } from './event-text';
import { Rng } from './rng';
import * as words from './words';

const FIRST_START = dayFromIso('2010-01-01');
const LAST_START = dayFromIso('2019-12-31');

export interface Person {
  personId: string;
  name: string;
  custody: Custody;
}

export interface Inquiry {
  inquiryId: string;
  answered: boolean;
  outcomes: number;
}

export interface ReleaseRequest {
  requestId: string;
  personId: string;
  decided: boolean;
}

export interface Opinion {
  opinionId: string;
  calls: Call[];
  personIds: string[];
}

export class CaseDraft {
  readonly rng: Rng;
  readonly today: Day;
  readonly events: CaseEvent[] = [];
  readonly people: Person[] = [];
  readonly inquiries: Inquiry[] = [];
  readonly requests: ReleaseRequest[] = [];
  opinion?: Opinion;
  readonly country: string;
  private current: Day;

  constructor(
    options: { seed: number; today: string },
    readonly index: number,
    readonly caseId: string,
    /** How many events the case gets in all. */
    readonly count: number,
  ) {
    this.rng = Rng.forItem(options.seed, index);
    this.today = dayFromIso(options.today);
    this.current = this.rng.int(FIRST_START, LAST_START);
    this.country = this.rng.pick(words.COUNTRIES);
  }

  /** The case's clock: the day of the event being written. */
  get day(): Day {
    return this.current;
  }

  /** Events still to write. */
  get left(): number {
    return this.count - this.events.length;
  }

  /** Moves the case's clock forward, never past today. */
  advance(min: number, max: number): Day {
    const room = this.today - this.current;
    const wanted = this.rng.int(min, max);
    // Leave room for the events still to come, so a long case does not run into today.
    const fair = Math.floor(room / Math.max(1, this.left + 1));
    this.current += Math.max(0, Math.min(wanted, fair));
    return this.current;
  }

  /** A partial date containing the current day: mostly exact, often the month only, sometimes a range. */
  dateNow(): string {
    return partialDate(this.rng, this.current);
  }

  push(event: CaseEvent): void {
    const data = event.data as { sources?: Source[]; note?: string };
    if (this.rng.chance(0.7)) data.sources = sources(this.rng, this.country, this.current, this.today);
    if (this.rng.chance(0.2)) data.note = note(this.rng);
    this.events.push(event);
  }

  newPerson(): Person {
    const name = `${this.rng.pick(words.FIRST_NAMES)} ${this.rng.pick(words.LAST_NAMES)}`;
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const person: Person = { personId: `${slug}-${this.people.length + 1}`, name, custody: 'at_liberty' };
    this.people.push(person);
    return person;
  }
}

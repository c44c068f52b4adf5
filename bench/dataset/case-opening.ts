/**
 * How a generated case begins: opened with its subjects, all of them arrested together, convicted
 * one by one, and, for a case with an opinion, the UN opinion adopted on them.
 */
import { isoFromDay } from '../../domain/calendar/calendar-day';
import { nextCustody } from '../../domain/case/custody';
import type { Call, CaseEventOf, Mechanism, SentenceKind } from '../../domain/case/case.events';
import type { CaseDraft, Person } from './case-draft';
import { MECHANISM_WEIGHTS, SENTENCES, SUBJECT_COUNTS } from './weights';
import * as words from './words';

/** The opening events: a short case gets fewer subjects and convictions, so its share still holds the opinion. */
export function openCase(draft: CaseDraft, withOpinion: boolean): void {
  const core = withOpinion ? 4 : 3;
  const subjects = Math.max(1, Math.min(draft.rng.weighted(SUBJECT_COUNTS), draft.count - core + 1));
  open(draft, subjects);
  arrest(draft);
  const convictions = Math.min(draft.people.length, draft.left - (withOpinion ? 1 : 0));
  for (const person of draft.people.slice(0, Math.max(1, convictions))) convict(draft, person);
  if (withOpinion) adoptOpinion(draft);
}

function open(draft: CaseDraft, subjects: number): void {
  const { rng } = draft;
  const people = Array.from({ length: subjects }, () => draft.newPerson());
  const group = rng.pick(words.GROUP_DESCRIPTIONS);
  const city = rng.pick(words.CITIES);
  draft.push({
    type: 'CaseOpened',
    data: {
      title: `${subjects} member${subjects > 1 ? 's' : ''} of an ${group} in ${city} detained and prosecuted`,
      country: draft.country,
      subjects: people.map(({ personId, name }) => ({ personId, name })),
    },
  });
}

function arrest(draft: CaseDraft): void {
  const { rng } = draft;
  draft.advance(0, 60);
  const event: CaseEventOf<'PersonArrested'> = {
    type: 'PersonArrested',
    data: { personIds: draft.people.map((p) => p.personId), occurredOn: draft.dateNow() },
  };
  if (rng.chance(0.8)) event.data.authority = rng.pick(words.AUTHORITIES);
  if (rng.chance(0.5)) event.data.place = rng.pick(words.CITIES);
  draft.push(event);
  for (const person of draft.people) person.custody = 'detained';
}

function convict(draft: CaseDraft, person: Person): void {
  const { rng } = draft;
  draft.advance(30, 200);
  const kind = rng.weighted(SENTENCES);
  const charges = rng.sample(words.CHARGES, rng.int(1, 3));
  const sentence: { kind: SentenceKind; months?: number } = { kind };
  if (kind === 'imprisonment' || kind === 'restricted_freedom') sentence.months = rng.int(12, 120);
  draft.push({
    type: 'PersonConvicted',
    data: {
      personId: person.personId,
      occurredOn: draft.dateNow(),
      court: `${rng.pick(words.COURTS)}, ${rng.pick(words.CITIES)}`,
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

function adoptOpinion(draft: CaseDraft): void {
  const { rng } = draft;
  draft.advance(150, 500);
  const year = isoFromDay(draft.day).slice(0, 4);
  const mechanism: Mechanism = rng.weighted(MECHANISM_WEIGHTS);
  const opinionId =
    mechanism === 'WGAD'
      ? `A/HRC/WGAD/${year}/${draft.index}`
      : `CCPR/C/${draft.index}/D/${rng.int(1000, 4000)}/${year}`;
  const calls: Call[] = ['release', 'compensation'];
  for (const extra of ['investigation', 'accountability', 'legislative_review'] as const) {
    if (rng.chance(0.3)) calls.push(extra);
  }
  const occurredOn = rng.chance(0.6) ? isoFromDay(draft.day).slice(0, 7) : isoFromDay(draft.day);
  const event: CaseEventOf<'UnOpinionAdopted'> = {
    type: 'UnOpinionAdopted',
    data: { opinionId, mechanism, occurredOn, calls },
  };
  let personIds = draft.people.map((p) => p.personId);
  if (draft.people.length > 1 && rng.chance(0.3)) {
    personIds = rng.sample(personIds, rng.int(1, personIds.length));
    event.data.personIds = personIds;
  }
  if (rng.chance(0.3)) {
    draft.advance(10, 60);
    event.data.transmittedOn = isoFromDay(draft.day);
  }
  if (rng.chance(0.2)) event.data.followUpMonths = rng.pick([3, 6, 12]);
  draft.push(event);
  draft.opinion = { opinionId, calls, personIds };
}

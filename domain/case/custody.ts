import type { Day } from '../calendar/calendar-day';
import { certainlyOnOrBefore, parsePartialDate } from '../calendar/partial-date';
import type { CaseFile, CustodyFact } from './case-file';

/**
 * Where a person stands, from their custody facts in recording order:
 * at_liberty → detained (arrested) → imprisoned | restricted_freedom (sentenced or transferred) → released.
 */
export const CUSTODY_STATES = ['at_liberty', 'detained', 'imprisoned', 'restricted_freedom', 'released'] as const;
export type Custody = (typeof CUSTODY_STATES)[number];

export const IN_CUSTODY: ReadonlySet<Custody> = new Set(['detained', 'imprisoned', 'restricted_freedom']);

export function nextCustody(current: Custody, fact: CustodyFact): Custody {
  switch (fact.kind) {
    case 'arrested':
      // Someone already in prison can be charged again; they stay where they are.
      return current === 'imprisoned' || current === 'detained' ? current : 'detained';
    case 'convicted':
      return afterConviction(current, fact.sentence);
    case 'transferred':
      return current === 'imprisoned' ? 'restricted_freedom' : current;
    case 'released':
      return IN_CUSTODY.has(current) ? 'released' : current;
  }
}

function afterConviction(current: Custody, sentence: Extract<CustodyFact, { kind: 'convicted' }>['sentence']): Custody {
  // Sentenced in absentia, or again after release without a new arrest: nothing changes custody.
  if (current === 'at_liberty' || current === 'released') return current;
  switch (sentence) {
    case 'imprisonment':
      return 'imprisoned';
    case 'restricted_freedom':
      return current === 'imprisoned' ? current : 'restricted_freedom';
    case 'fine':
    case 'suspended':
      return current === 'detained' ? 'released' : current;
    case 'other':
      return current;
  }
}

/**
 * Certainty follows order (domain.md): the facts of each person up to the last one that is certain, in their custody
 * sequence (recording order). A transfer certain by a day proves the conviction it follows came first, however vague
 * the conviction's own date. `certain` is asked once per fact.
 */
export function certainInOrder(facts: readonly CustodyFact[], certain: (fact: CustodyFact) => boolean): CustodyFact[] {
  const lastCertain = new Map<string, number>();
  facts.forEach((fact, i) => {
    if (certain(fact)) lastCertain.set(fact.personId, i);
  });
  if (lastCertain.size === 0) return [];
  return facts.filter((fact, i) => i <= (lastCertain.get(fact.personId) ?? -1));
}

/** The person's custody facts in recording order, optionally only those certain by `asOf` (certainty follows order). */
export function custodyFactsOf(file: CaseFile, personId: string, asOf?: Day): CustodyFact[] {
  const own = file.custody.filter((fact) => fact.personId === personId);
  if (asOf === undefined) return own;
  return certainInOrder(own, (fact) => certainlyOnOrBefore(parsePartialDate(fact.occurredOn), asOf));
}

/** Custody now (all facts), or as of a day (facts certain by then, and those before them). */
export function custodyOf(file: CaseFile, personId: string, asOf?: Day): Custody {
  return custodyFactsOf(file, personId, asOf).reduce(nextCustody, 'at_liberty' as Custody);
}

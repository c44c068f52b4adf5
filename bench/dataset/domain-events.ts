/**
 * Generated cases shaped like the domain (docs/domain.md): a case opened with a few subjects,
 * arrests, convictions, a UN opinion for every second case, release requests and decisions,
 * transfers, releases, implementation measures, follow-up replies, many inquiries with their
 * answers or recorded silences, and now and then a correction. Every event is valid under the
 * decider's rules (bench/dataset/domain-events.spec.ts proves it on a sample), dates only move
 * forward within a case and none is after `today`. Each case has its own seeded generator, so a
 * case is the same whatever else is generated and in whatever order.
 */
import type { CaseEvent } from '../../domain/case/case.events';
import { CaseDraft } from './case-draft';
import { followUp } from './case-follow-up';
import { openCase } from './case-opening';
import { Rng } from './rng';

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

/** One case, `count` events long. */
export function generateCase(options: DatasetOptions, index: number, count: number): GeneratedCase {
  const draft = new CaseDraft(options, index, caseIdOf(index), count);
  openCase(draft, hasOpinion(index));
  followUp(draft);
  return { index, caseId: draft.caseId, events: draft.events, opinionId: draft.opinion?.opinionId };
}

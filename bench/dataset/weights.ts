/**
 * How often each kind of thing happens in a generated case: `[value, weight]` tables for
 * `Rng.weighted`. Their order is part of the data: reordering a table changes every case.
 */
import type { Mechanism, ReleaseBasis, SentenceKind } from '../../domain/case/case.events';

export type Action =
  'inquiry' | 'request' | 'decision' | 'transfer' | 'release' | 'measure' | 'reply' | 'subject' | 'correction';

export const ACTIONS: ReadonlyArray<readonly [Action, number]> = [
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
export const LAST_ACTIONS = ACTIONS.filter(([action]) => action !== 'request');

export const SUBJECT_COUNTS: ReadonlyArray<readonly [number, number]> = [
  [1, 25],
  [2, 20],
  [3, 20],
  [4, 15],
  [5, 10],
  [6, 6],
  [9, 4],
];

export const DATE_PRECISION: ReadonlyArray<readonly ['day' | 'month' | 'year' | 'range', number]> = [
  ['day', 60],
  ['month', 30],
  ['year', 3],
  ['range', 7],
];

export const SENTENCES: ReadonlyArray<readonly [SentenceKind, number]> = [
  ['imprisonment', 70],
  ['restricted_freedom', 15],
  ['fine', 5],
  ['suspended', 5],
  ['other', 5],
];

export const MECHANISM_WEIGHTS: ReadonlyArray<readonly [Mechanism, number]> = [
  ['WGAD', 80],
  ['CCPR', 20],
];

export const CHANNEL_WEIGHTS: ReadonlyArray<readonly ['writing' | 'phone' | 'email' | 'in_person', number]> = [
  ['writing', 60],
  ['email', 25],
  ['phone', 10],
  ['in_person', 5],
];

export const RELEASE_BASES: ReadonlyArray<readonly [ReleaseBasis, number]> = [
  ['sentence_completed', 40],
  ['pardon', 20],
  ['amnesty', 15],
  ['opinion_implementation', 10],
  ['acquittal', 5],
  ['other', 10],
];

import type { OpinionRecord } from './case-file.records';

/**
 * The facts about an opinion itself (domain.md, "One opinion, several cases"): every case that records the opinion
 * must agree on them. Its calls and the people it covers may differ from case to case.
 */
export const OPINION_FACTS = ['mechanism', 'occurredOn', 'transmittedOn', 'followUpMonths'] as const;
export type OpinionFact = (typeof OPINION_FACTS)[number];
export type OpinionFacts = Pick<OpinionRecord, OpinionFact>;

/** One case's record of an opinion. */
export interface OpinionRecording {
  caseId: string;
  record: OpinionFacts;
}

/** One fact on which the cases disagree: each value recorded, with the cases that record it, in the cases' order. */
export interface OpinionConflict {
  field: OpinionFact;
  values: Array<{ value: string | number; caseIds: string[] }>;
}

/**
 * The facts on which `a` disagrees with `b`. Dates are compared as written: `2021-09` and `2021-09-01` give different
 * day counts, so they disagree. A transmission date that one record does not give is not known there, not contradicted.
 */
export function disagreements(a: OpinionFacts, b: OpinionFacts): OpinionFact[] {
  return OPINION_FACTS.filter((field) => a[field] !== undefined && b[field] !== undefined && a[field] !== b[field]);
}

/** Every fact on which the recordings disagree, in the order of OPINION_FACTS; none for a single recording. */
export function conflictsOf(recordings: readonly OpinionRecording[]): OpinionConflict[] {
  if (recordings.length < 2) return [];
  const conflicts: OpinionConflict[] = [];
  for (const field of OPINION_FACTS) {
    const values = new Map<string | number, string[]>();
    for (const { caseId, record } of recordings) {
      const value = record[field];
      if (value === undefined) continue;
      const cases = values.get(value);
      if (cases) cases.push(caseId);
      else values.set(value, [caseId]);
    }
    if (values.size > 1) conflicts.push({ field, values: [...values].map(([value, caseIds]) => ({ value, caseIds })) });
  }
  return conflicts;
}

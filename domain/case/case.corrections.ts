import { evolveCaseFile, FACT_LISTS, keepFacts, type CaseFile, type Tagged } from './case-file';
import { factsInForce, keysOf } from './case-file.facts';
import { CaseRuleViolation, refuse } from './case.errors';
import type { CaseFact, EventCorrected } from './case.events';

/**
 * A correction is accepted only if the case's whole history, with it applied, still keeps every rule (domain.md,
 * "Events"): each later fact that reads what the correction changes (the same person, opinion, request or inquiry)
 * is checked again, in order, on the case as it would then have stood. The first that would become impossible is
 * named in the refusal, so the recorder corrects or retracts it first. Facts that read nothing the correction
 * changes would be judged the same way as before and are not checked again.
 */
export function checkLaterFacts(
  file: CaseFile,
  correction: EventCorrected,
  check: (fact: CaseFact, file: CaseFile) => void,
): void {
  const { revision, replacement } = correction;
  const was = factsInForce(file).get(revision);
  const changed = new Set([...(was ? keysOf(was) : []), ...(replacement ? keysOf(replacement) : [])]);
  if (changed.size === 0) return;
  const corrected = evolveCaseFile(file, { type: 'EventCorrected', data: correction }, file.revision + 1);
  const later = [...factsInForce(corrected)].filter(([at]) => at > revision).sort(([a], [b]) => a - b);
  const history = replay(corrected, revision + 1);
  for (const [at, fact] of later) {
    const before = history(at);
    if (!keysOf(fact).some((key) => changed.has(key))) continue;
    try {
      check(fact, before);
    } catch (error) {
      if (!(error instanceof CaseRuleViolation)) throw error;
      refuse(
        'CASE.CORRECTION_BREAKS_LATER_EVENT',
        `correcting revision ${revision} would make revision ${at} (${fact.type}) impossible: ${error.message}; ` +
          `correct or retract revision ${at} first`,
        replacement ? 'data.replacement' : 'data.revision',
      );
    }
  }
}

/**
 * The case as it stood before each later revision, asked for in increasing order: one working copy that the records
 * of each revision are appended to as it is passed, so a long case is walked once, not copied once per later fact.
 */
function replay(file: CaseFile, from: number): (at: number) => CaseFile {
  const working = asItStoodBefore(file, from);
  const next = FACT_LISTS.map((list) => (working[list] as Tagged[]).length);
  return (at) => {
    FACT_LISTS.forEach((list, i) => {
      const all = file[list] as Tagged[];
      const into = working[list] as Tagged[];
      while (next[i] < all.length && all[next[i]].revision < at) into.push(all[next[i]++]);
    });
    working.revision = at - 1;
    working.opened = file.opened && file.openedAt < at;
    working.openedAt = working.opened ? file.openedAt : -1;
    return working;
  };
}

/** The case with only the facts recorded before revision `at`: where the fact at `at` is judged. */
export function asItStoodBefore(file: CaseFile, at: number): CaseFile {
  return { ...keepFacts(file, (revision) => revision < at), revision: at - 1 };
}

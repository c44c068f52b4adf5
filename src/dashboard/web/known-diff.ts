/**
 * What changed in what was known between two times: each state reduced to named facts (a person's name and custody,
 * each dated fact by its revision, each opinion's status and grade, each inquiry's answer), then compared name by
 * name. Keys are ids, not list positions, so one fact added does not show as every later fact changed. No DOM here.
 */
import type { KnownState } from './audit-types.js';

export interface KnownChange {
  what: string;
  before?: string;
  after?: string;
}

export function knownFacts(state: KnownState): Map<string, string> {
  const facts = new Map<string, string>();
  const view = state.case;
  if (!view) return facts;
  facts.set('title', view.title);
  facts.set('country', view.country);
  for (const person of view.subjects ?? []) {
    facts.set(`person ${person.personId}: name`, person.name);
    facts.set(`person ${person.personId}: custody`, person.custody);
  }
  for (const lane of view.timeline ?? []) {
    for (const fact of lane.facts) {
      facts.set(`person ${lane.personId}: ${fact.kind} (revision ${fact.revision})`, fact.on.text);
    }
  }
  for (const opinion of state.opinions ?? []) {
    facts.set(`opinion ${opinion.opinionId}: status`, opinion.status);
    facts.set(`opinion ${opinion.opinionId}: grade`, opinion.grade);
  }
  for (const inquiry of view.inquiries ?? []) {
    facts.set(`inquiry ${inquiry.inquiryId}: answered`, inquiry.answered ? 'yes' : 'no');
  }
  return facts;
}

/** From `earlier` to `later`: changed values first in the order of `later`, then what was no longer known. */
export function knownChanges(earlier: KnownState, later: KnownState): KnownChange[] {
  const before = knownFacts(earlier);
  const after = knownFacts(later);
  const changes: KnownChange[] = [];
  for (const [what, value] of after) {
    const old = before.get(what);
    if (old === undefined) changes.push({ what, after: value });
    else if (old !== value) changes.push({ what, before: old, after: value });
  }
  for (const [what, value] of before) if (!after.has(what)) changes.push({ what, before: value });
  return changes;
}

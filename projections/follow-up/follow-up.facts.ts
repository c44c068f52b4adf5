/**
 * The facts each follow-up question rests on, as of the day, in sentences that say only what was recorded: who, what,
 * by whom when the record names it. The date stays beside the sentence as recorded (`occurredOn`), so a month is never
 * turned into a day; a missing detail is left out, never filled in.
 */
import type { Call, ReleaseBasis, RequestKind, SentenceKind } from '../../domain/case/case.events';
import type { CustodyFact, MeasureRecord } from '../../domain/case/case-file';
import { certainlyBy, compareDates, type CaseAsOf } from '../views/as-of';
import { listInWords } from './follow-up.words';

export type FactKind = CustodyFact['kind'] | 'release_requested' | 'release_decided' | 'state_replied' | 'measure';

export interface FollowUpFact {
  kind: FactKind;
  occurredOn: string;
  text: string;
  /** Note numbers of the sources recorded with this fact (numbered once the whole document is in order). */
  sources: number[];
  caseId: string;
  revision: number;
}

/** The people an opinion covers, per case. */
export type CoveredPeople = ReadonlyMap<string, ReadonlySet<string>>;

const SENTENCE: Record<SentenceKind, string> = {
  imprisonment: 'imprisonment',
  restricted_freedom: 'restricted freedom',
  fine: 'a fine',
  suspended: 'a suspended sentence',
  other: 'a penalty of another kind',
};
const BASIS: Record<ReleaseBasis, string> = {
  opinion_implementation: 'to implement the opinion',
  acquittal: 'on acquittal',
  pardon: 'on a pardon',
  amnesty: 'under an amnesty',
  sentence_completed: 'on completing the sentence',
  other: 'on another basis',
};
const REQUEST: Record<RequestKind, string> = {
  early_release: 'early release',
  pardon: 'a pardon',
  appeal: 'release on appeal',
  opinion_implementation: 'release to implement the opinion',
  other: 'release',
};

const by = (who: string | undefined, word = 'by') => (who ? ` ${word} ${who}` : '');

export class FactWriter {
  constructor(
    private readonly states: readonly CaseAsOf[],
    private readonly covered: CoveredPeople,
  ) {}

  /** Arrests, convictions and releases of the people covered: where each stands, and on what record. */
  release(): FollowUpFact[] {
    return this.custody(['arrested', 'convicted', 'released']);
  }

  /** Transfers, release requests and their outcomes, the state's replies, and measures for the `other` call. */
  other(opinionId: string): FollowUpFact[] {
    const facts = this.custody(['transferred']);
    for (const state of this.states) {
      const { caseId } = state.file;
      const people = this.covered.get(caseId);
      const asked = new Map(state.file.requests.map((r) => [r.requestId, r]));
      for (const request of state.file.requests) {
        if (!people?.has(request.personId) || !certainlyBy(request.occurredOn, state.asOf)) continue;
        const made = request.requestedBy ? `, made by ${request.requestedBy},` : '';
        const text = `A request for ${REQUEST[request.kind]} of ${this.name(state, request.personId)}${made} was addressed to ${request.addressedTo}.`;
        facts.push(this.fact('release_requested', caseId, request, text));
      }
      for (const decision of state.file.decisions) {
        const request = asked.get(decision.requestId);
        if (!request || !people?.has(request.personId) || !certainlyBy(decision.occurredOn, state.asOf)) continue;
        const grounds = decision.grounds ? ` Grounds recorded: ${decision.grounds}` : '';
        const text = `The request for ${REQUEST[request.kind]} of ${this.name(state, request.personId)} was ${decision.outcome}${by(decision.decidedBy)}.${grounds}`;
        facts.push(this.fact('release_decided', caseId, decision, text));
      }
      for (const reply of state.file.followUpReplies) {
        if (reply.opinionId !== opinionId || !certainlyBy(reply.occurredOn, state.asOf)) continue;
        const text = `The state replied on the follow-up of the opinion${reply.summary ? `: ${reply.summary}` : '.'}`;
        facts.push(this.fact('state_replied', caseId, reply, text));
      }
    }
    return sorted([...facts, ...this.measures(opinionId, ['other'])]);
  }

  /** Measures recorded for these calls, full or partial, with the people they name. */
  measures(opinionId: string, calls: readonly Call[]): FollowUpFact[] {
    const facts: FollowUpFact[] = [];
    for (const state of this.states) {
      for (const measure of state.measures.get(opinionId) ?? []) {
        if (!calls.includes(measure.call)) continue;
        facts.push(this.fact('measure', state.file.caseId, measure, this.measureText(state, measure)));
      }
    }
    return sorted(facts);
  }

  private measureText(state: CaseAsOf, measure: MeasureRecord): string {
    const whom = measure.personIds?.length
      ? ` for ${listInWords(measure.personIds.map((id) => this.name(state, id)))}`
      : '';
    const what = measure.extent === 'full' ? 'Measure' : 'Partial measure';
    return `${what} (${measure.call.replace(/_/g, ' ')})${whom}: ${measure.description}`;
  }

  private custody(kinds: ReadonlyArray<CustodyFact['kind']>): FollowUpFact[] {
    const facts: FollowUpFact[] = [];
    for (const state of this.states) {
      const people = this.covered.get(state.file.caseId);
      // One arrest of several people is one event, one sentence and one set of sources.
      const byEvent = new Map<number, CustodyFact[]>();
      for (const fact of state.custodyFacts) {
        if (!people?.has(fact.personId) || !kinds.includes(fact.kind)) continue;
        byEvent.set(fact.revision, [...(byEvent.get(fact.revision) ?? []), fact]);
      }
      for (const group of byEvent.values())
        facts.push(this.fact(group[0].kind, state.file.caseId, group[0], this.custodyText(state, group)));
    }
    return sorted(facts);
  }

  private custodyText(state: CaseAsOf, group: CustodyFact[]): string {
    const names = listInWords(group.map((f) => this.name(state, f.personId)));
    const were = group.length === 1 ? 'was' : 'were';
    const fact = group[0];
    switch (fact.kind) {
      case 'arrested':
        return `${names} ${were} arrested${by(fact.authority)}${by(fact.place, 'in')}.`;
      case 'convicted': {
        const charges = fact.charges.length ? `${fact.court ? ',' : ''} under ${listInWords(fact.charges)}` : '';
        const term = fact.months !== undefined ? ` of ${fact.months} months` : '';
        return `${names} ${were} convicted${by(fact.court)}${charges} and sentenced to ${SENTENCE[fact.sentence]}${term}.`;
      }
      case 'transferred':
        return `${names} ${were} transferred from prison to a restricted freedom sentence${by(fact.court)}.`;
      case 'released':
        return `${names} ${were} released ${BASIS[fact.basis]}.`;
    }
  }

  private name(state: CaseAsOf, personId: string): string {
    return state.names.get(personId) ?? personId;
  }

  private fact(
    kind: FactKind,
    caseId: string,
    { occurredOn, revision }: { occurredOn: string; revision: number },
    text: string,
  ): FollowUpFact {
    return { kind, occurredOn, text, sources: [], caseId, revision };
  }
}

/** In the order they may first have happened; facts of one date in the order they were recorded. */
function sorted(facts: FollowUpFact[]): FollowUpFact[] {
  return facts.sort(
    (a, b) => compareDates(a.occurredOn, b.occurredOn) || compareText(a.caseId, b.caseId) || a.revision - b.revision,
  );
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

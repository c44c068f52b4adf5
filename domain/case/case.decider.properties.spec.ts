import fc from 'fast-check';
import type { CaseFile } from './case-file';
import { factsInForce } from './case-file.facts';
import { custodyOf, IN_CUSTODY, type Custody } from './custody';
import {
  arrested,
  CASE_ID,
  convicted,
  corrected,
  followUpReplied,
  inquirySent,
  measure,
  noResponse,
  opened,
  opinionAdopted,
  record,
  released,
  releaseRequested,
  requestDecided,
  responseReceived,
  subjectAdded,
  transferred,
} from '../../test/support/case-fixtures';
import { withMetadata } from '../../test/support/decider-spec';
import { decide, evolve, fold, initialState, type CaseState } from './case.decider';
import { CaseRuleViolation } from './case.errors';
import { CALLS, RELEASE_BASES, SENTENCE_KINDS, type CaseEvent, type CaseFact } from './case.events';

/**
 * Properties over random histories in a small world: three people, two opinions, two requests, two
 * inquiries, dates that mostly overlap and now and then lie too early, in the future or are no dates.
 * Three steps in four are aimed at what the case already holds (a correction at one of its
 * revisions, a transfer of someone imprisoned, a reply to an inquiry sent), so histories grow deep;
 * the rest stay as drawn and are mostly refused.
 */

const often = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

const person = fc.constantFrom<string>('ann', 'ben', 'cem');
const people = fc.oneof(
  often(2, fc.constant<string[]>(['ann', 'ben', 'cem'])),
  often(1, fc.uniqueArray(person, { minLength: 1 })),
);
const date = fc.oneof(
  often(12, fc.constantFrom('2018-10', '2019', '2020', '2021', '2021-09', '2022', '2023', '2019-09/2023-09')),
  often(1, fc.constantFrom('2018-09-30', '2023-09-26', '2024', '2023-02-30')),
);
const opinionId = fc.constantFrom('A/HRC/WGAD/2021/33', 'CCPR/C/1/D/2/2020');
const requestId = fc.constantFrom('r1', 'r2');
const inquiryId = fc.constantFrom('q1', 'q2');
const outcome = fc.constantFrom('granted' as const, 'denied' as const);
const extent = fc.constantFrom('full' as const, 'partial' as const);
const calls = fc.uniqueArray(fc.constantFrom(...CALLS), { minLength: 1 });

const opening = people.map((ids) => opened(...ids));
const sentence = fc.oneof(often(3, fc.constant('imprisonment' as const)), often(2, fc.constantFrom(...SENTENCE_KINDS)));
/** Any fact but CaseOpened, weighted towards those that other facts rest on. */
const laterFact: fc.Arbitrary<CaseFact> = fc.oneof(
  often(1, person.map(subjectAdded)),
  often(
    3,
    fc.tuple(people, date).map(([ids, on]) => arrested(ids, on)),
  ),
  often(
    3,
    fc.tuple(person, date, sentence).map(([id, on, kind]) => convicted(id, on, kind)),
  ),
  often(
    2,
    fc.tuple(person, date).map(([id, on]) => transferred(id, on)),
  ),
  often(
    2,
    fc.tuple(person, date, fc.constantFrom(...RELEASE_BASES)).map(([id, on, basis]) => released(id, on, basis)),
  ),
  often(
    3,
    fc
      .tuple(opinionId, date, maybe(people), calls)
      .map(([id, on, ids, cs]) => opinionAdopted(id, { occurredOn: on, calls: cs, ...(ids && { personIds: ids }) })),
  ),
  often(
    2,
    fc
      .tuple(opinionId, fc.constantFrom(...CALLS), date, extent, maybe(people))
      .map(([id, call, on, x, ids]) =>
        measure(call, { opinionId: id, occurredOn: on, extent: x, ...(ids && { personIds: ids }) }),
      ),
  ),
  often(
    1,
    fc.tuple(opinionId, date).map(([id, on]) => followUpReplied(id, on)),
  ),
  often(
    2,
    fc.tuple(requestId, person, date).map(([id, who, on]) => releaseRequested(id, who, on)),
  ),
  often(
    1,
    fc.tuple(requestId, date, outcome).map(([id, on, o]) => requestDecided(id, on, o)),
  ),
  often(
    2,
    fc.tuple(inquiryId, date, maybe(opinionId)).map(([id, on, about]) => inquirySent(id, on, about)),
  ),
  often(
    1,
    fc.tuple(inquiryId, date).map(([id, on]) => noResponse(id, on)),
  ),
  often(
    1,
    fc.tuple(inquiryId, date).map(([id, on]) => responseReceived(id, on)),
  ),
);
const fact: fc.Arbitrary<CaseFact> = fc.oneof(often(1, opening), often(12, laterFact));
const correction = fc
  .tuple(fc.integer({ min: -1, max: 15 }), maybe(fact))
  .map(([revision, replacement]) => corrected(revision, replacement));
const event: fc.Arbitrary<CaseEvent> = fc.oneof(often(16, laterFact), often(1, opening), often(4, correction));

type Step = [event: CaseEvent, pick: number];
const steps = (of: fc.Arbitrary<CaseEvent>) =>
  fc.array(fc.tuple(of, fc.nat()), { minLength: 10, maxLength: 60, size: 'large' });
/** Mostly a case opened first (sometimes not, so NOT_FOUND gets its share), then anything. */
const history = fc.tuple(fc.oneof(often(19, opening), often(1, event)), steps(event));
/** An opened case and facts only: no correction has yet changed what later facts rest on. */
const plainHistory = fc.tuple(opening, steps(laterFact));

const retarget = <E extends CaseEvent>(e: E, data: Partial<E['data']>): E => ({ ...e, data: { ...e.data, ...data } });

/** Points a drawn event at something the case holds, three times in four. */
function aim(e: CaseEvent, state: CaseState, pick: number): CaseEvent {
  const one = <T>(list: T[], otherwise: T): T =>
    pick % 4 === 0 || !list.length ? otherwise : list[pick % list.length];
  const ids = <R>(list: R[], key: (record: R) => string) => list.map(key);
  const whoIs = (test: (custody: Custody) => boolean) =>
    state.subjects.map((s) => s.personId).filter((id) => test(custodyOf(state, id)));
  switch (e.type) {
    case 'EventCorrected':
      return retarget(e, { revision: one([...Array(state.revision + 1).keys()], e.data.revision) });
    case 'ImplementationMeasureRecorded':
    case 'StateFollowUpReplied':
      return retarget(e, {
        opinionId: one(
          ids(state.opinions, (o) => o.opinionId),
          e.data.opinionId,
        ),
      });
    case 'ReleaseRequestDecided':
      return retarget(e, {
        requestId: one(
          ids(state.requests, (r) => r.requestId),
          e.data.requestId,
        ),
      });
    case 'NoResponseRecorded':
    case 'ResponseReceived':
      return retarget(e, {
        inquiryId: one(
          ids(state.inquiries, (i) => i.inquiryId),
          e.data.inquiryId,
        ),
      });
    case 'TransferredToRestrictedFreedom':
      return retarget(e, {
        personId: one(
          whoIs((c) => c === 'imprisoned'),
          e.data.personId,
        ),
      });
    case 'PersonReleased':
      return retarget(e, {
        personId: one(
          whoIs((c) => IN_CUSTODY.has(c)),
          e.data.personId,
        ),
      });
    default:
      return e;
  }
}

interface Run {
  state: CaseState;
  accepted: CaseEvent[];
}
const fresh = (): Run => ({ state: initialState(CASE_ID), accepted: [] });

/** Decides each step in turn and keeps what is accepted. Any refusal must be a CaseRuleViolation. */
function run(input: Array<Step | CaseEvent>, start: Run = fresh()): Run {
  let { state } = start;
  const accepted = [...start.accepted];
  for (const step of input) {
    const candidate = Array.isArray(step) ? aim(step[0], state, step[1]) : step;
    let decided: CaseEvent[];
    try {
      decided = decide(withMetadata(record(candidate)), state);
    } catch (error) {
      if (!(error instanceof CaseRuleViolation)) throw error;
      continue;
    }
    for (const e of decided) state = evolve(state, e, accepted.push(e) - 1);
  }
  return { state, accepted };
}

const unique = (ids: string[]) => new Set(ids).size === ids.length;
const inOrder = (list: { revision: number }[]) => list.every((f, i) => i === 0 || list[i - 1].revision <= f.revision);
/** The facts of a file, without its bookkeeping (last revision, corrections made). */
const factsOf = ({ revision: _r, corrections: _c, ...facts }: CaseFile) => facts;

/** The fact in force at a revision: the event stored there, or the last replacement made for it. */
function inForce(accepted: CaseEvent[], revision: number): CaseFact | undefined {
  const original = accepted[revision];
  if (!original || original.type === 'EventCorrected') return undefined;
  let current: CaseFact | undefined = original;
  for (const e of accepted.slice(revision + 1)) {
    if (e.type === 'EventCorrected' && e.data.revision === revision) current = e.data.replacement;
  }
  return current;
}

describe('any sequence of commands', () => {
  it('is refused with a CaseRuleViolation or accepted, and what is accepted folds into a consistent case', () => {
    fc.assert(
      fc.property(history, ([first, rest]) => {
        const { state, accepted } = run([first, ...rest]);
        expect(
          fold(
            CASE_ID,
            accepted.map((e, revision) => ({ event: e, revision })),
          ),
        ).toEqual(state);
        expect(state.revision).toBe(accepted.length - 1);
        expect(state.opened).toBe(accepted.length > 0);
        expect(unique(state.subjects.map((s) => s.personId))).toBe(true);
        expect(unique(state.opinions.map((o) => o.opinionId))).toBe(true);
        expect(unique(state.requests.map((r) => r.requestId))).toBe(true);
        expect(unique(state.inquiries.map((i) => i.inquiryId))).toBe(true);
        expect(unique(state.decisions.map((d) => d.requestId))).toBe(true);
        const lists = [state.subjects, state.custody, state.opinions, state.measures, state.inquiryOutcomes];
        expect(lists.every(inOrder)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});

describe('correcting a fact, then correcting it back', () => {
  it('is accepted and restores the case file as it was', () => {
    fc.assert(
      fc.property(plainHistory, fc.nat(), maybe(laterFact), ([first, rest], pick, replacement) => {
        const before = run([first, ...rest]);
        const target = pick % before.accepted.length;
        const original = inForce(before.accepted, target)!;
        const isOpening = original.type === 'CaseOpened';
        const changed = run([corrected(target, isOpening ? opened('dan', 'eve') : replacement)], before);
        fc.pre(changed.accepted.length > before.accepted.length);
        const after = run([corrected(target, original)], changed);
        expect(after.accepted).toHaveLength(changed.accepted.length + 1);
        expect(factsOf(after.state)).toEqual(factsOf(before.state));
      }),
      { numRuns: 400 },
    );
  });

  it('restores a dropped fact in its place (when no later fact rests on it)', () => {
    fc.assert(
      fc.property(plainHistory, fc.nat(), ([first, rest], pick) => {
        const before = run([first, ...rest]);
        fc.pre(before.accepted.length > 1);
        const target = 1 + (pick % (before.accepted.length - 1));
        const dropped = run([corrected(target)], before);
        fc.pre(dropped.accepted.length > before.accepted.length);
        const after = run([corrected(target, inForce(before.accepted, target))], dropped);
        expect(after.accepted).toHaveLength(dropped.accepted.length + 1);
        expect(factsOf(after.state)).toEqual(factsOf(before.state));
      }),
      { numRuns: 400 },
    );
  });
});

describe('whatever correction is accepted', () => {
  it('leaves a history whose facts in force, recorded afresh in order, are each accepted', () => {
    fc.assert(
      fc.property(history, ([first, rest]) => {
        const { state } = run([first, ...rest]);
        const facts = [...factsInForce(state)].sort(([a], [b]) => a - b).map(([, fact]) => fact);
        const afresh = run(facts);
        expect(afresh.accepted).toEqual(facts);
      }),
      { numRuns: 400 },
    );
  });
});

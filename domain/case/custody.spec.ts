import example from '../../examples/forum18-kazakhstan-2023.json';
import { decide, evolve, initialState, type CaseState } from './case.decider';
import type { CaseEvent, SentenceKind } from './case.events';
import { arrested, CASE_ID, convicted, opened, released, transferred } from '../../test/support/case-fixtures';
import { given, TODAY } from '../../test/support/decider-spec';
import { dayFromIso } from '../calendar/calendar-day';
import type { CustodyFact } from './case-file';
import { custodyFactsOf, custodyOf, nextCustody, type Custody } from './custody';

type Step = 'arrested' | `convicted:${SentenceKind}` | 'transferred' | 'released';

/** One custody fact of ann's: `arrested`, `convicted:<sentence kind>`, `transferred` or `released`. */
const fact = (step: Step): CustodyFact => {
  const base = { revision: 1, personId: 'ann', occurredOn: '2019' };
  if (step === 'arrested' || step === 'transferred') return { ...base, kind: step };
  if (step === 'released') return { ...base, kind: step, basis: 'pardon' };
  const sentence = step.slice('convicted:'.length) as SentenceKind;
  return { ...base, kind: 'convicted', sentence, court: 'a court', charges: [] };
};

describe('nextCustody: at_liberty → detained → imprisoned | restricted_freedom → released', () => {
  it.each<[Custody, Step, Custody]>([
    ['at_liberty', 'arrested', 'detained'],
    ['detained', 'arrested', 'detained'],
    ['imprisoned', 'arrested', 'imprisoned'],
    ['restricted_freedom', 'arrested', 'detained'],
    ['released', 'arrested', 'detained'],
    ['detained', 'convicted:imprisonment', 'imprisoned'],
    ['detained', 'convicted:restricted_freedom', 'restricted_freedom'],
    ['detained', 'convicted:fine', 'released'],
    ['detained', 'convicted:suspended', 'released'],
    ['detained', 'convicted:other', 'detained'],
    ['imprisoned', 'convicted:restricted_freedom', 'imprisoned'],
    ['imprisoned', 'convicted:fine', 'imprisoned'],
    ['restricted_freedom', 'convicted:imprisonment', 'imprisoned'],
    ['imprisoned', 'transferred', 'restricted_freedom'],
    ['detained', 'released', 'released'],
    ['imprisoned', 'released', 'released'],
    ['restricted_freedom', 'released', 'released'],
  ])('%s, then %s → %s', (current, step, expected) => {
    expect(nextCustody(current, fact(step))).toBe(expected);
  });

  it.each<SentenceKind>(['imprisonment', 'restricted_freedom', 'fine', 'suspended', 'other'])(
    'a conviction to %s without an arrest (in absentia) leaves the person at liberty, or released',
    (sentence) => {
      expect(nextCustody('at_liberty', fact(`convicted:${sentence}`))).toBe('at_liberty');
      expect(nextCustody('released', fact(`convicted:${sentence}`))).toBe('released');
    },
  );

  it.each<Custody>(['at_liberty', 'detained', 'restricted_freedom', 'released'])(
    'a transfer moves only the imprisoned: %s stays',
    (current) => {
      expect(nextCustody(current, fact('transferred'))).toBe(current);
    },
  );

  it.each<Custody>(['at_liberty', 'released'])('a release of someone not in custody leaves %s', (current) => {
    expect(nextCustody(current, fact('released'))).toBe(current);
  });
});

describe('custodyOf a person, from their facts in recording order', () => {
  const custody = (...events: CaseEvent[]) => custodyOf(given(CASE_ID, [opened('ann', 'ben'), ...events]), 'ann');

  it.each<[string, CaseEvent[], Custody]>([
    ['no arrest yet', [], 'at_liberty'],
    ['arrested', [arrested('ann')], 'detained'],
    ['convicted to prison', [arrested('ann'), convicted('ann')], 'imprisoned'],
    [
      'sentenced to restricted freedom',
      [arrested('ann'), convicted('ann', '2019', 'restricted_freedom')],
      'restricted_freedom',
    ],
    ['transferred', [arrested('ann'), convicted('ann'), transferred('ann')], 'restricted_freedom'],
    ['released from prison', [arrested('ann'), convicted('ann'), released('ann')], 'released'],
    ['released after a transfer', [arrested('ann'), convicted('ann'), transferred('ann'), released('ann')], 'released'],
    ['fined after an arrest', [arrested('ann'), convicted('ann', '2019', 'fine')], 'released'],
    [
      'given a suspended sentence after an arrest',
      [arrested('ann'), convicted('ann', '2019', 'suspended')],
      'released',
    ],
    ['convicted without an arrest (in absentia)', [convicted('ann', '2019', 'imprisonment')], 'at_liberty'],
    ['arrested again after release', [arrested('ann'), released('ann', '2019'), arrested('ann', '2020')], 'detained'],
  ])('%s', (_story, events, expected) => {
    expect(custody(...events)).toBe(expected);
  });

  it("counts only the person's own facts", () => {
    const file = given(CASE_ID, [opened('ann', 'ben'), arrested(['ann', 'ben']), convicted('ann'), released('ben')]);
    expect([custodyOf(file, 'ann'), custodyOf(file, 'ben')]).toEqual(['imprisoned', 'released']);
    expect(custodyFactsOf(file, 'ben').map((f) => f.kind)).toEqual(['arrested', 'released']);
  });
});

describe('custody as of a day counts only facts that certainly happened by then', () => {
  const file = given(CASE_ID, [
    opened('ann'),
    arrested('ann', '2018-10'),
    convicted('ann', '2019-08'),
    transferred('ann', '2019-08/2023-09-26'),
  ]);
  const asOf = (day: string) => custodyOf(file, 'ann', dayFromIso(day));

  it('an arrest in 2018-10 is not certain before the month ends', () => {
    expect(asOf('2018-10-15')).toBe('at_liberty');
    expect(asOf('2018-10-31')).toBe('detained');
  });

  it('a transfer recorded as 2019-08/2023-09-26 does not count on 2022-12-31, but does on 2023-09-26', () => {
    expect(asOf('2022-12-31')).toBe('imprisoned');
    expect(asOf('2023-09-26')).toBe('restricted_freedom');
  });

  it('without a day, every fact counts', () => {
    expect(custodyOf(file, 'ann')).toBe('restricted_freedom');
    expect(custodyFactsOf(file, 'ann', dayFromIso('2019-12-31')).map((f) => f.kind)).toEqual(['arrested', 'convicted']);
  });
});

describe('certainty follows order: a certain later fact makes the earlier ones of that person certain', () => {
  const vague = '2015/2021';
  const asOf = (events: CaseEvent[], day: string, person = 'ann') =>
    custodyOf(given(CASE_ID, [opened('ann', 'ben'), ...events]), person, dayFromIso(day));

  it.each<[string, CaseEvent[], Custody, Custody]>([
    [
      'an arrest, by a certain conviction',
      [arrested('ann', vague), convicted('ann', '2020-05-01')],
      'at_liberty',
      'imprisoned',
    ],
    [
      'a conviction, by a certain transfer',
      [arrested('ann', '2014'), convicted('ann', vague), transferred('ann', '2020-05-01')],
      'detained',
      'restricted_freedom',
    ],
    [
      'an arrest and a conviction, by a certain release',
      [arrested('ann', vague), convicted('ann', vague), released('ann', '2020-05-01')],
      'at_liberty',
      'released',
    ],
    [
      'a transfer, by a certain release',
      [arrested('ann', '2014'), convicted('ann', '2014'), transferred('ann', vague), released('ann', '2020-05-01')],
      'imprisoned',
      'released',
    ],
    [
      'a release, by a certain arrest again',
      [arrested('ann', '2014'), released('ann', vague), arrested('ann', '2020-05-01')],
      'detained',
      'detained',
    ],
  ])('%s', (_step, events, before, after) => {
    expect(asOf(events, '2020-04-30')).toBe(before);
    expect(asOf(events, '2020-05-01')).toBe(after);
    // Every fact counts once the last one is certain, whatever custody it leads to.
    const counted = custodyFactsOf(given(CASE_ID, [opened('ann'), ...events]), 'ann', dayFromIso('2020-05-01'));
    expect(counted).toHaveLength(events.length);
  });

  it('a conviction known only as 2018/2021, certainly followed by a transfer on 2020-05-01: restricted freedom on 2020-06-01', () => {
    const events = [arrested('ann', '2018'), convicted('ann', '2018/2021'), transferred('ann', '2020-05-01')];
    expect(asOf(events, '2020-06-01')).toBe('restricted_freedom');
    expect(
      custodyFactsOf(given(CASE_ID, [opened('ann'), ...events]), 'ann', dayFromIso('2020-06-01')).map((f) => f.kind),
    ).toEqual(['arrested', 'convicted', 'transferred']);
  });

  it("proves nothing about another person's facts", () => {
    const events = [arrested(['ann', 'ben'], '2018'), convicted('ben', vague), convicted('ann', '2020-05-01')];
    expect([asOf(events, '2020-06-01', 'ann'), asOf(events, '2020-06-01', 'ben')]).toEqual(['imprisoned', 'detained']);
  });

  it('a vague fact with no certain fact after it still waits for its own last day', () => {
    const events = [arrested('ann', '2018'), convicted('ann', '2019'), released('ann', vague)];
    expect(asOf(events, '2020-06-01')).toBe('imprisoned');
    expect(asOf(events, '2022-01-01')).toBe('released');
  });
});

describe('the worked example (Forum 18, 26 September 2023)', () => {
  type Item = { caseId: string; type: CaseEvent['type']; data: CaseEvent['data'] };
  const items = example as unknown as Item[];

  /** Every item goes through the decider on the article's day, as an import would: none may be refused. */
  const cases = new Map<string, CaseState>();
  for (const { caseId, type, data } of items) {
    const state = cases.get(caseId) ?? initialState(caseId);
    const event = { type, data } as CaseEvent;
    const decided = decide({ type: 'RecordCaseEvent', data: { caseId, event }, metadata: { today: TODAY } }, state);
    cases.set(
      caseId,
      decided.reduce((s, e) => evolve(s, e, s.revision + 1), state),
    );
  }
  const group = cases.get('kz-whatsapp-group-2018')!;
  const tally = (file: CaseState, day: string) => {
    const counts: Partial<Record<Custody, string[]>> = {};
    for (const { personId } of file.subjects)
      (counts[custodyOf(file, personId, dayFromIso(day))] ??= []).push(personId);
    return counts;
  };

  it('is accepted whole: 6 cases, 47 events, the WhatsApp group with nine subjects', () => {
    expect(cases.size).toBe(6);
    expect([...cases.values()].reduce((n, file) => n + file.revision + 1, 0)).toBe(47);
    expect(group.subjects).toHaveLength(9);
  });

  it('as of 2023-09-26: three of the nine imprisoned, six under restricted freedom', () => {
    const counts = tally(group, '2023-09-26');
    expect(counts.imprisoned).toEqual(['beket-mynbasov', 'samat-adilov', 'ernar-samatov']);
    expect(counts.restricted_freedom).toHaveLength(6);
    expect(Object.keys(counts).sort()).toEqual(['imprisoned', 'restricted_freedom']);
  });

  it('as of 2022-12-31: all nine imprisoned (no transfer had certainly happened yet)', () => {
    expect(tally(group, '2022-12-31')).toEqual({ imprisoned: group.subjects.map((s) => s.personId) });
  });

  it('as of 2023-09-26 the five other prisoners named in the article are imprisoned', () => {
    const others = [...cases.values()].filter((file) => file !== group);
    expect(others.map((file) => tally(file, '2023-09-26'))).toEqual(
      others.map(() => ({ imprisoned: [expect.any(String)] })),
    );
  });
});

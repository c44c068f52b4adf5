import type { PersonTimeline, TimelineFact } from '../../src/dashboard/web/api-types';
import { dayNumber } from '../../src/dashboard/web/format';
import { custodyStretches, domainOf, scale, yearTicks } from '../../src/dashboard/web/timeline-layout';

const span = (text: string, first: string, last: string) => ({ text, first, last });
const fact = (kind: 'arrested' | 'transferred', on: TimelineFact['on'], custodyAfter: TimelineFact['custodyAfter']) =>
  ({ kind, revision: 0, on, custodyAfter }) as TimelineFact;
const convicted = (on: TimelineFact['on']): TimelineFact => ({
  kind: 'convicted',
  revision: 0,
  on,
  custodyAfter: 'imprisoned',
  sentence: 'imprisonment',
  court: 'a court',
  charges: [],
});
const person = (facts: TimelineFact[]): PersonTimeline => ({
  personId: 'p',
  name: 'P',
  custody: facts.at(-1)?.custodyAfter ?? 'at_liberty',
  facts,
  opinions: [],
});
const d = dayNumber;

describe('timeline layout', () => {
  it('draws custody as certain stretches between facts, and each uncertain date as a transition', () => {
    const iskakov = person([
      fact('arrested', span('2018-10', '2018-10-01', '2018-10-31'), 'detained'),
      convicted(span('2019-08', '2019-08-01', '2019-08-31')),
      fact('transferred', span('2019-09/2023-09-26', '2019-09-01', '2023-09-26'), 'restricted_freedom'),
    ]);
    expect(custodyStretches(iskakov, d('2023-09-27'))).toEqual([
      { from: d('2018-10-01'), to: d('2018-11-01'), custody: 'detained', before: 'at_liberty' },
      { from: d('2018-11-01'), to: d('2019-08-01'), custody: 'detained' },
      { from: d('2019-08-01'), to: d('2019-09-01'), custody: 'imprisoned', before: 'detained' },
      { from: d('2019-09-01'), to: d('2023-09-27'), custody: 'restricted_freedom', before: 'imprisoned' },
    ]);
  });

  it('merges overlapping uncertain dates into one transition from the first state to the last', () => {
    const whole = span('1991-12-16/2023-09-26', '1991-12-16', '2023-09-26');
    const stretches = custodyStretches(
      person([fact('arrested', whole, 'detained'), convicted(whole)]),
      d('2023-09-27'),
    );
    expect(stretches).toEqual([
      { from: d('1991-12-16'), to: d('2023-09-27'), custody: 'imprisoned', before: 'at_liberty' },
    ]);
  });

  it('draws nothing for someone never held', () => {
    const inAbsentia = { ...convicted(span('2020', '2020-01-01', '2020-12-31')), custodyAfter: 'at_liberty' as const };
    expect(custodyStretches(person([inAbsentia]), d('2023-01-01'))).toEqual([]);
    expect(custodyStretches(person([]), d('2023-01-01'))).toEqual([]);
  });

  it('spans the facts, the deadlines and the as-of day, with a margin', () => {
    const p = person([fact('arrested', span('2018-10', '2018-10-01', '2018-10-31'), 'detained')]);
    p.opinions = [
      {
        opinionId: 'OP',
        mechanism: 'WGAD',
        adoptedOn: span('2021-09', '2021-09-01', '2021-09-30'),
        followUpDueOn: { earliest: '2022-03-01', latest: '2024-03-30' },
      },
    ];
    const domain = domainOf([p], '2023-09-26');
    expect(domain.start).toBeLessThan(d('2018-10-01'));
    expect(domain.end).toBeGreaterThan(d('2024-03-30'));
    const x = scale(domain, 10, 110);
    expect(x(domain.start)).toBe(10);
    expect(x(domain.end)).toBe(110);
  });

  it('puts a tick on 1 January of every year, or of every few years when they would crowd', () => {
    const domain = { start: d('2018-06-01'), end: d('2023-10-01') };
    expect(yearTicks(domain, 10).map((t) => t.year)).toEqual([2019, 2020, 2021, 2022, 2023]);
    expect(yearTicks(domain, 3).map((t) => t.year)).toEqual([2020, 2022]);
    expect(yearTicks({ start: d('1991-01-01'), end: d('2023-10-01') }, 5).map((t) => t.year)).toEqual([
      2000, 2010, 2020,
    ]);
  });
});

import {
  day,
  exampleFiles,
  fold,
  given,
  jailed,
  OP,
  opinionAsOf as viewOf,
  WGAD_2021_33,
  WHATSAPP,
} from './case-files.fixture';
import { opinionView, opinionViews, type OpinionView } from './opinion.view';

const call = (view: OpinionView, name: string) => view.calls.find((c) => c.call === name);

describe('opinionViews on the worked example (Forum 18, 26 September 2023)', () => {
  const asOf = day('2023-09-26');

  it('gives A/HRC/WGAD/2021/33 the article’s figures', () => {
    const [view] = opinionViews(exampleFiles(), asOf);
    const outstanding = { status: 'not_implemented', daysOutstanding: { min: 726, max: 755 } };
    expect(view).toMatchObject({
      opinionId: WGAD_2021_33,
      mechanism: 'WGAD',
      caseIds: [WHATSAPP],
      countries: ['KZ'],
      occurredOn: '2021-09',
      status: 'not_implemented',
      grade: 'D',
      daysSinceAdoption: { min: 726, max: 755 },
      followUpDueOn: { earliest: '2022-03-01', latest: '2022-03-30' },
      followUpOverdue: true,
      calls: [
        { call: 'release', ...outstanding },
        { call: 'compensation', ...outstanding },
        { call: 'investigation', ...outstanding },
        { call: 'accountability', ...outstanding },
      ],
      custody: { at_liberty: 0, detained: 0, imprisoned: 3, restricted_freedom: 6, released: 0 },
    });
    expect(view).not.toHaveProperty('transmittedOn');
    expect(view.people).toHaveLength(9);
    expect(view.people.filter((p) => p.custody === 'imprisoned').map((p) => p.name)).toEqual([
      'Beket Mynbasov',
      'Samat Adilov',
      'Ernar Samatov',
    ]);
  });

  it('lists only the one opinion: the five other cases have none', () => {
    expect(opinionViews(exampleFiles(), asOf).map((v) => v.opinionId)).toEqual([WGAD_2021_33]);
  });

  it('counts all nine as imprisoned on 2022-12-31: the interval transfers had not certainly happened', () => {
    const view = opinionView(WGAD_2021_33, exampleFiles(), day('2022-12-31'));
    expect(view?.custody).toEqual({ at_liberty: 0, detained: 0, imprisoned: 9, restricted_freedom: 0, released: 0 });
  });

  it('is D, not E: the early-release denials concern men the opinion does not cover', () => {
    expect(opinionView(WGAD_2021_33, exampleFiles(), asOf)?.grade).toBe('D');
  });
});

describe('when an opinion exists as of a day', () => {
  it('appears from the first day its adoption may have happened, counting from zero days', () => {
    const events = [given.opened('KZ', 'a'), given.opinion(OP, '2021-09', ['release'])];
    expect(opinionView(OP, [fold('c1', events)], day('2021-08-31'))).toBeUndefined();
    expect(opinionViews([fold('c1', events)], day('2021-08-31'))).toEqual([]);
    expect(viewOf(events, '2021-09-01')).toMatchObject({
      daysSinceAdoption: { min: 0, max: 0 },
      followUpOverdue: false,
      grade: 'C',
      calls: [{ call: 'release', status: 'not_implemented', daysOutstanding: { min: 0, max: 0 } }],
    });
  });

  it('counts exact days between exact dates', () => {
    const events = [given.opened('KZ', 'a'), given.opinion(OP, '2020-02-28', ['release'])];
    expect(viewOf(events, '2021-03-01').daysSinceAdoption).toEqual({ min: 367, max: 367 });
  });

  it('is undefined for an opinion no case records', () => {
    expect(opinionView('A/HRC/WGAD/1999/1', exampleFiles(), day('2023-09-26'))).toBeUndefined();
  });

  it('lists opinions oldest adoption first', () => {
    const file = fold('c1', [
      given.opened('KZ', 'a'),
      given.opinion('B/2', '2022-01', ['release']),
      given.opinion('A/1', '2021', ['release']),
      given.opinion('A/0', '2022-01', ['release']),
    ]);
    expect(opinionViews([file], day('2023-01-01')).map((v) => v.opinionId)).toEqual(['A/1', 'A/0', 'B/2']);
  });
});

describe('the release call', () => {
  it('is implemented once every covered person is released, on the date of the last release', () => {
    const view = viewOf(
      [...jailed, given.released('a', '2022-09-01'), given.released('b', '2022-10-03')],
      '2022-12-01',
    );
    expect(call(view, 'release')).toEqual({ call: 'release', status: 'implemented', implementedOn: '2022-10-03' });
    expect(view.custody).toMatchObject({ released: 2, imprisoned: 0 });
  });

  it('is partially implemented while some covered people are still held, and counts days outstanding', () => {
    const view = viewOf([...jailed, given.released('a', '2022-09-01')], '2022-12-01');
    expect(call(view, 'release')).toEqual({
      call: 'release',
      status: 'partially_implemented',
      daysOutstanding: { min: 205, max: 205 },
    });
  });

  it('does not count a release on completion of the sentence: the state did nothing for the opinion', () => {
    const events = [
      ...jailed,
      given.released('a', '2022-09-01', 'sentence_completed'),
      given.released('b', '2022-09-01'),
    ];
    expect(call(viewOf(events, '2022-12-01'), 'release')?.status).toBe('partially_implemented');
    const both = [...jailed, ...['a', 'b'].map((p) => given.released(p, '2022-09-01', 'sentence_completed'))];
    expect(call(viewOf(both, '2022-12-01'), 'release')?.status).toBe('not_implemented');
  });

  it('counts pardons and amnesties: any basis but completion of the sentence', () => {
    const events = [
      ...jailed,
      given.released('a', '2022-09-01', 'pardon'),
      given.released('b', '2022-09-02', 'amnesty'),
    ];
    expect(call(viewOf(events, '2022-12-01'), 'release')?.status).toBe('implemented');
  });

  it('does not count a transfer to restricted freedom: the sentence goes on', () => {
    const events = [...jailed, given.transferred('a', '2022-09-01'), given.transferred('b', '2022-09-01')];
    const view = viewOf(events, '2022-12-01');
    expect(call(view, 'release')?.status).toBe('not_implemented');
    expect(view.custody).toMatchObject({ restricted_freedom: 2 });
  });

  it('ignores people the opinion does not cover', () => {
    const view = viewOf([...jailed, given.released('c', '2022-09-01')], '2022-12-01');
    expect(call(view, 'release')?.status).toBe('not_implemented');
    expect(view.people.map((p) => p.personId)).toEqual(['a', 'b']);
  });

  it('counts a release with a partial date only once it certainly happened', () => {
    const events = [...jailed, given.released('a', '2022-09-01'), given.released('b', '2022-10/2022-11-15')];
    expect(call(viewOf(events, '2022-11-14'), 'release')?.status).toBe('partially_implemented');
    expect(call(viewOf(events, '2022-11-15'), 'release')).toMatchObject({
      status: 'implemented',
      implementedOn: '2022-10/2022-11-15',
    });
  });

  it('dates the implementation by the release that may have come last', () => {
    const vagueFirst = [...jailed, given.released('a', '2022-10'), given.released('b', '2022-10-20')];
    expect(call(viewOf(vagueFirst, '2022-12-01'), 'release')?.implementedOn).toBe('2022-10');
    const vagueLast = [...jailed, given.released('a', '2022-10-20'), given.released('b', '2022-10')];
    expect(call(viewOf(vagueLast, '2022-12-01'), 'release')?.implementedOn).toBe('2022-10');
  });
});

describe('calls met by measures (compensation and the like)', () => {
  const released = [...jailed, given.released('a', '2022-09-01'), given.released('b', '2022-09-01')];

  it('counts a covered person once a full measure names them', () => {
    const one = [...released, given.measure(OP, 'compensation', '2022-10-01', 'full', ['a'])];
    expect(call(viewOf(one, '2022-12-01'), 'compensation')).toMatchObject({ status: 'partially_implemented' });
    const both = [...one, given.measure(OP, 'compensation', '2022-11', 'full', ['b'])];
    expect(call(viewOf(both, '2022-12-01'), 'compensation')).toEqual({
      call: 'compensation',
      status: 'implemented',
      implementedOn: '2022-11',
    });
  });

  it('counts the whole call once a full measure names nobody', () => {
    const events = [...released, given.measure(OP, 'compensation', '2022-10-01', 'full')];
    expect(call(viewOf(events, '2022-12-01'), 'compensation')).toEqual({
      call: 'compensation',
      status: 'implemented',
      implementedOn: '2022-10-01',
    });
  });

  it('dates the implementation by whichever completed the call first', () => {
    const events = [
      ...released,
      given.measure(OP, 'compensation', '2022-09-10', 'full', ['a']),
      given.measure(OP, 'compensation', '2022-09-20', 'full', ['b']),
      given.measure(OP, 'compensation', '2022-10-01', 'full'),
    ];
    expect(call(viewOf(events, '2022-12-01'), 'compensation')?.implementedOn).toBe('2022-09-20');
  });

  it('is partially implemented by a partial measure, once it certainly happened', () => {
    const events = [...released, given.measure(OP, 'compensation', '2022-10', 'partial', ['a', 'b'])];
    expect(call(viewOf(events, '2022-10-30'), 'compensation')?.status).toBe('not_implemented');
    expect(call(viewOf(events, '2022-10-31'), 'compensation')).toEqual({
      call: 'compensation',
      status: 'partially_implemented',
      daysOutstanding: { min: 174, max: 174 },
    });
  });
});

describe('performance', () => {
  it('computes thousands of opinions in well under a second per thousand', () => {
    const files = Array.from({ length: 3000 }, (_, i) =>
      fold(`case-${i}`, [...jailed.slice(0, 5), given.opinion(`OP/${i}`, '2022-05', ['release', 'compensation'])]),
    );
    const started = performance.now();
    const views = opinionViews(files, day('2023-09-26'));
    expect(views).toHaveLength(3000);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

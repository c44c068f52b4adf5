import { day, fold, given, jailed, OP, opinionAsOf as viewOf } from './case-files.fixture';
import { opinionView, opinionViews } from './opinion.view';

describe('status and grade of an opinion', () => {
  const releaseBoth = [given.released('a', '2022-09-01'), given.released('b', '2022-09-01')];

  it('is implemented and A when every call is', () => {
    const events = [...jailed, ...releaseBoth, given.measure(OP, 'compensation', '2022-10-01', 'full')];
    expect(viewOf(events, '2022-12-01')).toMatchObject({ status: 'implemented', grade: 'A' });
  });

  it('is partially implemented and B when some call has progress', () => {
    expect(viewOf([...jailed, ...releaseBoth], '2022-12-01')).toMatchObject({
      status: 'partially_implemented',
      grade: 'B',
    });
  });

  it('is E after a covered person’s release request is denied, even with partial progress', () => {
    const denied = [...jailed, given.requested('r1', 'a', '2022-06-01'), given.decided('r1', '2022-07-01', 'denied')];
    expect(viewOf(denied, '2022-06-30').grade).toBe('C');
    expect(viewOf(denied, '2022-07-01')).toMatchObject({ status: 'not_implemented', grade: 'E' });
    expect(viewOf([...denied, given.released('b', '2022-09-01')], '2022-12-01')).toMatchObject({
      status: 'partially_implemented',
      grade: 'E',
    });
  });

  it('is not E for a denial before the adoption, one that may have preceded it, or of someone not covered', () => {
    const before = [...jailed, given.requested('r1', 'a', '2022-03-01'), given.decided('r1', '2022-04-01', 'denied')];
    expect(viewOf(before, '2022-12-01').grade).toBe('D');
    const overlapping = [...jailed, given.requested('r1', 'a', '2022-03'), given.decided('r1', '2022-05', 'denied')];
    expect(viewOf(overlapping, '2022-12-01').grade).toBe('D');
    const uncovered = [
      ...jailed,
      given.requested('r1', 'c', '2022-06-01'),
      given.decided('r1', '2022-07-01', 'denied'),
    ];
    expect(viewOf(uncovered, '2022-12-01').grade).toBe('D');
    const granted = [...jailed, given.requested('r1', 'a', '2022-06-01'), given.decided('r1', '2022-07-01', 'granted')];
    expect(viewOf(granted, '2022-12-01').grade).toBe('D');
  });

  it('is E once a covered person is convicted again after the adoption', () => {
    const again = [...jailed, given.convicted('b', '2022-09-01')];
    expect(viewOf(again, '2022-08-31').grade).toBe('C');
    expect(viewOf(again, '2022-09-01').grade).toBe('E');
  });

  it('is A, not E, once implemented in spite of an earlier denial', () => {
    const events = [
      ...jailed,
      given.requested('r1', 'a', '2022-06-01'),
      given.decided('r1', '2022-07-01', 'denied'),
      ...releaseBoth,
      given.measure(OP, 'compensation', '2022-10-01', 'full'),
    ];
    expect(viewOf(events, '2022-12-01').grade).toBe('A');
  });

  it('is C before the follow-up is due and D the day after the latest due day', () => {
    expect(viewOf(jailed, '2022-11-10')).toMatchObject({
      followUpDueOn: { earliest: '2022-11-10', latest: '2022-11-10' },
      followUpOverdue: false,
      grade: 'C',
    });
    expect(viewOf(jailed, '2022-11-11')).toMatchObject({ followUpOverdue: true, grade: 'D' });
  });

  it('is C, not overdue, when the state has replied, once the reply certainly came', () => {
    const replied = [...jailed, given.replied(OP, '2022-12')];
    expect(viewOf(replied, '2022-12-30')).toMatchObject({ followUpOverdue: true, grade: 'D' });
    expect(viewOf(replied, '2022-12-31')).toMatchObject({ followUpOverdue: false, grade: 'C' });
  });

  it('waits for the latest possible due day of an opinion adopted in some month', () => {
    const events = [given.opened('KZ', 'a'), given.opinion(OP, '2021-08', ['release'])];
    expect(viewOf(events, '2022-02-28')).toMatchObject({
      followUpDueOn: { earliest: '2022-02-01', latest: '2022-02-28' },
      followUpOverdue: false,
    });
    expect(viewOf(events, '2022-03-01').followUpOverdue).toBe(true);
  });

  it('counts the follow-up period from transmission when known, over followUpMonths', () => {
    const events = [
      given.opened('KZ', 'a'),
      given.opinion(OP, '2022-01-10', ['release'], { transmittedOn: '2022-02-20', followUpMonths: 12 }),
    ];
    expect(viewOf(events, '2023-01-01')).toMatchObject({
      transmittedOn: '2022-02-20',
      followUpDueOn: { earliest: '2023-02-20', latest: '2023-02-20' },
    });
  });
});

describe('an opinion recorded in several cases', () => {
  const kz = fold('kz-case', [
    given.opened('KZ', 'a', 'b'),
    given.arrested('2021-01', 'a', 'b'),
    given.opinion(OP, '2021-09', ['release', 'compensation']),
    given.released('a', '2022-01-10'),
    given.released('b', '2022-01-11'),
  ]);
  const uz = fold('uz-case', [
    given.opened('UZ', 'a', 'c'),
    given.arrested('2021-02-01', 'a', 'c'),
    {
      type: 'UnOpinionAdopted',
      data: { opinionId: OP, mechanism: 'other', occurredOn: '2021-09-15', calls: ['release', 'compensation'] },
    },
    given.measure(OP, 'compensation', '2022-03-01', 'full'),
    given.replied(OP, '2022-02-01'),
  ]);

  it('is one entry over all of them, its people keyed by case and person', () => {
    const views = opinionViews([kz, uz], day('2022-06-01'));
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({
      mechanism: 'WGAD',
      occurredOn: '2021-09',
      caseIds: ['kz-case', 'uz-case'],
      countries: ['KZ', 'UZ'],
      custody: { released: 2, detained: 2 },
      followUpOverdue: false,
      grade: 'B',
    });
    expect(views[0].people.map((p) => `${p.caseId}/${p.personId}`)).toEqual([
      'kz-case/a',
      'kz-case/b',
      'uz-case/a',
      'uz-case/c',
    ]);
  });

  it('needs the covered people of every case released, and counts measures recorded in any of them', () => {
    const view = opinionView(OP, [kz, uz], day('2022-06-01'));
    expect(view?.calls).toEqual([
      { call: 'release', status: 'partially_implemented', daysOutstanding: { min: 244, max: 273 } },
      { call: 'compensation', status: 'implemented', implementedOn: '2022-03-01' },
    ]);
  });

  it('takes the mechanism and dates from the case that recorded it first', () => {
    expect(opinionView(OP, [uz, kz], day('2022-06-01'))).toMatchObject({
      mechanism: 'other',
      occurredOn: '2021-09-15',
    });
  });
});

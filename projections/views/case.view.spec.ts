import { caseSummary, caseView } from './case.view';
import { day, exampleFiles, fold, given, WGAD_2021_33, WHATSAPP } from './case-files.fixture';

const whatsapp = () => {
  const file = exampleFiles().find((f) => f.caseId === WHATSAPP);
  if (!file) throw new Error('the worked example lost its WhatsApp case');
  return file;
};
const custodyCounts = (subjects: Array<{ custody: string }>) =>
  subjects.reduce<Record<string, number>>((n, s) => ({ ...n, [s.custody]: (n[s.custody] ?? 0) + 1 }), {});

describe('caseView on the worked example', () => {
  it('shows 3 imprisoned, 6 under restricted freedom and four unanswered inquiries on 26 September 2023', () => {
    const view = caseView(whatsapp(), day('2023-09-26'));
    expect(view).toMatchObject({ caseId: WHATSAPP, country: 'KZ', revision: 25, opinions: [WGAD_2021_33] });
    expect(custodyCounts(view.subjects)).toEqual({ imprisoned: 3, restricted_freedom: 6 });
    expect(
      view.inquiries.map(({ to, occurredOn, answered, daysWaited }) => ({ to, occurredOn, answered, daysWaited })),
    ).toEqual([
      {
        to: "General Prosecutor's Office",
        occurredOn: '2023-09-15',
        answered: false,
        daysWaited: { min: 11, max: 11 },
      },
      {
        to: 'Religious Affairs Committee',
        occurredOn: '2023-09-15',
        answered: false,
        daysWaited: { min: 11, max: 11 },
      },
      { to: 'Foreign Ministry', occurredOn: '2023-09-20', answered: false, daysWaited: { min: 6, max: 6 } },
      { to: 'National Human Rights Centre', occurredOn: '2023-09-25', answered: false, daysWaited: { min: 1, max: 1 } },
    ]);
  });

  it('shows all nine imprisoned on 31 December 2022, with no inquiry yet and only the sources of facts by then', () => {
    const view = caseView(whatsapp(), day('2022-12-31'));
    expect(custodyCounts(view.subjects)).toEqual({ imprisoned: 9 });
    expect(view.inquiries).toEqual([]);
    expect(view.sources.map((s) => s.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(view.timeline.every((person) => person.facts.every((f) => f.kind !== 'transferred'))).toBe(true);
  });

  it('counts everything recorded when no day is given, and then leaves out days waited', () => {
    const view = caseView(whatsapp());
    expect(custodyCounts(view.subjects)).toEqual({ imprisoned: 3, restricted_freedom: 6 });
    expect(view.inquiries).toHaveLength(4);
    expect(view.inquiries.every((i) => !('daysWaited' in i))).toBe(true);
    expect(view.sources).toHaveLength(whatsapp().sources.length);
  });

  it('draws a person’s timeline with uncertain dates as spans, and the opinion with its follow-up due range', () => {
    const iskakov = caseView(whatsapp(), day('2023-09-26')).timeline.find((p) => p.personId === 'zhasulan-iskakov');
    expect(iskakov).toEqual({
      personId: 'zhasulan-iskakov',
      name: 'Zhasulan Iskakov',
      custody: 'restricted_freedom',
      facts: [
        {
          kind: 'arrested',
          revision: 1,
          authority: 'National Security Committee (NSC)',
          on: { text: '2018-10', first: '2018-10-01', last: '2018-10-31' },
          custodyAfter: 'detained',
        },
        {
          kind: 'convicted',
          revision: 7,
          sentence: 'imprisonment',
          court: 'Almaly District Court, Almaty',
          charges: ['Criminal Code Article 174, Part 2'],
          on: { text: '2019-08', first: '2019-08-01', last: '2019-08-31' },
          custodyAfter: 'imprisoned',
        },
        {
          kind: 'transferred',
          revision: 12,
          on: { text: '2019-09/2023-09-26', first: '2019-09-01', last: '2023-09-26' },
          custodyAfter: 'restricted_freedom',
        },
      ],
      opinions: [
        {
          opinionId: WGAD_2021_33,
          mechanism: 'WGAD',
          adoptedOn: { text: '2021-09', first: '2021-09-01', last: '2021-09-30' },
          followUpDueOn: { earliest: '2022-03-01', latest: '2022-03-30' },
        },
      ],
    });
  });
});

describe('caseView as of a day', () => {
  it('always counts the opening, which has no date', () => {
    const view = caseView(whatsapp(), day('1900-01-01'));
    expect(view).toMatchObject({ title: expect.stringContaining('WhatsApp'), country: 'KZ', opinions: [] });
    expect(view.subjects.every((s) => s.custody === 'at_liberty')).toBe(true);
    expect(view.timeline.every((p) => p.facts.length === 0 && p.opinions.length === 0)).toBe(true);
    expect(view.sources.map((s) => s.revision)).toEqual([0]);
  });

  it('shows an opinion from the first day its adoption may have happened', () => {
    const file = fold('c1', [given.opened('KZ', 'a'), given.opinion('OP/1', '2021-09', ['release'])]);
    expect(caseView(file, day('2021-08-31')).opinions).toEqual([]);
    expect(caseView(file, day('2021-09-01')).opinions).toEqual(['OP/1']);
    expect(caseView(file, day('2021-09-01')).timeline[0].opinions).toHaveLength(1);
  });

  it('puts the timeline in date order whatever order the facts were recorded in', () => {
    const file = fold('c1', [
      given.opened('KZ', 'a'),
      given.arrested('2020-03-01', 'a'),
      given.convicted('a', '2020-09'),
      given.arrested('2019-05', 'a'),
    ]);
    const facts = caseView(file, day('2021-01-01')).timeline[0].facts;
    expect(facts.map((f) => `${f.kind} ${f.on.text}`)).toEqual([
      'arrested 2019-05',
      'arrested 2020-03-01',
      'convicted 2020-09',
    ]);
  });

  it('says where the person stands after each fact, in the timeline’s date order', () => {
    const file = fold('c1', [
      given.opened('KZ', 'a', 'b'),
      given.convicted('a', '2019-02'),
      given.released('a', '2022-01-10'),
      given.transferred('a', '2021-05-01'),
      given.arrested('2020-03-01', 'a'),
      given.arrested('2020-03-01', 'b'),
      given.convicted('b', '2020-09', 'fine'),
    ]);
    const [a, b] = caseView(file, day('2023-01-01')).timeline;
    // Sentenced in absentia first: still at liberty until the arrest.
    expect(a.facts.map((f) => `${f.kind} ${f.custodyAfter}`)).toEqual([
      'convicted at_liberty',
      'arrested detained',
      'transferred detained',
      'released released',
    ]);
    expect(b.facts.map((f) => f.custodyAfter)).toEqual(['detained', 'released']);
  });

  it('shows the replacement of a corrected fact, and drops a fact corrected away', () => {
    const file = fold('c1', [
      given.opened('KZ', 'a', 'b'),
      given.arrested('2020-03-01', 'a'),
      given.arrested('2020-04-01', 'b'),
      given.corrected(1, given.arrested('2020-02-01', 'a')),
      given.corrected(2),
    ]);
    const view = caseView(file, day('2021-01-01'));
    expect(view.subjects.map((s) => s.custody)).toEqual(['detained', 'at_liberty']);
    expect(view.timeline[0].facts.map((f) => f.on.text)).toEqual(['2020-02-01']);
  });
});

describe('inquiries of a case', () => {
  const file = fold('c1', [
    given.opened('KZ', 'a'),
    given.inquiry('q1', 'Ministry of Justice', '2023-09-01'),
    given.inquiry('q2', 'Ombudsman', '2023-09-02', 'OP/1'),
    given.noResponse('q1', '2023-09-10'),
    given.response('q1', '2023-09-20'),
    given.inquiry('q3', 'Prosecutor', '2023-09'),
    given.noResponse('q3', '2023-09-15'),
  ]);

  it('is answered only by a response that certainly came by the day: "no response" does not answer', () => {
    const [q1] = caseView(file, day('2023-09-19')).inquiries;
    expect(q1).toMatchObject({ answered: false, daysWaited: { min: 18, max: 18 } });
    expect(caseView(file, day('2023-09-20')).inquiries[0]).toEqual({
      inquiryId: 'q1',
      to: 'Ministry of Justice',
      channel: 'writing',
      question: 'Will you comply?',
      occurredOn: '2023-09-01',
      answered: true,
      answeredOn: '2023-09-20',
    });
  });

  it('counts an inquiry of uncertain date as sent once it certainly was, or once an outcome proves it', () => {
    expect(caseView(file, day('2023-09-14')).inquiries.map((i) => i.inquiryId)).toEqual(['q1', 'q2']);
    const q3 = caseView(file, day('2023-09-15')).inquiries.find((i) => i.inquiryId === 'q3');
    expect(q3).toMatchObject({ answered: false, daysWaited: { min: 0, max: 14 } });
  });

  it('keeps the opinion an inquiry asks about', () => {
    expect(caseView(file, day('2023-09-30')).inquiries[1]).toMatchObject({ inquiryId: 'q2', opinionId: 'OP/1' });
  });
});

describe('caseSummary', () => {
  it('lists the case with its people’s custody and its opinions, as of a day', () => {
    const file = fold('c1', [
      given.opened('UZ', 'a', 'b'),
      given.arrested('2021-01', 'a'),
      given.opinion('OP/1', '2021-09-01', ['release'], { personIds: ['a'] }),
    ]);
    expect(caseSummary(file, day('2021-12-31'))).toEqual({
      caseId: 'c1',
      title: 'A case in UZ',
      country: 'UZ',
      revision: 2,
      subjects: [
        { personId: 'a', name: 'A', custody: 'detained' },
        { personId: 'b', name: 'B', custody: 'at_liberty' },
      ],
      opinions: ['OP/1'],
    });
    expect(caseSummary(file, day('2021-01-30')).subjects[0].custody).toBe('at_liberty');
  });
});

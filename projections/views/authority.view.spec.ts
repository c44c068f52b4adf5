import { authorityViews } from './authority.view';
import { day, exampleFiles, fold, given, WGAD_2021_33, WHATSAPP } from './case-files.fixture';

describe('authorityViews on the worked example', () => {
  it('shows four authorities with one unanswered inquiry each on 26 September 2023', () => {
    const views = authorityViews(exampleFiles(), day('2023-09-26'));
    expect(
      views.map(({ authority, sent, answered, unanswered, longestWait }) => ({
        authority,
        sent,
        answered,
        unanswered,
        longestWait,
      })),
    ).toEqual([
      { authority: 'Foreign Ministry', sent: 1, answered: 0, unanswered: 1, longestWait: { min: 6, max: 6 } },
      {
        authority: "General Prosecutor's Office",
        sent: 1,
        answered: 0,
        unanswered: 1,
        longestWait: { min: 11, max: 11 },
      },
      {
        authority: 'National Human Rights Centre',
        sent: 1,
        answered: 0,
        unanswered: 1,
        longestWait: { min: 1, max: 1 },
      },
      {
        authority: 'Religious Affairs Committee',
        sent: 1,
        answered: 0,
        unanswered: 1,
        longestWait: { min: 11, max: 11 },
      },
    ]);
    expect(views[1].inquiries).toEqual([
      {
        caseId: WHATSAPP,
        inquiryId: 'f18-2023-09-15-gpo',
        occurredOn: '2023-09-15',
        opinionId: WGAD_2021_33,
        answered: false,
        daysWaited: { min: 11, max: 11 },
      },
    ]);
  });

  it('shows nobody before the first inquiry', () => {
    expect(authorityViews(exampleFiles(), day('2023-09-14'))).toEqual([]);
  });
});

describe('authorityViews', () => {
  const kz = fold('kz-case', [
    given.opened('KZ', 'a'),
    given.inquiry('q1', 'Ministry of Justice', '2023-09-01'),
    given.inquiry('q2', 'Ministry of Justice', '2023-08'),
    given.inquiry('q3', 'Ombudsman', '2023-09-05'),
    given.noResponse('q3', '2023-09-20'),
    given.response('q1', '2023-09-10'),
  ]);
  const uz = fold('uz-case', [
    given.opened('UZ', 'b'),
    given.inquiry('q1', 'Ministry of Justice ', '2023-09-01'),
    given.inquiry('q4', 'Ombudsman', '2023-09'),
    given.response('q4', '2023-09-25'),
  ]);

  it('groups inquiries by authority over all cases, most unanswered first, then by name', () => {
    const views = authorityViews([kz, uz], day('2023-09-30'));
    expect(views.map((v) => [v.authority, v.sent, v.answered, v.unanswered])).toEqual([
      ['Ministry of Justice', 3, 1, 2],
      ['Ombudsman', 2, 1, 1],
    ]);
    expect(views[0].inquiries.map((i) => `${i.caseId}/${i.inquiryId}`)).toEqual([
      'kz-case/q2',
      'kz-case/q1',
      'uz-case/q1',
    ]);
  });

  it('takes the longest wait over the unanswered ones, as a range when dates are partial', () => {
    const [justice] = authorityViews([kz, uz], day('2023-09-30'));
    expect(justice.inquiries.map((i) => i.daysWaited)).toEqual([{ min: 30, max: 60 }, undefined, { min: 29, max: 29 }]);
    expect(justice.longestWait).toEqual({ min: 30, max: 60 });
  });

  it('is answered only by a response certainly received: "no response" leaves it waiting', () => {
    const ombudsman = authorityViews([kz], day('2023-09-30')).find((v) => v.authority === 'Ombudsman');
    expect(ombudsman).toMatchObject({ answered: 0, unanswered: 1, longestWait: { min: 25, max: 25 } });
    const [, q1] = authorityViews([kz], day('2023-09-10'))[0].inquiries;
    expect(q1).toEqual({
      caseId: 'kz-case',
      inquiryId: 'q1',
      occurredOn: '2023-09-01',
      answered: true,
      answeredOn: '2023-09-10',
    });
    expect(authorityViews([kz], day('2023-09-09'))[0].inquiries[1]).toMatchObject({ answered: false });
  });

  it('has no longest wait when every inquiry is answered', () => {
    const ombudsman = authorityViews([uz], day('2023-09-30')).find((v) => v.authority === 'Ombudsman');
    expect(ombudsman).toMatchObject({ sent: 1, answered: 1, unanswered: 0, longestWait: null });
  });

  it('counts an inquiry of uncertain date once it certainly was sent, or an answer proves it', () => {
    expect(authorityViews([uz], day('2023-09-24')).map((v) => v.authority)).toEqual(['Ministry of Justice']);
    expect(authorityViews([uz], day('2023-09-25')).map((v) => v.authority)).toEqual([
      'Ministry of Justice',
      'Ombudsman',
    ]);
    expect(authorityViews([kz], day('2023-08-30')).map((v) => v.sent)).toEqual([]);
    expect(authorityViews([kz], day('2023-08-31')).map((v) => v.sent)).toEqual([1]);
  });
});

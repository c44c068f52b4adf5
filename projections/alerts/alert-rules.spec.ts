import type { CaseEvent } from '../../domain/case/case.events';
import type { CaseFile } from '../../domain/case/case-file';
import { day, exampleFiles, fold, given, jailed, OP, WGAD_2021_33, WHATSAPP } from '../views/case-files.fixture';
import { opinionView } from '../views/opinion.view';
import { authorityViews } from '../views/authority.view';
import { alertsDue, casesByOpinion } from './alert-rules';

const TEN_DAYS = { inquiryResponseDays: 10 };

/** The alertIds due for a one-case fixture as of an ISO day. */
const idsFor = (events: CaseEvent[], asOf: string, options = TEN_DAYS) =>
  alertsDue(fold('c1', events), day(asOf), options).map((a) => a.alertId);

/** The worked example as the saga judges it: every case, opinions judged over all cases that record them. */
function exampleAlerts(asOf: string): string[] {
  const files = exampleFiles();
  const casesRecording = casesByOpinion(files);
  return files.flatMap((file) => alertsDue(file, day(asOf), { ...TEN_DAYS, casesRecording }).map((a) => a.alertId));
}

const overdue = (opinionId = OP, caseId = 'c1') => `opinion.follow_up_overdue:${caseId}:${opinionId}`;
const anniversary = (years: number, opinionId = OP, caseId = 'c1') =>
  `opinion.unimplemented_anniversary:${caseId}:${opinionId}:${years}`;
const unanswered = (inquiryId: string, caseId = 'c1') => `inquiry.unanswered:${caseId}:${inquiryId}`;

describe('alertsDue on the worked example (Forum 18, 26 September 2023)', () => {
  it('raises the follow-up, the first anniversary and the two inquiries of 15 September, nothing else', () => {
    expect(exampleAlerts('2023-09-26')).toEqual([
      overdue(WGAD_2021_33, WHATSAPP),
      anniversary(1, WGAD_2021_33, WHATSAPP),
      unanswered('f18-2023-09-15-gpo', WHATSAPP),
      unanswered('f18-2023-09-15-rac', WHATSAPP),
    ]);
  });

  it('says what it judged, on which day', () => {
    const [file] = exampleFiles();
    const due = alertsDue(file, day('2023-09-26'), TEN_DAYS);
    expect(due[0]).toEqual({
      rule: 'opinion.follow_up_overdue',
      alertId: overdue(WGAD_2021_33, WHATSAPP),
      caseId: WHATSAPP,
      country: 'KZ',
      asOf: '2023-09-26',
      opinionId: WGAD_2021_33,
      mechanism: 'WGAD',
      followUpDueOn: { earliest: '2022-03-01', latest: '2022-03-30' },
      status: 'not_implemented',
    });
    expect(due[1]).toMatchObject({
      years: 1,
      adoptedOn: '2021-09',
      anniversaryOn: { earliest: '2022-09-01', latest: '2022-09-30' },
    });
    expect(due[2]).toEqual({
      rule: 'inquiry.unanswered',
      alertId: unanswered('f18-2023-09-15-gpo', WHATSAPP),
      caseId: WHATSAPP,
      country: 'KZ',
      asOf: '2023-09-26',
      inquiryId: 'f18-2023-09-15-gpo',
      to: "General Prosecutor's Office",
      sentOn: '2023-09-15',
      opinionId: WGAD_2021_33,
      daysWaited: { min: 11, max: 11 },
      responseDays: 10,
    });
  });

  it('does not raise the second anniversary before 30 September 2023, the latest it can fall on', () => {
    expect(exampleAlerts('2023-09-29')).not.toContain(anniversary(2, WGAD_2021_33, WHATSAPP));
    expect(exampleAlerts('2023-09-30')).toContain(anniversary(2, WGAD_2021_33, WHATSAPP));
  });

  it('raises the 20 September inquiry on its tenth day, 30 September, not before', () => {
    const mfa = unanswered('f18-2023-09-20-mfa', WHATSAPP);
    expect(exampleAlerts('2023-09-29')).not.toContain(mfa);
    expect(exampleAlerts('2023-09-30')).toContain(mfa);
  });

  it('raises the 15 September inquiries on 25 September: ten days, though "no response" is recorded only on the 26th', () => {
    expect(exampleAlerts('2023-09-24').filter((id) => id.startsWith('inquiry.'))).toEqual([]);
    expect(exampleAlerts('2023-09-25').filter((id) => id.startsWith('inquiry.'))).toEqual([
      unanswered('f18-2023-09-15-gpo', WHATSAPP),
      unanswered('f18-2023-09-15-rac', WHATSAPP),
    ]);
  });
});

describe('opinion.follow_up_overdue', () => {
  // jailed: opinion of 2022-05-10, follow-up in 6 months: due 2022-11-10.
  it('fires the day after the due date, with an exact adoption date', () => {
    expect(idsFor(jailed, '2022-11-10')).not.toContain(overdue());
    expect(idsFor(jailed, '2022-11-11')).toContain(overdue());
  });

  it('counts from the transmission when it is known, and by its own follow-up period', () => {
    const events = [
      ...jailed.slice(0, -1),
      given.opinion(OP, '2022-05-10', ['release'], { transmittedOn: '2022-06-20', followUpMonths: 3 }),
    ];
    expect(idsFor(events, '2022-09-20')).not.toContain(overdue());
    expect(idsFor(events, '2022-09-21')).toContain(overdue());
  });

  it('judges a month-precise adoption on the latest due day: 2021-09 + 6 months is overdue from 31 March 2022', () => {
    const events = [given.opened('KZ', 'a'), given.opinion(OP, '2021-09', ['release'])];
    expect(idsFor(events, '2022-03-30')).not.toContain(overdue());
    expect(idsFor(events, '2022-03-31')).toContain(overdue());
  });

  it('never fires once the state has replied, even before the due date', () => {
    expect(idsFor([...jailed, given.replied(OP, '2022-06-01')], '2023-01-01')).not.toContain(overdue());
  });

  it('holds back while a reply recorded as "2022-12" may already have come, though the view counts it only from 31 December', () => {
    const events = [...jailed, given.replied(OP, '2022-12')];
    expect(opinionView(OP, [fold('c1', events)], day('2022-12-10'))?.followUpOverdue).toBe(true);
    expect(idsFor(events, '2022-12-10')).not.toContain(overdue());
    expect(idsFor(events, '2022-11-30')).toContain(overdue());
  });

  it('still fires for a partly implemented opinion, and never for an implemented one', () => {
    const partly = alertsDue(fold('c1', [...jailed, given.released('a', '2022-08-01')]), day('2023-01-01'), TEN_DAYS);
    expect(partly.find((a) => a.rule === 'opinion.follow_up_overdue')).toMatchObject({
      status: 'partially_implemented',
    });
    const done = [
      ...jailed,
      given.released('a', '2022-08-01'),
      given.released('b', '2022-08-01'),
      given.measure(OP, 'compensation', '2022-09-01', 'full'),
    ];
    expect(idsFor(done, '2023-01-01')).toEqual([]);
  });
});

describe('opinion.unimplemented_anniversary', () => {
  it('fires for each full year since an exact adoption, on the anniversary itself', () => {
    expect(idsFor(jailed, '2023-05-09').filter((id) => id.includes('anniversary'))).toEqual([]);
    expect(idsFor(jailed, '2023-05-10').filter((id) => id.includes('anniversary'))).toEqual([anniversary(1)]);
    expect(idsFor(jailed, '2025-05-10').filter((id) => id.includes('anniversary'))).toEqual([
      anniversary(1),
      anniversary(2),
      anniversary(3),
    ]);
  });

  it('gives an opinion of 29 February its anniversary on 28 February', () => {
    const events = [given.opened('KZ', 'a'), given.opinion(OP, '2020-02-29', ['release'])];
    expect(idsFor(events, '2021-02-27')).not.toContain(anniversary(1));
    expect(idsFor(events, '2021-02-28')).toContain(anniversary(1));
  });

  it('waits for the latest possible adoption day: an opinion of 2021 turns one on 31 December 2022', () => {
    const events = [given.opened('KZ', 'a'), given.opinion(OP, '2021', ['release'])];
    expect(idsFor(events, '2022-12-30')).not.toContain(anniversary(1));
    expect(idsFor(events, '2022-12-31')).toContain(anniversary(1));
  });

  it('stops once the opinion is implemented, and holds back while its implementation may already have happened', () => {
    const events = [
      given.opened('KZ', 'a'),
      given.arrested('2020-01-10', 'a'),
      given.convicted('a', '2020-06-01'),
      given.opinion(OP, '2021-09-01', ['release']),
      given.released('a', '2023-09'),
    ];
    expect(opinionView(OP, [fold('c1', events)], day('2023-09-26'))?.status).toBe('not_implemented');
    expect(idsFor(events, '2023-08-31')).toEqual([overdue(), anniversary(1)]);
    expect(idsFor(events, '2023-09-26')).toEqual([]);
    expect(idsFor(events, '2024-10-01')).toEqual([]);
  });

  it('raises nothing before the opinion may have been adopted', () => {
    expect(idsFor(jailed, '2022-05-09')).toEqual([]);
  });
});

describe('inquiry.unanswered', () => {
  const asked = [given.opened('KZ', 'a'), given.inquiry('q1', 'Ministry of Justice', '2023-09-15')];

  it('fires after INQUIRY_RESPONSE_DAYS days without a response', () => {
    expect(idsFor(asked, '2023-09-24')).toEqual([]);
    expect(idsFor(asked, '2023-09-25')).toEqual([unanswered('q1')]);
    expect(idsFor(asked, '2023-09-20', { inquiryResponseDays: 5 })).toEqual([unanswered('q1')]);
  });

  it('counts the days from the latest possible sending day', () => {
    const events = [given.opened('KZ', 'a'), given.inquiry('q1', 'Ministry of Justice', '2023-09')];
    expect(idsFor(events, '2023-10-09')).toEqual([]);
    const [alert] = alertsDue(fold('c1', events), day('2023-10-10'), TEN_DAYS);
    expect(alert).toMatchObject({ alertId: unanswered('q1'), daysWaited: { min: 10, max: 39 } });
  });

  it('is not answered by "no response recorded"', () => {
    expect(idsFor([...asked, given.noResponse('q1', '2023-09-20')], '2023-09-26')).toEqual([unanswered('q1')]);
  });

  it('never fires once a response came, nor while one recorded as "2023-09" may already have come', () => {
    expect(idsFor([...asked, given.response('q1', '2023-09-18')], '2023-09-30')).toEqual([]);
    const vague = [...asked, given.response('q1', '2023-09')];
    const [authority] = authorityViews([fold('c1', vague)], day('2023-09-26'));
    expect(authority.unanswered).toBe(1);
    expect(idsFor(vague, '2023-09-26')).toEqual([]);
  });
});

describe('alertsDue over several cases', () => {
  const a = fold('case-a', [...jailed]);
  const b = fold('case-b', [
    given.opened('KZ', 'x'),
    given.opinion(OP, '2022-05-10', ['release'], { personIds: ['x'] }),
  ]);

  it('raises an opinion alert under each case that records it, judged on all of them', () => {
    const files: CaseFile[] = [a, b];
    const casesRecording = casesByOpinion(files);
    const ids = files.flatMap((f) => alertsDue(f, day('2022-11-11'), { ...TEN_DAYS, casesRecording }));
    expect(ids.map((x) => x.alertId)).toEqual([overdue(OP, 'case-a'), overdue(OP, 'case-b')]);
  });

  it('lets a reply recorded in one case answer for the opinion in every case', () => {
    const bReplied = fold('case-b', [
      given.opened('KZ', 'x'),
      given.opinion(OP, '2022-05-10', ['release'], { personIds: ['x'] }),
      given.replied(OP, '2022-10-01'),
    ]);
    const casesRecording = casesByOpinion([a, bReplied]);
    expect(alertsDue(a, day('2022-11-11'), { ...TEN_DAYS, casesRecording })).toEqual([]);
    expect(alertsDue(a, day('2022-11-11'), TEN_DAYS).map((x) => x.alertId)).toEqual([overdue(OP, 'case-a')]);
  });

  it('raises nothing for a case whose opening was corrected away', () => {
    const closed = fold('c1', [...jailed, given.corrected(0)]);
    expect(closed.opened).toBe(false);
    expect(alertsDue(closed, day('2025-01-01'), TEN_DAYS)).toEqual([]);
  });
});

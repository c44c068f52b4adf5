import { day, fold, given, jailed, OP } from '../views/case-files.fixture';
import type { CaseEvent } from '../../domain/case/case.events';
import { followUpSubmission, type FollowUpSubmission } from './follow-up';
import { dateInWords, daysInWords, dueInWords, listInWords } from './follow-up.words';

const submit = (events: CaseEvent[], asOf: string): FollowUpSubmission => {
  const doc = followUpSubmission(OP, [fold('c1', events)], day(asOf));
  if (!doc) throw new Error(`${OP} not found as of ${asOf}`);
  return doc;
};
const question = (doc: FollowUpSubmission, key: string) => doc.questions.find((q) => q.key === key)!;
const withSources = (event: CaseEvent, ...urls: string[]): CaseEvent =>
  ({ ...event, data: { ...event.data, sources: urls.map((url) => ({ url })) } }) as CaseEvent;

describe('follow-up words', () => {
  it('keeps a date at the precision its source gave', () => {
    expect(dateInWords('2021-09')).toBe('September 2021');
    expect(dateInWords('2021')).toBe('2021');
    expect(dateInWords('2023-05-24')).toBe('24 May 2023');
    expect(dateInWords('2019-09/2023-09-26')).toBe('some day between September 2019 and 26 September 2023');
  });
  it('gives day counts as ranges and lists in prose', () => {
    expect(daysInWords({ min: 726, max: 755 })).toBe('726–755 days');
    expect(daysInWords({ min: 1, max: 1 })).toBe('1 day');
    expect(dueInWords({ earliest: '2022-03-01', latest: '2022-03-30' })).toBe('1–30 March 2022');
    expect(listInWords(['A', 'B', 'C'])).toBe('A, B and C');
  });
});

describe('followUpSubmission', () => {
  it('is undefined for an opinion not recorded or not yet adopted on the day', () => {
    expect(followUpSubmission('X/1', [fold('c1', jailed)], day('2023-01-01'))).toBeUndefined();
    expect(followUpSubmission(OP, [fold('c1', jailed)], day('2022-05-09'))).toBeUndefined();
  });

  it('says no information is recorded where nothing was, and asks only what the opinion asked', () => {
    const doc = submit(jailed, '2023-01-01');
    expect(question(doc, 'compensation')).toMatchObject({ asked: true, status: 'not_implemented', facts: [] });
    expect(question(doc, 'compensation').summary).toBe(
      'Not implemented, 236 days after the opinion was adopted. No compensation or other reparation is recorded as of 1 January 2023.',
    );
    expect(question(doc, 'investigation')).toMatchObject({ asked: false, status: null, facts: [] });
    expect(question(doc, 'investigation').summary).toBe('Not asked: the opinion made no such call.');
    // c is not covered: the release question speaks of a and b only.
    expect(question(doc, 'release').summary).toContain(
      'of the 2 people the opinion covers: 2 imprisoned (A and B); none released',
    );
    expect(question(doc, 'release').facts.every((f) => !f.text.includes('C '))).toBe(true);
  });

  it('reports a release, measures with their extent and people, replies, and requests with their outcome', () => {
    const events = [
      ...jailed,
      given.released('a', '2022-09', 'pardon'),
      given.measure(OP, 'compensation', '2022-10-01', 'partial', ['a']),
      given.replied(OP, '2022-11'),
      given.requested('r1', 'b', '2022-06-01'),
      given.decided('r1', '2022-07-01', 'denied'),
    ];
    const doc = submit(events, '2023-01-01');
    const release = question(doc, 'release');
    expect(release.status).toBe('partially_implemented');
    expect(release.facts.map((f) => [f.kind, f.occurredOn, f.text])).toContainEqual([
      'released',
      '2022-09',
      'A was released on a pardon.',
    ]);
    expect(question(doc, 'compensation').facts.map((f) => f.text)).toEqual([
      'Partial measure (compensation) for A: partial compensation',
    ]);
    const other = question(doc, 'other');
    expect(other.facts.map((f) => f.kind)).toEqual(['release_requested', 'release_decided', 'state_replied']);
    expect(other.summary).toContain('1 release request recorded, 1 denied.');
    expect(other.summary).toContain('The state’s follow-up reply is recorded');
    expect(doc.grade).toBe('E');
    expect(doc.gradeReason).toMatch(/^E: measures contrary to the opinion/);
  });

  it('gives an inquiry’s answer as recorded, and the days an unanswered one waited as a range', () => {
    const events = [
      ...jailed,
      given.inquiry('i1', 'Ministry', '2022-11-01'),
      given.response('i1', '2022-11-20'),
      given.inquiry('i2', 'Court', '2022-12'),
    ];
    const doc = submit(events, '2023-01-01');
    expect(doc.inquiries).toEqual([
      expect.objectContaining({
        to: 'Ministry',
        answered: true,
        answeredOn: '2022-11-20',
        response: 'We will look into it.',
      }),
      expect.objectContaining({ to: 'Court', answered: false, daysWaited: { min: 1, max: 31 } }),
    ]);
  });

  it('numbers each source once, in the order the document first cites it', () => {
    const events = [...jailed];
    events[5] = withSources(events[5], 'https://un.example/opinion');
    events[2] = withSources(events[2], 'https://news.example/1', 'https://un.example/opinion');
    events.push(withSources(given.transferred('b', '2022-08'), 'https://news.example/2', 'https://news.example/1'));
    const doc = submit(events, '2023-01-01');
    expect(doc.adoptionSources).toEqual([1]);
    expect(doc.sources.map((s) => [s.n, s.url])).toEqual([
      [1, 'https://un.example/opinion'],
      [2, 'https://news.example/1'],
      [3, 'https://news.example/2'],
    ]);
    const conviction = question(doc, 'release').facts.find((f) => f.kind === 'convicted' && f.text.startsWith('A '));
    expect(conviction?.sources).toEqual([2, 1]);
    expect(question(doc, 'other').facts[0]).toMatchObject({ kind: 'transferred', sources: [3, 2] });
  });

  it('follows a correction: the replaced fact is reported, not the one it replaced', () => {
    const events = [
      ...jailed,
      given.transferred('a', '2022-08'),
      given.corrected(6, given.transferred('a', '2022-09')),
    ];
    expect(question(submit(events, '2023-01-01'), 'other').facts.map((f) => f.occurredOn)).toEqual(['2022-09']);
  });
});

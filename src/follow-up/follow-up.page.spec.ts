import { fold, given, jailed, OP, day } from '../../projections/views/case-files.fixture';
import { followUpSubmission } from '../../projections/follow-up/follow-up';
import type { CaseEvent } from '../../domain/case/case.events';
import { escapeHtml, followUpPage } from './follow-up.page';

describe('the printable follow-up page', () => {
  const hostile = '<img src=x onerror=alert(1)>"\'&';
  const events: CaseEvent[] = [
    ...jailed,
    {
      type: 'InquirySent',
      data: {
        inquiryId: 'i1',
        occurredOn: '2022-12-01',
        to: hostile,
        channel: 'writing',
        question: 'q',
        sources: [{ url: 'javascript:alert(1)', title: hostile }],
      },
    },
    given.measure(OP, 'compensation', '2022-10', 'full', ['a']),
  ];
  const page = followUpPage(followUpSubmission(OP, [fold('c1', events)], day('2023-01-01'))!);

  it('escapes every recorded text and leaves a non-web address inert', () => {
    expect(escapeHtml(hostile)).toBe('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;');
    expect(page).not.toContain('<img');
    expect(page).toContain(escapeHtml(hostile));
    expect(page).not.toContain('href="javascript:');
    expect(page).toContain('<span class="url">javascript:alert(1)</span>');
  });

  it('is an A4 page without script, with a section per question and notes the citations link to', () => {
    expect(page).toContain('@page { size: A4;');
    expect(page).not.toContain('<script');
    expect(page.match(/<section class="question"/g)).toHaveLength(5);
    expect(page).toContain('<a class="cite" href="#note-1">[1]</a>');
    expect(page).toContain('<li id="note-1" value="1">');
    expect(page).toContain('No information recorded.');
    expect(page).toContain('Grade B: partially implemented.');
  });

  it('says so, before any figure, when the cases record the opinion differently', () => {
    expect(page).not.toContain('record this opinion differently');
    const other = fold('c2', [
      given.opened('UZ', 'd'),
      given.opinion(OP, '2022-05-11', ['release'], { mechanism: 'CCPR' }),
    ]);
    const doc = followUpSubmission(OP, [fold('c1', events), other], day('2023-01-01'))!;
    expect(doc.conflicts.map((c) => c.field)).toEqual(['mechanism', 'occurredOn']);
    expect(followUpPage(doc)).toContain(
      'mechanism: WGAD (case c1); CCPR (case c2). occurredOn: 2022-05-10 (case c1); 2022-05-11 (case c2).',
    );
  });
});

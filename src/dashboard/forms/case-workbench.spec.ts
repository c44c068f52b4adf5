import { caseWorkbench } from './case-workbench';

const source = { url: 'https://www.forum18.org/archive.php?article_id=2859', publisher: 'Forum 18' };
const events = [
  {
    revision: 0,
    type: 'CaseOpened',
    data: { title: 'T', country: 'KZ', subjects: [{ personId: 'a', name: 'Aigerim' }], sources: [source] },
  },
  { revision: 1, type: 'SubjectAdded', data: { personId: 'b', name: 'Bolat' } },
  { revision: 2, type: 'PersonArrested', data: { personIds: ['a', 'b'], occurredOn: '2018-10', sources: [source] } },
  {
    revision: 3,
    type: 'InquirySent',
    data: { inquiryId: 'q1', occurredOn: '2023-09-15', to: 'GPO', channel: 'writing', question: '?' },
  },
  { revision: 4, type: 'NoResponseRecorded', data: { inquiryId: 'q1', occurredOn: '2023-09-26' } },
  {
    revision: 5,
    type: 'EventCorrected',
    data: {
      revision: 2,
      reason: 'r',
      replacement: { type: 'PersonArrested', data: { personIds: ['a'], occurredOn: '2018-11' } },
    },
  },
  { revision: 6, type: 'EventCorrected', data: { revision: 4, reason: 'wrong case' } },
];

describe('caseWorkbench: what the recording forms offer for a case', () => {
  const workbench = caseWorkbench('c', events);

  it('shows each fact as it stands: a replacement in its place, a retracted fact gone', () => {
    expect(workbench.revision).toBe(6);
    expect(workbench.facts.map((f) => [f.revision, f.type, f.correctedBy])).toEqual([
      [0, 'CaseOpened', []],
      [1, 'SubjectAdded', []],
      [2, 'PersonArrested', [5]],
      [3, 'InquirySent', []],
    ]);
    expect(workbench.facts[2].data).toEqual({ personIds: ['a'], occurredOn: '2018-11' });
    expect(workbench.facts.map((f) => f.summary).slice(2)).toEqual([
      'Person arrested, Aigerim, 2018-11',
      'Inquiry sent, to GPO, 2023-09-15',
    ]);
    expect(caseWorkbench('c', events.slice(0, 5)).facts[4].summary).toBe('No response recorded, to GPO, 2023-09-26');
  });

  it('lists the people, inquiries and facts to choose from, and each source once', () => {
    expect(workbench.lists.people).toEqual([
      { value: 'a', label: 'Aigerim' },
      { value: 'b', label: 'Bolat' },
    ]);
    expect(workbench.lists.inquiries).toEqual([{ value: 'q1', label: 'to GPO, 2023-09-15' }]);
    expect(workbench.lists.facts.map((f) => f.value)).toEqual(['0', '1', '2', '3']);
    expect(workbench.sources).toEqual([source]);
  });
});

import type { ImportItem } from '../../src/cases/import/case-import';

/** The Cyrillic name some generated cases record, and the Latin spelling a researcher would type for it. */
export const CYRILLIC_NAME = 'Асель Жумабаева';
export const LATIN_QUERY = 'zhumabaeva';

/**
 * `count` cases `list-{n}` of every kind the list filters tell apart: three states, two mechanisms, opinions adopted
 * on different days (a few cases without one), people detained, released or at liberty, names in Latin and in
 * Cyrillic letters, follow-up replies (not overdue) and none (overdue).
 */
export function listItems(count: number): ImportItem[] {
  const items: ImportItem[] = [];
  for (let n = 0; n < count; n++) {
    const caseId = `list-${String(n).padStart(2, '0')}`;
    const push = (type: string, data: Record<string, unknown>) => items.push({ caseId, type, data });
    const people = Array.from({ length: 1 + (n % 3) }, (_, i) => ({
      personId: `p${i}`,
      name: n % 5 === 0 && i === 0 ? CYRILLIC_NAME : `Person ${i} of case ${n}`,
    }));
    push('CaseOpened', {
      title: `Case number ${n} (${['Almaty', 'Moscow', 'Tashkent'][n % 3]})`,
      country: ['KZ', 'RU', 'UZ'][n % 3],
      subjects: people,
    });
    if (n % 3 === 1) push('PersonArrested', { personIds: people.map((p) => p.personId), occurredOn: '2014-05' });
    if (n % 4 === 3) continue;
    const opinionId = `${['A/HRC/WGAD', 'CCPR/C'][n % 2]}/20${15 + (n % 8)}/${n}`;
    push('UnOpinionAdopted', {
      opinionId,
      mechanism: ['WGAD', 'CCPR'][n % 2],
      occurredOn: `20${15 + (n % 8)}-0${1 + (n % 9)}`,
      calls: n % 6 === 4 ? ['release'] : ['release', 'compensation'],
    });
    if (n % 6 === 4) {
      for (const { personId } of people) {
        push('PersonReleased', { personId, occurredOn: '2023-01-15', basis: 'opinion_implementation' });
      }
    }
    if (n % 5 === 2) push('StateFollowUpReplied', { opinionId, occurredOn: '2023-02-01' });
  }
  return items;
}

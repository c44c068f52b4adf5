import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importItems, type ImportItem, type ImportReport } from '../../src/cases/import/case-import';
import type { EventStore } from '../../src/event-store/event-store.port';

/** Helpers shared by the read-side tests: the worked example, generated cases, and waiting for the runner. */

export const EXAMPLE_DAY = '2023-09-26';
export const OPINION_ID = 'A/HRC/WGAD/2021/33';
export const WHATSAPP_CASE = 'kz-whatsapp-group-2018';

export const exampleItems = (): ImportItem[] =>
  JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'examples', 'forum18-kazakhstan-2023.json'), 'utf8'),
  ) as ImportItem[];

/** Records items the way `compliance-ledger import` does; throws if any case is refused. */
export async function importAll(store: EventStore, items: ImportItem[], actor = 'import'): Promise<ImportReport> {
  const report = await importItems(store, items, {
    today: EXAMPLE_DAY,
    actor,
    recordedAt: () => new Date().toISOString(),
  });
  if (report.problems.length) throw new Error(`import refused: ${JSON.stringify(report.problems.slice(0, 3))}`);
  return report;
}

/** A small deterministic PRNG (mulberry32), so a failing run can be repeated from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Valid items for `cases` generated cases (ids `gen-{prefix}-{n}`), about `perCase` events each: an opening
 * with several people, arrests, convictions, an opinion, transfers, inquiries and their outcomes, a
 * release, and corrections. Each case passes the decider, so importItems stores every item.
 */
export function generatedItems(prefix: string, cases: number, perCase: number, random: () => number): ImportItem[] {
  const items: ImportItem[] = [];
  const countries = ['KZ', 'UZ', 'TJ', 'AZ', 'BY', 'RU'];
  for (let n = 0; n < cases; n++) {
    const caseId = `gen-${prefix}-${n}`;
    const people = Array.from({ length: 2 + Math.floor(random() * 4) }, (_, i) => `p${i}`);
    const push = (type: string, data: Record<string, unknown>) => items.push({ caseId, type, data });
    push('CaseOpened', {
      title: `Generated case ${prefix} ${n}`,
      country: countries[Math.floor(random() * countries.length)],
      subjects: people.map((personId) => ({ personId, name: `Person ${personId} of ${caseId}` })),
    });
    push('PersonArrested', { personIds: people, occurredOn: '2019-03', authority: 'Police' });
    people.forEach((personId, i) =>
      push('PersonConvicted', {
        personId,
        occurredOn: `2019-${String(5 + (i % 6)).padStart(2, '0')}`,
        court: 'District Court',
        charges: ['Article 174'],
        sentence: { kind: 'imprisonment', months: 60 + i },
      }),
    );
    const opinionId = `A/HRC/WGAD/2021/${prefix.toUpperCase()}.${n}`;
    push('UnOpinionAdopted', {
      opinionId,
      mechanism: 'WGAD',
      occurredOn: '2021-0' + (1 + Math.floor(random() * 9)),
      calls: ['release', 'compensation'],
    });
    let inquiry = 0;
    let corrections = 0;
    let revision = 2 + people.length; // opened, arrested, one conviction each, the opinion
    const free = new Set(people);
    while (revision < perCase - 1) {
      const roll = random();
      if (roll < 0.35) {
        const inquiryId = `q${inquiry++}`;
        push('InquirySent', {
          inquiryId,
          occurredOn: '2023-01-1' + (inquiry % 10),
          to: ['Prosecutor', 'Ministry of Justice', 'Ombudsman'][inquiry % 3],
          channel: 'writing',
          question: `Inquiry ${inquiryId}`,
          opinionId,
        });
        if (random() < 0.5) push('NoResponseRecorded', { inquiryId, occurredOn: '2023-02-20' });
        else push('ResponseReceived', { inquiryId, occurredOn: '2023-02-20', summary: 'answered' });
        revision += 2;
      } else if (roll < 0.5 && free.size > 0) {
        const personId = [...free][0];
        free.delete(personId);
        const occurredOn = '2022-06/2023-09-26';
        if (random() < 0.5) push('TransferredToRestrictedFreedom', { personId, occurredOn });
        else push('PersonReleased', { personId, occurredOn, basis: 'pardon' });
        revision++;
      } else if (roll < 0.6 && corrections < 3) {
        corrections++;
        push('EventCorrected', {
          revision: 1,
          reason: `arrest month revised (${corrections})`,
          replacement: {
            type: 'PersonArrested',
            data: { personIds: people, occurredOn: `2019-0${1 + corrections}`, authority: 'Police' },
          },
        });
        revision++;
      } else {
        push('ImplementationMeasureRecorded', {
          opinionId,
          call: 'compensation',
          occurredOn: '2022-11',
          extent: 'partial',
          description: `payment ${revision}`,
        });
        revision++;
      }
    }
  }
  return items;
}

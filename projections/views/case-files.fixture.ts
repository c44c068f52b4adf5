/** Case files for the view specs: the worked example, and small cases built event by event. */
import example from '../../examples/forum18-kazakhstan-2023.json';
import type { Call, CaseEvent, ReleaseBasis, SentenceKind, UnOpinionAdopted } from '../../domain/case/case.events';
import { evolveCaseFile, initialCaseFile, type CaseFile } from '../../domain/case/case-file';
import { dayFromIso } from '../../domain/calendar/calendar-day';
import { opinionView, type OpinionView } from './opinion.view';

export const day = dayFromIso;

export function fold(caseId: string, events: readonly CaseEvent[]): CaseFile {
  return events.reduce((file, event, revision) => evolveCaseFile(file, event, revision), initialCaseFile(caseId));
}

/** The six cases of the Forum 18 article, each folded at revisions 0..n-1 in file order. */
export function exampleFiles(): CaseFile[] {
  const streams = new Map<string, CaseEvent[]>();
  for (const { caseId, ...event } of example as unknown as Array<{ caseId: string } & CaseEvent>) {
    streams.set(caseId, [...(streams.get(caseId) ?? []), event]);
  }
  return [...streams].map(([caseId, events]) => fold(caseId, events));
}

export const WHATSAPP = 'kz-whatsapp-group-2018';
export const WGAD_2021_33 = 'A/HRC/WGAD/2021/33';

/** Event builders with the fewest fields a rule needs; names are made from personIds. */
export const given = {
  opened: (country: string, ...personIds: string[]): CaseEvent => ({
    type: 'CaseOpened',
    data: {
      title: `A case in ${country}`,
      country,
      subjects: personIds.map((personId) => ({ personId, name: nameOf(personId) })),
    },
  }),
  subjectAdded: (personId: string): CaseEvent => ({ type: 'SubjectAdded', data: { personId, name: nameOf(personId) } }),
  arrested: (occurredOn: string, ...personIds: string[]): CaseEvent => ({
    type: 'PersonArrested',
    data: { personIds, occurredOn },
  }),
  convicted: (personId: string, occurredOn: string, kind: SentenceKind = 'imprisonment'): CaseEvent => ({
    type: 'PersonConvicted',
    data: { personId, occurredOn, court: 'City Court', charges: ['Article 174'], sentence: { kind } },
  }),
  opinion: (opinionId: string, occurredOn: string, calls: Call[], more: Partial<UnOpinionAdopted> = {}): CaseEvent => ({
    type: 'UnOpinionAdopted',
    data: { opinionId, mechanism: 'WGAD', occurredOn, calls, ...more },
  }),
  transferred: (personId: string, occurredOn: string): CaseEvent => ({
    type: 'TransferredToRestrictedFreedom',
    data: { personId, occurredOn },
  }),
  released: (personId: string, occurredOn: string, basis: ReleaseBasis = 'opinion_implementation'): CaseEvent => ({
    type: 'PersonReleased',
    data: { personId, occurredOn, basis },
  }),
  measure: (
    opinionId: string,
    call: Call,
    occurredOn: string,
    extent: 'full' | 'partial',
    personIds?: string[],
  ): CaseEvent => ({
    type: 'ImplementationMeasureRecorded',
    data: { opinionId, call, occurredOn, extent, description: `${extent} ${call}`, ...(personIds && { personIds }) },
  }),
  replied: (opinionId: string, occurredOn: string): CaseEvent => ({
    type: 'StateFollowUpReplied',
    data: { opinionId, occurredOn },
  }),
  requested: (requestId: string, personId: string, occurredOn: string): CaseEvent => ({
    type: 'ReleaseRequested',
    data: { requestId, personId, occurredOn, kind: 'early_release', addressedTo: 'prison administration' },
  }),
  decided: (requestId: string, occurredOn: string, outcome: 'granted' | 'denied'): CaseEvent => ({
    type: 'ReleaseRequestDecided',
    data: { requestId, occurredOn, outcome },
  }),
  inquiry: (inquiryId: string, to: string, occurredOn: string, opinionId?: string): CaseEvent => ({
    type: 'InquirySent',
    data: {
      inquiryId,
      to,
      occurredOn,
      channel: 'writing',
      question: 'Will you comply?',
      ...(opinionId && { opinionId }),
    },
  }),
  noResponse: (inquiryId: string, occurredOn: string): CaseEvent => ({
    type: 'NoResponseRecorded',
    data: { inquiryId, occurredOn },
  }),
  response: (inquiryId: string, occurredOn: string): CaseEvent => ({
    type: 'ResponseReceived',
    data: { inquiryId, occurredOn, summary: 'We will look into it.', kind: 'token' },
  }),
  corrected: (revision: number, replacement?: CaseEvent): CaseEvent => ({
    type: 'EventCorrected',
    data: { revision, reason: 'typo', ...(replacement && replacement.type !== 'EventCorrected' && { replacement }) },
  }),
};

function nameOf(personId: string): string {
  return personId
    .split('-')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}

export const OP = 'CCPR/C/130/D/1/2020';

/** a, b and c are jailed in 2021; the opinion of 10 May 2022 calls for release and compensation of a and b only. */
export const jailed: CaseEvent[] = [
  given.opened('KZ', 'a', 'b', 'c'),
  given.arrested('2021-01-05', 'a', 'b', 'c'),
  given.convicted('a', '2021-06-01'),
  given.convicted('b', '2021-06-01'),
  given.convicted('c', '2021-06-01'),
  given.opinion(OP, '2022-05-10', ['release', 'compensation'], { personIds: ['a', 'b'] }),
];

/** The opinion in a one-case fixture, as of an ISO day; fails the spec when it does not exist by then. */
export function opinionAsOf(events: CaseEvent[], asOf: string, opinionId = OP): OpinionView {
  const view = opinionView(opinionId, [fold('c1', events)], dayFromIso(asOf));
  if (!view) throw new Error(`${opinionId} not found as of ${asOf}`);
  return view;
}

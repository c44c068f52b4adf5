/**
 * What search finds a case by (GET /cases?q=, GET /opinions?q=): its id, its title, its people's names and the symbols
 * of its opinions, each in searchable form (search-text.ts), computed once when the event is projected rather than on
 * every request. A document of its own, apart from the case file: only the few events that carry such text touch it.
 */
import { assertNever } from '../../domain/case/case-file';
import { CASE_STREAM_PREFIX, type CaseEvent, type CaseFact } from '../../domain/case/case.events';
import type { ProjectionDefinition } from '../projection';
import { searchText } from './search-text';

export interface CaseSearch {
  caseId: string;
  /** Each searchable text with the revision of the fact that recorded it, so a correction can take it back. */
  texts: Array<[revision: number, text: string]>;
  /** Every text of the case, in searchable form, one space apart: what a query's words are looked for in. */
  key: string;
}

const CARRIES_TEXT = new Set<string>(['CaseOpened', 'SubjectAdded', 'UnOpinionAdopted', 'EventCorrected']);

export const caseSearchProjection: ProjectionDefinition<CaseSearch> = {
  name: 'case-search',
  version: 1,
  keysOf: (event) =>
    event.stream.startsWith(CASE_STREAM_PREFIX) && CARRIES_TEXT.has(event.type)
      ? [event.stream.slice(CASE_STREAM_PREFIX.length)]
      : [],
  evolve: (doc, event, caseId) =>
    evolveCaseSearch(doc, { type: event.type, data: event.data } as CaseEvent, event.revision, caseId),
  // A case's search text comes from its own stream: a rebuild may fold the streams in parts.
  documentsFollowOneStream: true,
  metadataOf: [],
};

export function evolveCaseSearch(
  doc: CaseSearch | undefined,
  event: CaseEvent,
  revision: number,
  caseId: string,
): CaseSearch {
  const before = doc?.texts ?? [];
  // A correction takes back what the corrected fact said and puts its replacement's words in its place.
  const texts =
    event.type === 'EventCorrected'
      ? [
          ...before.filter(([at]) => at !== event.data.revision),
          ...(event.data.replacement ? textsOf(event.data.replacement, event.data.revision) : []),
        ]
      : [...before, ...textsOf(event, revision)];
  return { caseId, texts, key: [searchText(caseId), ...texts.map(([, text]) => text)].join(' ') };
}

function textsOf(fact: CaseFact, revision: number): Array<[number, string]> {
  const texts: string[] = [];
  switch (fact.type) {
    case 'CaseOpened':
      texts.push(fact.data.title, ...fact.data.subjects.map((s) => s.name));
      break;
    case 'SubjectAdded':
      texts.push(fact.data.name);
      break;
    case 'UnOpinionAdopted':
      texts.push(fact.data.opinionId);
      break;
    case 'PersonArrested':
    case 'PersonConvicted':
    case 'ReleaseRequested':
    case 'ReleaseRequestDecided':
    case 'TransferredToRestrictedFreedom':
    case 'PersonReleased':
    case 'ImplementationMeasureRecorded':
    case 'StateFollowUpReplied':
    case 'InquirySent':
    case 'NoResponseRecorded':
    case 'ResponseReceived':
      break; // nothing a search looks for
    default:
      assertNever(fact);
  }
  return texts.map((text) => [revision, searchText(text)]);
}

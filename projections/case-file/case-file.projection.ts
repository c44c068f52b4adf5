import { CASE_STREAM_PREFIX, type CaseEvent } from '../../domain/case/case.events';
import type { ProjectionDefinition } from '../projection';
import { evolveCaseFile, initialCaseFile, type CaseFile } from '../../domain/case/case-file';
import { summarizeCaseFile } from './case-file.summary';

/** One case file per case stream: the document every view of a case is computed from. */
export const caseFilesProjection: ProjectionDefinition<CaseFile> = {
  name: 'case-files',
  version: 2,
  keysOf: (event) =>
    event.stream.startsWith(CASE_STREAM_PREFIX) ? [event.stream.slice(CASE_STREAM_PREFIX.length)] : [],
  evolve: (file, event, caseId) =>
    evolveCaseFile(
      file ?? initialCaseFile(caseId),
      { type: event.type, data: event.data } as CaseEvent,
      event.revision,
    ),
  summarize: summarizeCaseFile,
  // A case grows by a fact an event and is judged on every one: storing the events since its last whole write keeps
  // what an event costs the same at its 10,000th as at its first.
  storesChanges: true,
  documentsFollowOneStream: true,
  metadataOf: [],
};

import { CASE_STREAM_PREFIX, type CaseEvent } from '../../domain/case/case.events';
import { evolveCaseFile, initialCaseFile, type CaseFile } from '../../domain/case/case-file';
import type { EventStore, Position } from '../event-store/event-store.port';

/** Small enough that a page's events die young (as in read-side/rebuild.ts). */
const PAGE = 1000;

/**
 * The opened case files that record an opinion, folded straight from the store in one pass over `$all`: the command
 * line answers without a running server or its read-model file, from the same fold the read side uses.
 */
export async function caseFilesRecording(store: EventStore, opinionId: string): Promise<CaseFile[]> {
  const files = new Map<string, CaseFile>();
  let after: Position | 'start' = 'start';
  for (;;) {
    const page = await store.readAll({ after, maxCount: PAGE });
    if (page.length === 0) break;
    for (const event of page) {
      if (!event.stream.startsWith(CASE_STREAM_PREFIX)) continue;
      const caseId = event.stream.slice(CASE_STREAM_PREFIX.length);
      const file = files.get(caseId) ?? initialCaseFile(caseId);
      files.set(
        caseId,
        evolveCaseFile(file, { type: event.type, data: event.data } as unknown as CaseEvent, event.revision),
      );
    }
    after = page[page.length - 1].position;
  }
  return [...files.values()]
    .filter((file) => file.opened && file.opinions.some((o) => o.opinionId === opinionId))
    .sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
}

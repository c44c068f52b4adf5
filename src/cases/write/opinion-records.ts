import type { CaseFile } from '../../../domain/case/case-file';
import type { CaseEvent } from '../../../domain/case/case.events';
import type { OpinionRecording } from '../../../domain/case/opinion-facts';
import { caseFilesProjection } from '../../../projections/case-file/case-file.projection';
import type { EventStore } from '../../event-store/event-store.port';
import type { ReadModels } from '../../read-side/read-models';

/**
 * How a write learns what other cases record of an opinion (domain.md, "One opinion, several cases"): a record that
 * disagrees with them is refused. Two cases are two streams, so the answer is best effort, as far as its source has
 * seen; a disagreement that gets through is reported by the read side (`conflicts`, the conflicting-records alert).
 */
export interface OpinionRecordsPort {
  /** Every other case's record of the opinion. */
  recordsOf(opinionId: string, exceptCaseId: string): Promise<readonly OpinionRecording[]>;
}

export const NO_OPINION_RECORDS: OpinionRecordsPort = { recordsOf: () => Promise.resolve([]) };

/** How long a write that adopts an opinion waits for the read side to catch up with the store before it asks. */
const CATCH_UP_MS = 2_000;

/** The opinion an event records anew, whose facts must agree with the other cases' records of it. */
export const opinionAdoptedIn = (event: CaseEvent): string | undefined =>
  event.type === 'UnOpinionAdopted' ? event.data.opinionId : undefined;

/** Each opinion's records in these case files, by opinionId. */
export function indexOpinions(files: Iterable<CaseFile>): Map<string, OpinionRecording[]> {
  const index = new Map<string, OpinionRecording[]>();
  for (const file of files) {
    if (!file.opened) continue;
    for (const record of file.opinions) {
      const recordings = index.get(record.opinionId);
      if (recordings) recordings.push({ caseId: file.caseId, record });
      else index.set(record.opinionId, [{ caseId: file.caseId, record }]);
    }
  }
  return index;
}

/**
 * The read side's index of opinions: every opened case file's records, built on the first question after the case
 * files changed (only a write that adopts an opinion asks, so most writes never build it). It first waits, briefly,
 * for the read side to reflect what the store holds, so a case recorded a moment ago elsewhere is seen; past that
 * wait it answers with what it has.
 */
export class ReadSideOpinionRecords implements OpinionRecordsPort {
  private index = new Map<string, OpinionRecording[]>();
  private builtAt = -1;

  constructor(
    private readonly readModels: ReadModels,
    private readonly store: Pick<EventStore, 'headPosition'>,
  ) {}

  async recordsOf(opinionId: string, exceptCaseId: string): Promise<readonly OpinionRecording[]> {
    const head = await this.store.headPosition();
    if (head) await this.readModels.waitFor(head, CATCH_UP_MS);
    const version = this.readModels.versionOf(caseFilesProjection.name);
    if (version !== this.builtAt) {
      const files = this.readModels.scan<CaseFile>(caseFilesProjection.name);
      this.index = indexOpinions(
        (function* () {
          for (const [, file] of files) yield file;
        })(),
      );
      this.builtAt = version;
    }
    return (this.index.get(opinionId) ?? []).filter((r) => r.caseId !== exceptCaseId);
  }
}

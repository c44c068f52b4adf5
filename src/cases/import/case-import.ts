import canonicalize from 'canonicalize';
import { v5 as uuidv5 } from 'uuid';
import type { EventStore, EventToAppend, JsonValue } from '../../event-store/event-store.port';
import { StreamNotFoundError } from '../../event-store/event-store.errors';
import { decide, evolve, fold } from '../../../domain/case/case.decider';
import { CASE_ID_PATTERN, streamOfCase, type CaseEvent } from '../../../domain/case/case.events';
import { CaseRuleViolation } from '../../../domain/case/case.errors';
import { findHostileShape, validateCaseEvent } from '../dto/case-event.validation';

/** One item of an import file. */
export interface ImportItem {
  caseId: string;
  type: string;
  data: unknown;
}

export interface ImportProblem {
  /** Index of the item in the file (0-based). */
  index: number;
  caseId: string;
  message: string;
}

export interface ImportReport {
  cases: number;
  stored: number;
  alreadyStored: number;
  refusedCases: string[];
  problems: ImportProblem[];
}

const IMPORT_NAMESPACE = '1b0f3f2e-8c47-4a0e-b7a4-5d2f9e0c6a31';

/**
 * Records a file of `{ caseId, type, data }` items, all or nothing per case: a case's new items
 * are checked by the same DTOs and decider as the API, then appended in one append. Each item's
 * event id is derived from its content, so importing the same file again stores nothing.
 */
export async function importItems(
  store: EventStore,
  raw: unknown,
  options: { today: string; actor: string; recordedAt: () => string; onItem?: (done: number) => void },
): Promise<ImportReport> {
  if (!Array.isArray(raw)) throw new Error('an import file is a JSON array of { caseId, type, data } items');
  const report: ImportReport = { cases: 0, stored: 0, alreadyStored: 0, refusedCases: [], problems: [] };
  const byCase = new Map<string, Array<{ index: number; item: unknown }>>();
  raw.forEach((item, index) => {
    const caseId = (item as { caseId?: unknown })?.caseId;
    const key = typeof caseId === 'string' ? caseId : '';
    byCase.set(key, [...(byCase.get(key) ?? []), { index, item }]);
  });
  let done = 0;
  for (const [caseId, items] of byCase) {
    report.cases++;
    const problem = await importCase(store, caseId, items, options, report);
    if (problem) {
      report.problems.push(problem);
      report.refusedCases.push(caseId);
    }
    done += items.length;
    options.onItem?.(done);
  }
  return report;
}

async function importCase(
  store: EventStore,
  caseId: string,
  items: Array<{ index: number; item: unknown }>,
  options: { today: string; actor: string; recordedAt: () => string },
  report: ImportReport,
): Promise<ImportProblem | undefined> {
  const refuse = (index: number, message: string): ImportProblem => ({ index, caseId, message });
  if (!CASE_ID_PATTERN.test(caseId)) return refuse(items[0].index, `caseId must match ${CASE_ID_PATTERN.source}`);
  const stored = await store.readStream(streamOfCase(caseId)).catch((e: unknown) => {
    if (e instanceof StreamNotFoundError) return [];
    throw e;
  });
  const storedIds = new Set(stored.map((e) => e.eventId));
  let state = fold(
    caseId,
    stored.map((e) => ({ event: { type: e.type, data: e.data } as unknown as CaseEvent, revision: e.revision })),
  );
  const seen = new Map<string, number>();
  const appending: EventToAppend[] = [];
  for (const { index, item } of items) {
    const hostile = findHostileShape(item, `item ${index}`);
    if (hostile) return refuse(index, hostile);
    const { caseId: _caseId, ...event } = item as Record<string, unknown>;
    const validated = validateCaseEvent(event);
    if (!validated.ok) return refuse(index, validated.errors.join('; '));
    const content = canonicalize(validated.value)!;
    const occurrence = (seen.get(content) ?? 0) + 1;
    seen.set(content, occurrence);
    const eventId = uuidv5(`${caseId}\n${occurrence}\n${content}`, IMPORT_NAMESPACE);
    if (storedIds.has(eventId)) {
      report.alreadyStored++;
      continue;
    }
    try {
      const command =
        validated.value.type === 'CaseOpened' && state.revision < 0
          ? { type: 'OpenCase' as const, data: { caseId, ...validated.value.data }, metadata: { today: options.today } }
          : {
              type: 'RecordCaseEvent' as const,
              data: { caseId, event: validated.value },
              metadata: { today: options.today },
            };
      for (const decided of decide(command, state)) {
        state = evolve(state, decided, state.revision + 1);
        appending.push({
          eventId,
          type: decided.type,
          data: decided.data as unknown as JsonValue,
          metadata: { actor: options.actor, recordedAt: options.recordedAt(), source: 'import' },
        });
      }
    } catch (error) {
      if (error instanceof CaseRuleViolation) return refuse(index, `${error.code}: ${error.message}`);
      throw error;
    }
  }
  if (appending.length === 0) return undefined;
  const expectedRevision = stored.length === 0 ? 'no_stream' : stored.length - 1;
  await store.appendToStream(streamOfCase(caseId), appending, { expectedRevision });
  report.stored += appending.length;
  return undefined;
}

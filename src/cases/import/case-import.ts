import canonicalize from 'canonicalize';
import { v5 as uuidv5 } from 'uuid';
import { decide, evolve, type CaseCommand, type CaseState } from '../../../domain/case/case.decider';
import { CASE_ID_PATTERN, streamOfCase, type CaseEvent } from '../../../domain/case/case.events';
import { CaseRuleViolation } from '../../../domain/case/case.errors';
import type { OpinionRecording } from '../../../domain/case/opinion-facts';
import type { EventStore, EventToAppend, JsonValue } from '../../event-store/event-store.port';
import { findHostileShape, validateCaseEvent } from '../dto/case-event.validation';
import { loadCase } from '../write/load-case';
import { indexOpinions, NO_OPINION_RECORDS, opinionAdoptedIn, type OpinionRecordsPort } from '../write/opinion-records';
import { writeCase, type CaseStreamPort, type LoadedCase } from '../write/write-case';

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
 * are checked by the same DTOs and decider as the API, then appended in one append through the one
 * write path. Each item's event id is derived from its content, so importing the same file again
 * stores nothing.
 */
export async function importItems(
  store: EventStore,
  raw: unknown,
  options: ImportOptions & { onItem?: (done: number) => void },
): Promise<ImportReport> {
  if (!Array.isArray(raw)) throw new Error('an import file is a JSON array of { caseId, type, data } items');
  const report: ImportReport = { cases: 0, stored: 0, alreadyStored: 0, refusedCases: [], problems: [] };
  // The import reads whole streams (the ids it skips are in them) and keeps no snapshot.
  const port: CaseStreamPort = {
    load: (caseId) => loadCase(store, () => undefined, caseId, { history: true }),
    append: (caseId, events, expectedRevision) =>
      store.appendToStream(streamOfCase(caseId), events, { expectedRevision }),
  };
  // Opinions recorded by the cases imported so far: a later case of the same file must agree with them too.
  const importedOpinions = new Map<string, OpinionRecording[]>();
  const known = options.opinionRecords ?? NO_OPINION_RECORDS;
  const opinionRecords: OpinionRecordsPort = {
    recordsOf: async (opinionId, exceptCaseId) => [
      ...(await known.recordsOf(opinionId, exceptCaseId)),
      ...(importedOpinions.get(opinionId) ?? []).filter((r) => r.caseId !== exceptCaseId),
    ],
  };
  const decideWith = { ...options, opinionRecords };
  let done = 0;
  for (const [caseId, items] of groupByCase(raw)) {
    report.cases++;
    const problem = await importCase(port, caseId, items, decideWith, report, (file) => {
      for (const [opinionId, recordings] of indexOpinions([file])) {
        importedOpinions.set(opinionId, [...(importedOpinions.get(opinionId) ?? []), ...recordings]);
      }
    });
    if (problem) {
      report.problems.push(problem);
      report.refusedCases.push(caseId);
    }
    done += items.length;
    options.onItem?.(done);
  }
  return report;
}

interface ImportOptions {
  today: string;
  actor: string;
  recordedAt: () => string;
  /** How cases already stored record an opinion; the cases of the file itself are added as they are imported. */
  opinionRecords?: OpinionRecordsPort;
}

type Numbered = { index: number; item: unknown };

/** The items of each case, in file order; cases in the order they first appear. */
function groupByCase(raw: unknown[]): Map<string, Numbered[]> {
  const byCase = new Map<string, Numbered[]>();
  raw.forEach((item, index) => {
    const caseId = (item as { caseId?: unknown })?.caseId;
    const key = typeof caseId === 'string' ? caseId : '';
    const items = byCase.get(key);
    if (items) items.push({ index, item });
    else byCase.set(key, [{ index, item }]);
  });
  return byCase;
}

/** A case the import refuses: the first item that fails, and why. */
class ItemRefused extends Error {
  constructor(
    readonly problem: ImportProblem,
    /** Items before it that were already stored: counted even though the case is refused. */
    readonly alreadyStored: number,
  ) {
    super(problem.message);
  }
}

async function importCase(
  port: CaseStreamPort,
  caseId: string,
  items: Numbered[],
  options: ImportOptions,
  report: ImportReport,
  imported: (file: CaseState) => void,
): Promise<ImportProblem | undefined> {
  if (!CASE_ID_PATTERN.test(caseId)) {
    return { index: items[0].index, caseId, message: `caseId must match ${CASE_ID_PATTERN.source}` };
  }
  let alreadyStored = 0;
  let state: CaseState | undefined;
  try {
    const written = await writeCase(port, {
      caseId,
      history: true,
      decide: async (loaded) => {
        const decided = await decideItems(caseId, items, loaded, options);
        alreadyStored = decided.alreadyStored;
        state = decided.state;
        return decided.appending;
      },
    });
    if (state) imported(state);
    report.stored += written.appended.length;
    report.alreadyStored += alreadyStored;
    return undefined;
  } catch (error) {
    if (!(error instanceof ItemRefused)) throw error;
    report.alreadyStored += error.alreadyStored;
    return error.problem;
  }
}

/** Every new item of one case through the DTOs and the decider, each on the case as the items before it left it. */
async function decideItems(
  caseId: string,
  items: Numbered[],
  { state: loaded, stored }: LoadedCase,
  options: ImportOptions,
): Promise<{ appending: EventToAppend[]; alreadyStored: number; state: CaseState }> {
  let alreadyStored = 0;
  const refuse = (index: number, message: string) => new ItemRefused({ index, caseId, message }, alreadyStored);
  const storedIds = new Set(stored.map((e) => e.eventId));
  const seen = new Map<string, number>();
  const appending: EventToAppend[] = [];
  let state: CaseState = loaded;
  for (const { index, item } of items) {
    const hostile = findHostileShape(item, `item ${index}`);
    if (hostile) throw refuse(index, hostile);
    const { caseId: _caseId, ...event } = item as Record<string, unknown>;
    const validated = validateCaseEvent(event);
    if (!validated.ok) throw refuse(index, validated.errors.join('; '));
    const content = canonicalize(validated.value)!;
    const occurrence = (seen.get(content) ?? 0) + 1;
    seen.set(content, occurrence);
    const eventId = uuidv5(`${caseId}\n${occurrence}\n${content}`, IMPORT_NAMESPACE);
    if (storedIds.has(eventId)) {
      alreadyStored++;
      continue;
    }
    const command = await commandOf(caseId, validated.value, state, options);
    try {
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
      if (error instanceof CaseRuleViolation) throw refuse(index, `${error.code}: ${error.message}`);
      throw error;
    }
  }
  return { appending, alreadyStored, state };
}

async function commandOf(
  caseId: string,
  event: CaseEvent,
  state: CaseState,
  options: ImportOptions,
): Promise<CaseCommand> {
  const { today } = options;
  if (event.type === 'CaseOpened' && state.revision < 0) {
    return { type: 'OpenCase', data: { caseId, ...event.data }, metadata: { today } };
  }
  const opinionId = opinionAdoptedIn(event);
  const metadata =
    opinionId === undefined || !options.opinionRecords
      ? { today }
      : { today, opinionElsewhere: await options.opinionRecords.recordsOf(opinionId, caseId) };
  return { type: 'RecordCaseEvent', data: { caseId, event }, metadata };
}

import { appendFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { CaseFile } from '../../domain/case/case-file';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import { dayFromIso } from '../../domain/calendar/calendar-day';
import { foldDocuments, type ProjectedEvent } from '../../projections/projection';
import { caseSummary } from '../../projections/views/case.view';
import { opinionViews } from '../../projections/views/opinion.view';
import type { EventStore, Position, StoredEvent } from '../../src/event-store/event-store.port';

/** Shared by the reliability specs: reading a whole store, the clean replay, and what it should answer. */

export const TODAY = '2023-09-26';
export const OPINION = 'A/HRC/WGAD/2021/33';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every user event of a store in `$all` order, page by page. */
export async function allEvents(store: EventStore): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  let after: Position | 'start' = 'start';
  for (;;) {
    const page = await store.readAll({ after, maxCount: 2000 });
    if (page.length === 0) return events;
    events.push(...page);
    after = page[page.length - 1].position;
  }
}

/** The case files a clean replay of these events gives: what every read model must equal. */
export const cleanCaseFiles = (events: Iterable<ProjectedEvent>): Map<string, CaseFile> =>
  foldDocuments(caseFilesProjection, events);

const openedInOrder = (files: Map<string, CaseFile> | ReadonlyMap<string, CaseFile>): CaseFile[] =>
  [...files.values()].filter((f) => f.opened).sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));

/** What `GET /cases` and `GET /opinions` must answer for these case files (as JSON, as sent). */
export function expectedAnswers(files: Map<string, CaseFile>): { cases: unknown; opinions: unknown } {
  const opened = openedInOrder(files);
  return {
    cases: JSON.parse(JSON.stringify(opened.map((file) => caseSummary(file, undefined)))),
    opinions: JSON.parse(JSON.stringify(opinionViews(opened, dayFromIso(TODAY)))),
  };
}

/** Event ids stored more than once (by id), and acknowledged ones not found where they were acknowledged. */
export function lostAndDuplicated(
  events: ReadonlyArray<{ eventId: string; stream: string; revision: number }>,
  acknowledged: ReadonlyArray<{ caseId: string; eventId: string; revision: number }>,
): { lost: string[]; duplicated: string[] } {
  const seen = new Map<string, { stream: string; revision: number }>();
  const duplicated: string[] = [];
  for (const e of events) {
    if (seen.has(e.eventId)) duplicated.push(e.eventId);
    seen.set(e.eventId, e);
  }
  const lost = acknowledged
    .filter((a) => {
      const stored = seen.get(a.eventId);
      return !stored || stored.stream !== `case-${a.caseId}` || stored.revision !== a.revision;
    })
    .map((a) => `${a.caseId}@${a.revision} ${a.eventId}`);
  return { lost, duplicated };
}

/** alertIds with more than one AlertRaised in stream `alerts` (each must be raised once, and only once). */
export function alertIdsStoredTwice(events: ReadonlyArray<{ stream: string; type: string; data: unknown }>): string[] {
  const ids = events
    .filter((e) => e.stream === 'alerts' && e.type === 'AlertRaised')
    .map((e) => (e.data as { alertId: string }).alertId);
  return ids.filter((id, i) => ids.indexOf(id) !== i);
}

/**
 * One line of figures per scenario, on stdout and appended to the file $RELIABILITY_REPORT names, if set:
 * docs/reliability.md quotes them.
 */
export function report(scenario: string, figures: Record<string, unknown>): void {
  const line = `[reliability] ${scenario}: ${Object.entries(figures)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ')}\n`;
  process.stdout.write(line);
  const file = process.env.RELIABILITY_REPORT;
  if (file) appendFileSync(resolvePath(file), line);
}

/** A JSON request to a running server; network failures come back as `{ status: 0 }`. */
export async function call(
  url: string,
  options: { method?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<{ status: number; body: unknown; headers: Headers; error?: string }> {
  try {
    const res = await fetch(url, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    // An event stream (GET /events) never ends: its status and headers are the answer.
    if (res.headers.get('content-type')?.includes('text/event-stream')) {
      await res.body?.cancel();
      return { status: res.status, body: undefined, headers: res.headers };
    }
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    return { status: res.status, body, headers: res.headers };
  } catch (error) {
    const reason = error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error);
    return { status: 0, body: undefined, headers: new Headers(), error: reason };
  }
}

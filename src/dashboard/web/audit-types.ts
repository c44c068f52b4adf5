/** What the audit endpoints answer (GET /cases/{id}/history, /state, /verify), as the auditor's desk reads it. */
import type { CaseView, OpinionView, Source } from './api-types.js';

export interface HistoryEntry {
  revision: number;
  eventId: string;
  type: string;
  data: Record<string, unknown> & { sources?: Source[]; occurredOn?: string };
  recordedAt: string;
  actor: unknown;
  sources: Source[];
  hash: unknown;
  /** Revisions of the corrections that replace or withdraw this event. */
  correctedBy?: number[];
}

export interface HistoryPage {
  items: HistoryEntry[];
  total: number;
  nextFromRevision: number | null;
}

export interface KnownState {
  caseId: string;
  asOf: string | null;
  knownAt: string | null;
  revision: number;
  eventsKnown: number;
  case: CaseView;
  opinions: OpinionView[];
}

export interface VerifyAnswer {
  ok: boolean;
  events: number;
  message: string;
  break?: { revision: number; problem: string };
}

/**
 * The alerts raised so far (GET /alerts): one document per alertId, from the `alerts` stream.
 */
import type { ProjectionDefinition } from '../projection';
import { ALERT_RAISED, ALERTS_STREAM, casesOfAlert, type AlertRaised, type AlertRule } from './alert.events';

/** An alert as raised, with where it stands in the `alerts` stream and when it was recorded. */
export type AlertView = AlertRaised & {
  /** Its revision in the `alerts` stream: the order alerts were raised in. */
  revision: number;
  /** When it was recorded (ISO timestamp, from the event's metadata). */
  raisedAt: string;
};

export const alertsProjection: ProjectionDefinition<AlertView> = {
  name: 'alerts',
  // 2: alerts are also looked up by rule (the count of a filtered page of GET /alerts).
  version: 2,
  keysOf: (event) =>
    event.stream === ALERTS_STREAM && event.type === ALERT_RAISED ? [(event.data as AlertRaised).alertId] : [],
  // The alertId is the event's idempotency key, so a second event for it cannot be stored; were one ever
  // written by hand, the first raising stays the one shown.
  evolve: (doc, event) =>
    doc ?? {
      ...(event.data as AlertRaised),
      revision: event.revision,
      raisedAt: typeof event.metadata.recordedAt === 'string' ? event.metadata.recordedAt : '',
    },
  // Years of a ledger raise hundreds of thousands of alerts (345k on the benchmark's 20k cases, 140 MB of JSON):
  // they stay in the read-model file, with a summary of what GET /alerts filters and orders by; the alerts
  // answered are read whole.
  onFileOnly: true,
  // One event raises each alert: the alerts stream can be folded in parts like any other.
  documentsFollowOneStream: true,
  // When each was raised: the time its event was recorded.
  metadataOf: [ALERTS_STREAM],
  summarize: (alert) => {
    const { alertId, rule, caseId, opinionId, revision } = alert;
    const caseIds = alert.rule === 'opinion.conflicting_records' ? { caseIds: alert.caseIds } : {};
    return { alertId, rule, caseId, ...caseIds, ...(opinionId !== undefined && { opinionId }), revision } as AlertView;
  },
  // GET /alerts pages newest first: the file reads the newest summaries by this index and stops at the page's end.
  rank: (alert) => alert.revision,
  // GET /alerts?caseId= and ?opinionId= read a case's or an opinion's few alerts by these, not among all the others;
  // a page of ?rule= counts its total by the rule's.
  lookups: (alert) => [
    ...casesOfAlert(alert).map(alertLookups.case),
    ...(alert.opinionId === undefined ? [] : [alertLookups.opinion(alert.opinionId)]),
    alertLookups.rule(alert.rule),
  ],
};

/** The values the read-model file finds alerts by: an inquiry's alert is found by the opinion it was about, too. */
export const alertLookups = {
  case: (caseId: string) => `case:${caseId}`,
  opinion: (opinionId: string) => `opinion:${opinionId}`,
  rule: (rule: AlertRule) => `rule:${rule}`,
};

/** The one lookup that narrows the filter most, if it names a case or an opinion. */
export function alertLookupOf(filter: AlertFilter): string | undefined {
  if (filter.caseId !== undefined) return alertLookups.case(filter.caseId);
  if (filter.opinionId !== undefined) return alertLookups.opinion(filter.opinionId);
  return undefined;
}

export interface AlertFilter {
  rule?: AlertRule;
  caseId?: string;
  opinionId?: string;
  /** Only alerts raised before this revision of the stream: the next page after one ending at it. */
  before?: number;
  /** At most this many, the newest. */
  limit?: number;
}

/** Newest first; an inquiry alert matches `opinionId` when its inquiry was about that opinion. */
export function alertViews(docs: Iterable<AlertView>, filter: AlertFilter = {}): AlertView[] {
  return newestAlerts(
    [...docs].sort((a, b) => b.revision - a.revision),
    filter,
  );
}

/** The same from alerts already in order, newest first: stops once it has `limit` of them. */
export function newestAlerts(newestFirst: Iterable<AlertView>, filter: AlertFilter = {}): AlertView[] {
  const out: AlertView[] = [];
  for (const doc of newestFirst) {
    if (filter.rule !== undefined && doc.rule !== filter.rule) continue;
    if (filter.caseId !== undefined && !casesOfAlert(doc).includes(filter.caseId)) continue;
    if (filter.opinionId !== undefined && doc.opinionId !== filter.opinionId) continue;
    if (filter.before !== undefined && doc.revision >= filter.before) continue;
    if (out.push(doc) === filter.limit) break;
  }
  return out;
}

import type { StoredEvent } from '../event-store/event-store.port';
import { GENESIS_HASH } from '../event-store/hash-chain';
import { formatPosition } from '../event-store/position';

export const EXPORT_FORMAT = 'compliance-ledger-export/1';

export interface ExportedEvent {
  stream: string;
  revision: number;
  eventId: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  storedAt: string;
  position: string;
}

export interface CaseExport {
  format: typeof EXPORT_FORMAT;
  caseId: string;
  stream: string;
  exportedAt: string;
  chain: { algorithm: string; genesisHash: string; documentation: string };
  recordedHead?: { revision: number; hash: string };
  events: ExportedEvent[];
}

/** The full history with its chain fields: enough for anyone to verify it offline (docs/tamper-evidence.md). */
export function exportCase(
  caseId: string,
  stream: string,
  events: StoredEvent[],
  exportedAt: Date,
  recordedHead?: { revision: number; hash: string },
): CaseExport {
  return {
    format: EXPORT_FORMAT,
    caseId,
    stream,
    exportedAt: exportedAt.toISOString(),
    chain: {
      algorithm: 'sha256(JCS({stream, revision, eventId, type, data, metadata without prevHash/hash, prevHash}))',
      genesisHash: GENESIS_HASH,
      documentation: 'docs/tamper-evidence.md',
    },
    ...(recordedHead ? { recordedHead } : {}),
    events: events.map((e) => ({
      stream: e.stream,
      revision: e.revision,
      eventId: e.eventId,
      type: e.type,
      data: e.data,
      metadata: e.metadata,
      storedAt: e.recordedAt.toISOString(),
      position: formatPosition(e.position),
    })),
  };
}

const CSV_COLUMNS = [
  'revision',
  'eventId',
  'type',
  'recordedAt',
  'actor',
  'prevHash',
  'hash',
  'data',
  'metadata',
] as const;

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return first, OWASP's list) is
 * given a leading `'`, which spreadsheets show as text: an actor named `=HYPERLINK(…)` must not become a link in the
 * auditor's sheet. The JSON export carries every value exactly as recorded.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** RFC 4180 CSV, one row per event; `data` and `metadata` as JSON text so nothing is lost. */
export function exportCsv(exported: CaseExport): string {
  const cell = (value: unknown) => {
    const raw = typeof value === 'string' ? value : JSON.stringify(value ?? '');
    const text = FORMULA_START.test(raw) ? `'${raw}` : raw;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const rows = exported.events.map((e) =>
    [
      e.revision,
      e.eventId,
      e.type,
      e.metadata.recordedAt,
      e.metadata.actor,
      e.metadata.prevHash,
      e.metadata.hash,
      e.data,
      e.metadata,
    ]
      .map((v) => (typeof v === 'number' ? String(v) : cell(v)))
      .join(','),
  );
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

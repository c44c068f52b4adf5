/**
 * How a refusal from any area becomes an HTTP answer: by its stable code (`AREA.REASON`), never by
 * its class, so the HTTP edge depends on no area's errors. An error carries its code, its message
 * and, for some codes, the details the answer names.
 */
export interface CodedError {
  code: string;
  message: string;
  /** The data field at fault (case rules). */
  field?: string;
  /** A revision conflict: what the writer expected, and the stream's revision (or `no_stream`). */
  expected?: number | string;
  actual?: number | 'no_stream';
}

interface Answer {
  status: number;
  /** The code the client sees, where it differs from the error's. */
  code?: string;
  message?: (error: CodedError) => string;
}

/** Codes not listed here: a case rule broken (422) for `CASE.*`; anything else is not a refusal. */
const ANSWERS: Record<string, Answer> = {
  'CASE.NOT_FOUND': { status: 404 },
  'CASE.ALREADY_EXISTS': { status: 409 },
  'CASE.INVALID_DATE': { status: 400 },
  // A case rule too, though named for the opinion: its records in other cases disagree with this one.
  'OPINION.CONFLICTING_RECORD': { status: 422 },
  'STORE.STREAM_NOT_FOUND': { status: 404, code: 'CASE.NOT_FOUND' },
  'STORE.DUPLICATE_EVENT_ID': { status: 409 },
  'STORE.UNAVAILABLE': { status: 503, message: (e) => `${e.message}; nothing was stored, try again later` },
  'STORE.WRONG_EXPECTED_REVISION': {
    status: 409,
    code: 'CASE.REVISION_CONFLICT',
    message: (e) => `expected revision ${String(e.expected)}, but the case is at ${actualOf(e) ?? 'no revision'}`,
  },
};

export const actualOf = (error: CodedError): number | null =>
  error.actual === undefined || error.actual === 'no_stream' ? null : error.actual;

/** Only the ledger's own codes: Node's and drivers' error codes (ENOENT, SQLITE_FULL) are not refusals. */
export function codedError(error: unknown): CodedError | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code } = error as Error & { code?: unknown };
  return typeof code === 'string' && (code in ANSWERS || code.startsWith('CASE.'))
    ? (error as Error & CodedError)
    : undefined;
}

export function answerOf(error: CodedError): { status: number; code: string; message: string } {
  const answer = ANSWERS[error.code] ?? { status: 422 };
  return {
    status: answer.status,
    code: answer.code ?? error.code,
    message: answer.message?.(error) ?? error.message,
  };
}

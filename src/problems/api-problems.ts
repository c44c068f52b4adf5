import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ProblemDto } from './problem.dto';

/** What each error status means in this API, with the codes it carries (see error-codes.ts and http/problem.filter.ts). */
const MEANING: Record<number, string> = {
  400: 'Malformed input (REQUEST.INVALID, CASE.INVALID_DATE): the message names every bad field',
  401: 'No API key, or an unknown one (AUTH.UNAUTHENTICATED)',
  403: "The key's role may not do this (AUTH.FORBIDDEN)",
  404: 'Unknown case or opinion (CASE.NOT_FOUND, NOT_FOUND)',
  409:
    'Conflict: the case exists already (CASE.ALREADY_EXISTS), expectedRevision does not match ' +
    '(CASE.REVISION_CONFLICT, with actualRevision), or an event id is stored elsewhere (STORE.DUPLICATE_EVENT_ID)',
  413: 'The body is larger than BODY_LIMIT_KB (REQUEST.TOO_LARGE)',
  422: 'A domain rule is broken (a CASE.* code, or OPINION.CONFLICTING_RECORD; the message says which); nothing was stored',
  429: 'More than RATE_LIMIT_PER_MINUTE requests this minute for this key or address (REQUEST.RATE_LIMITED)',
  503: 'The event store cannot take writes now (STORE.UNAVAILABLE), or the server is shutting down; nothing was stored',
};

/** Documents error answers: each with the Problem body every error carries. */
export const ApiProblems = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: MEANING[status] ?? 'Error', type: ProblemDto })),
  );

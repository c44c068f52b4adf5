import { STATUS_CODES } from 'node:http';
import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { CaseRuleViolation, type CaseErrorCode } from '../../domain/case/case.errors';
import {
  DuplicateEventIdError,
  StoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../event-store/event-store.errors';

/** Where each stable domain code lands in HTTP; everything not listed is a broken rule (422). */
const STATUS_OF_CODE: Partial<Record<CaseErrorCode, number>> = {
  'CASE.NOT_FOUND': HttpStatus.NOT_FOUND,
  'CASE.ALREADY_EXISTS': HttpStatus.CONFLICT,
  'CASE.INVALID_DATE': HttpStatus.BAD_REQUEST,
};

export interface Problem {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  errors?: string[];
  field?: string;
  actualRevision?: number | null;
  expectedRevision?: number | string;
}

/** The one place that turns errors into answers: stable codes, messages that name the fault. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const problem = this.toProblem(error);
    if (problem.statusCode >= 500)
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    response.status(problem.statusCode).json(problem);
  }

  toProblem(error: unknown): Problem {
    if (error instanceof CaseRuleViolation) {
      const statusCode = STATUS_OF_CODE[error.code] ?? HttpStatus.UNPROCESSABLE_ENTITY;
      return { ...base(statusCode, error.code, error.message), ...(error.field ? { field: error.field } : {}) };
    }
    if (error instanceof WrongExpectedRevisionError) {
      const actual = error.actual === 'no_stream' ? null : error.actual;
      return {
        ...base(
          HttpStatus.CONFLICT,
          'CASE.REVISION_CONFLICT',
          `expected revision ${String(error.expected)}, but the case is at ${actual ?? 'no revision'}`,
        ),
        actualRevision: actual,
        expectedRevision: error.expected,
      };
    }
    if (error instanceof StreamNotFoundError) return base(HttpStatus.NOT_FOUND, 'CASE.NOT_FOUND', error.message);
    if (error instanceof DuplicateEventIdError) return base(HttpStatus.CONFLICT, error.code, error.message);
    if (error instanceof StoreUnavailableError) {
      return base(HttpStatus.SERVICE_UNAVAILABLE, error.code, `${error.message}; nothing was stored, try again later`);
    }
    if (error instanceof HttpException) return fromHttpException(error);
    return base(HttpStatus.INTERNAL_SERVER_ERROR, 'INTERNAL', 'internal error');
  }
}

function base(statusCode: number, code: string, message: string): Problem {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', code, message };
}

function fromHttpException(error: HttpException): Problem {
  const statusCode = error.getStatus();
  const body = error.getResponse();
  const details = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const messages = Array.isArray(details.message) ? (details.message as string[]) : undefined;
  const message = messages
    ? messages.join('; ')
    : typeof details.message === 'string'
      ? details.message
      : error.message;
  const code = typeof details.code === 'string' ? details.code : defaultCode(statusCode);
  return { ...base(statusCode, code, message), ...(messages ? { errors: messages } : {}) };
}

function defaultCode(status: number): string {
  if (status === 400) return 'REQUEST.INVALID';
  if (status === 401) return 'AUTH.UNAUTHENTICATED';
  if (status === 403) return 'AUTH.FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 413) return 'REQUEST.TOO_LARGE';
  if (status === 429) return 'REQUEST.RATE_LIMITED';
  return `HTTP.${status}`;
}

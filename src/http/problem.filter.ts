import { STATUS_CODES } from 'node:http';
import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { answerOf, actualOf, codedError } from '../problems/error-codes';

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
    const coded = codedError(error);
    if (coded) {
      const { status, code, message } = answerOf(coded);
      const problem = base(status, code, message);
      if (coded.field) problem.field = coded.field;
      if (code === 'CASE.REVISION_CONFLICT') {
        problem.actualRevision = actualOf(coded);
        problem.expectedRevision = coded.expected;
      }
      return problem;
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

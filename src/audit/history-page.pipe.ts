import { BadRequestException, type PipeTransform } from '@nestjs/common';

/** The most events one page of a case's history holds (the lists' limit). */
export const HISTORY_PAGE_MAX = 500;

/**
 * `fromRevision` (0 or more) and `limit` (1–500) of a history page: a whole number as the query gives it, or undefined
 * when absent. Anything else is a 400 naming the parameter.
 */
export class WholeNumberPipe implements PipeTransform<unknown, number | undefined> {
  constructor(
    private readonly name: string,
    private readonly min: number,
    private readonly max: number,
  ) {}

  transform(value: unknown): number | undefined {
    if (value === undefined) return undefined;
    const n = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : NaN;
    if (n >= this.min && n <= this.max) return n;
    throw new BadRequestException({
      code: 'REQUEST.INVALID',
      message: [`${this.name} must be a whole number from ${this.min} to ${this.max}`],
    });
  }
}

export const FromRevisionPipe = new WholeNumberPipe('fromRevision', 0, Number.MAX_SAFE_INTEGER);
export const HistoryLimitPipe = new WholeNumberPipe('limit', 1, HISTORY_PAGE_MAX);

import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { tryDayFromIso } from '../../domain/calendar/calendar-day';

/**
 * `knownAt`: an ISO 8601 timestamp with a zone (`2023-09-26T12:00:00Z`), or a bare date meaning
 * the end of that day in UTC — what had been recorded by then.
 */
export class KnownAtPipe implements PipeTransform<unknown, Date | undefined> {
  transform(value: unknown): Date | undefined {
    if (value === undefined || value === '') return undefined;
    if (typeof value === 'string') {
      if (/^\d{4}-\d{2}-\d{2}$/.test(value) && tryDayFromIso(value) !== undefined)
        return new Date(`${value}T23:59:59.999Z`);
      if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
        const date = new Date(value);
        if (!Number.isNaN(date.getTime()) && tryDayFromIso(value.slice(0, 10)) !== undefined) return date;
      }
    }
    throw new BadRequestException({
      code: 'REQUEST.INVALID',
      message: ['knownAt must be an ISO timestamp with a zone (2023-09-26T12:00:00Z) or a date YYYY-MM-DD'],
    });
  }
}

import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { tryDayFromIso, type Day } from '../../domain/calendar/calendar-day';

/** `?asOf=YYYY-MM-DD`: a real calendar date, or absent (then: today). */
export class AsOfPipe implements PipeTransform<unknown, Day | undefined> {
  transform(value: unknown): Day | undefined {
    if (value === undefined || value === '') return undefined;
    const day = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? tryDayFromIso(value) : undefined;
    if (day === undefined) {
      throw new BadRequestException({ code: 'REQUEST.INVALID', message: ['asOf must be a calendar date YYYY-MM-DD'] });
    }
    return day;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { dayFromIso, todayIn, type Day } from '../../domain/calendar/calendar-day';
import { appConfig } from '../config/app.config';

/** "Today" for the whole app: `NOW` when set, else the calendar date in REPORTING_TIMEZONE. */
@Injectable()
export class Clock {
  constructor(@Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>) {}

  now(): Date {
    return new Date();
  }

  today(): string {
    return this.config.now ?? todayIn(this.config.reportingTimezone, this.now());
  }

  todayDay(): Day {
    return dayFromIso(this.today());
  }
}

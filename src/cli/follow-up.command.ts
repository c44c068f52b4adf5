import { writeFileSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { tryDayFromIso } from '../../domain/calendar/calendar-day';
import { followUpSubmission } from '../../projections/follow-up/follow-up';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { caseFilesRecording } from '../follow-up/case-files-from-store';
import { followUpPage } from '../follow-up/follow-up.page';
import { Clock } from '../time/clock';
import type { CliCommand, CliCommandSpec } from './cli-command';

@Injectable()
export class FollowUpCommand implements CliCommand {
  static readonly spec: CliCommandSpec = {
    name: 'follow-up',
    usage: 'follow-up <opinionId> [--as-of YYYY-MM-DD] [--format html|json] [--out FILE]',
    description: 'the follow-up submission of an opinion (printable HTML by default), written to a file',
    arguments: { required: 1, most: 1 },
    options: {
      'as-of': { type: 'string', description: 'the day it is as of (default: today in REPORTING_TIMEZONE)' },
      format: { type: 'string', description: 'html (default) or json' },
      out: { type: 'string', description: 'the file to write (default: follow-up-<opinion>-<day>.<format>)' },
    },
  };

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async run([opinionId]: string[], options: Record<string, string | undefined>): Promise<void> {
    const format = options.format ?? 'html';
    if (format !== 'html' && format !== 'json') throw new Error('--format must be html or json');
    const asOfText = options['as-of'];
    const asOf = asOfText === undefined ? this.clock.todayDay() : tryDayFromIso(asOfText);
    if (asOf === undefined || (asOfText !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOfText))) {
      throw new Error('--as-of must be a calendar date YYYY-MM-DD');
    }
    const submission = followUpSubmission(opinionId, await caseFilesRecording(this.store, opinionId), asOf);
    if (!submission) throw new Error(`no opinion ${opinionId} adopted by that day`);
    const out = options.out ?? `follow-up-${opinionId.replace(/[^\w.-]+/g, '-')}-${submission.asOf}.${format}`;
    writeFileSync(out, format === 'html' ? followUpPage(submission) : JSON.stringify(submission, null, 2) + '\n');
    process.stdout.write(
      `wrote ${out}: ${opinionId} as of ${submission.asOf}, ${submission.status.replace(/_/g, ' ')}, grade ${submission.grade}, ${submission.sources.length} sources\n`,
    );
  }
}

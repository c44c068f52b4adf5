import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { CaseAudit } from '../audit/case-audit';
import { exportCase, exportCsv } from '../audit/case-export';
import { streamOfCase } from '../cases/case.events';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';

@Command({
  name: 'export',
  arguments: '<caseId>',
  description: 'the full history of a case with its chain fields, to stdout',
})
export class ExportCommand extends CommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly audit: CaseAudit,
  ) {
    super();
  }

  async run([caseId]: string[], options: { format?: string }): Promise<void> {
    const stream = streamOfCase(caseId);
    const exported = exportCase(
      caseId,
      stream,
      await this.audit.events(caseId),
      new Date(),
      await this.store.recordedHead?.(stream),
    );
    process.stdout.write(options.format === 'csv' ? exportCsv(exported) : JSON.stringify(exported, null, 2) + '\n');
  }

  @Option({ flags: '--format <json|csv>', description: 'json (default) or csv' })
  parseFormat(value: string): string {
    if (value !== 'json' && value !== 'csv') throw new Error('--format must be json or csv');
    return value;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { CaseAudit } from '../audit/case-audit';
import { exportCase, exportCsv } from '../audit/case-export';
import { streamOfCase } from '../../domain/case/case.events';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';

import type { CliCommand, CliCommandSpec } from './cli-command';

@Injectable()
export class ExportCommand implements CliCommand {
  static readonly spec: CliCommandSpec = {
    name: 'export',
    usage: 'export <caseId> [--format json|csv]',
    description: 'the full history of a case with its chain fields, to stdout',
    arguments: { required: 1, most: 1 },
    options: { format: { type: 'string', description: 'json (default) or csv' } },
  };

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly audit: CaseAudit,
  ) {}

  async run([caseId]: string[], options: { format?: string }): Promise<void> {
    if (options.format !== undefined && options.format !== 'json' && options.format !== 'csv') {
      throw new Error('--format must be json or csv');
    }
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
}

import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { SingleBar, Presets } from 'cli-progress';
import { importItems } from '../cases/import/case-import';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { Clock } from '../time/clock';
import type { CliCommand, CliCommandSpec } from './cli-command';

@Injectable()
export class ImportCommand implements CliCommand {
  static readonly spec: CliCommandSpec = {
    name: 'import',
    usage: 'import <file> [--actor NAME]',
    description: 'record a JSON file of { caseId, type, data } items, all or nothing per case',
    arguments: { required: 1, most: 1 },
    options: {
      actor: { type: 'string', description: 'name recorded as the actor of the imported events (default: import)' },
    },
  };

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async run([file]: string[], options: { actor?: string }): Promise<void> {
    const bytes = readFileSync(file);
    // Invalid bytes would be decoded to U+FFFD and recorded, hash-chained, as if the source said so.
    if (!isUtf8(bytes)) throw new Error(`${file} is not valid UTF-8; nothing was stored`);
    const items = JSON.parse(bytes.toString('utf8')) as unknown;
    const total = Array.isArray(items) ? items.length : 0;
    const bar = new SingleBar(
      {
        format: 'import [{bar}] {value}/{total} items',
        stream: process.stderr,
        noTTYOutput: true,
        notTTYSchedule: 1000,
      },
      Presets.shades_classic,
    );
    bar.start(total, 0);
    const report = await importItems(this.store, items, {
      today: this.clock.today(),
      actor: options.actor ?? 'import',
      recordedAt: () => this.clock.now().toISOString(),
      onItem: (done) => bar.update(done),
    }).finally(() => bar.stop());
    for (const problem of report.problems) {
      process.stderr.write(
        `item ${problem.index} (case ${problem.caseId || '?'}): ${problem.message} — nothing stored for this case\n`,
      );
    }
    process.stdout.write(
      `${report.stored} events stored, ${report.alreadyStored} already there, ${report.cases - report.refusedCases.length}/${report.cases} cases imported\n`,
    );
    if (report.problems.length) process.exitCode = 1;
  }
}

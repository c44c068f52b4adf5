import { readFileSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { CaseAudit } from '../audit/case-audit';
import type { CaseExport } from '../audit/case-export';
import { describeBreak, verifyEvents, verifyStore, type VerifyResult } from '../audit/chain-check';
import type { ChainInput } from '../event-store/hash-chain';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import type { CliCommand, CliCommandSpec } from './cli-command';

@Injectable()
export class VerifyCommand implements CliCommand {
  static readonly spec: CliCommandSpec = {
    name: 'verify',
    usage: 'verify [caseId] [--file export.json]',
    description: 'recompute tamper-evidence chains: every stream, one case, or an export file (--file, offline)',
    arguments: { required: 0, most: 1 },
    options: { file: { type: 'string', description: 'verify an export file without access to the store' } },
  };

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly audit: CaseAudit,
  ) {}

  async run([caseId]: string[], options: { file?: string }): Promise<void> {
    const result = options.file
      ? verifyExportFile(options.file)
      : caseId
        ? await this.audit.verify(caseId)
        : await verifyStore(this.store);
    report(result, options.file ?? (caseId ? `case ${caseId}` : 'the store'));
  }
}

/**
 * The file of `verify --file FILE` (or `--file=FILE`) when that is the whole command line: checking
 * an export needs no configuration and no store, so main.ts runs it before opening (or creating) one.
 */
export function offlineVerifyFile(args: readonly string[]): string | undefined {
  if (args[0] !== 'verify') return undefined;
  if (args.length === 3 && args[1] === '--file') return args[2];
  if (args.length === 2 && args[1].startsWith('--file=')) return args[1].slice('--file='.length);
  return undefined;
}

export function verifyExportFile(path: string): VerifyResult {
  const exported = JSON.parse(readFileSync(path, 'utf8')) as CaseExport;
  return verifyEvents(exported.events as unknown as ChainInput[], exported.recordedHead, exported.stream);
}

export function report(result: VerifyResult, what: string): void {
  if (result.ok) {
    process.stdout.write(
      `verified ${result.events} events in ${result.streams} stream(s) of ${what}: every chain intact\n`,
    );
  } else {
    process.stderr.write(`TAMPERING DETECTED in ${what}: ${describeBreak(result.break)}\n`);
    process.exitCode = 1;
  }
}

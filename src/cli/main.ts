#!/usr/bin/env node
import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { ConfigError, loadConfig } from '../config/app.config';
import { CliModule } from './cli.module';
import { offlineVerifyFile, report, verifyExportFile } from './verify.command';

async function main(): Promise<void> {
  // An export is checked on its own, anywhere: no configuration read, no store opened or created.
  const file = offlineVerifyFile(process.argv.slice(2));
  if (file !== undefined) return report(verifyExportFile(file), file);
  loadConfig(process.env);
  await CommandFactory.run(CliModule, { logger: ['error', 'warn'], errorHandler: fail });
}

function fail(error: unknown): void {
  const message =
    error instanceof ConfigError || !(error instanceof Error)
      ? String((error as Error)?.message ?? error)
      : error.message;
  process.stderr.write(`compliance-ledger: ${message}\n`);
  process.exit(1);
}

main().catch(fail);

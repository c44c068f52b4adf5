#!/usr/bin/env node
import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { ConfigError, loadConfig } from '../config/app.config';
import { CliModule } from './cli.module';

async function main(): Promise<void> {
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

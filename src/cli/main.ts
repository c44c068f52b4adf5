#!/usr/bin/env node
import 'reflect-metadata';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { staleBuildWarning } from '../build/build-stamp';
import { ConfigError, loadConfig } from '../config/app.config';
import type { CliCommand, CliCommandSpec } from './cli-command';
import { CliModule } from './cli.module';
import { ExportCommand } from './export.command';
import { FollowUpCommand } from './follow-up.command';
import { ImportCommand } from './import.command';
import { ReplayCommand } from './replay.command';
import { offlineVerifyFile, report, verifyExportFile, VerifyCommand } from './verify.command';

type CommandClass = Type<CliCommand> & { readonly spec: CliCommandSpec };
const COMMANDS: readonly CommandClass[] = [ImportCommand, ReplayCommand, VerifyCommand, ExportCommand, FollowUpCommand];

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  const command = COMMANDS.find((c) => c.spec.name === name);
  if (!command) return usage(name === undefined || name === 'help' || name === '--help' ? 0 : 1, name);
  const { positionals, values } = parseArgs({
    args: rest,
    options: command.spec.options,
    allowPositionals: true,
    strict: true,
  });
  const { required, most } = command.spec.arguments;
  if (positionals.length < required || positionals.length > most) {
    throw new Error(`usage: compliance-ledger ${command.spec.usage}`);
  }
  // An export is checked on its own, anywhere: no configuration read, no store opened or created.
  const file = offlineVerifyFile(argv);
  if (file !== undefined) return report(verifyExportFile(file), file);
  warnIfStale();
  loadConfig(process.env);
  const context = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    await context.get(command).run(positionals, values as Record<string, string | undefined>);
  } finally {
    await context.close();
  }
}

function usage(exitCode: number, unknown?: string): void {
  const lines = COMMANDS.map((c) => `  ${c.spec.usage.padEnd(44)} ${c.spec.description}`);
  const head = unknown && exitCode ? `unknown command: ${unknown}\n` : '';
  (exitCode ? process.stderr : process.stdout).write(
    `${head}usage: compliance-ledger <command>\n${lines.join('\n')}\n`,
  );
  process.exitCode = exitCode;
}

/** Compiled runs (`dist/src/cli/main.js`) say so when the sources beside them changed since the build. */
function warnIfStale(): void {
  if (!__filename.endsWith('.js')) return;
  const warning = staleBuildWarning(join(__dirname, '..', '..', '..'));
  if (warning) process.stderr.write(`compliance-ledger: warning: ${warning}\n`);
}

function fail(error: unknown): void {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`compliance-ledger: ${message}\n`);
  process.exit(1);
}

main(process.argv.slice(2)).catch(fail);

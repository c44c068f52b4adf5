import 'reflect-metadata';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ConfigType } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { staleBuildWarning } from './build/build-stamp';
import { configureApp } from './app.setup';
import { appConfig, ConfigError, configForLog, loadConfig } from './config/app.config';
import { shutDownOnSignals } from './http/graceful-shutdown';

async function bootstrap(): Promise<void> {
  loadConfig(process.env); // fail fast, before Nest logs anything, on a bad setting
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    abortOnError: false,
    bodyParser: false,
    bufferLogs: true, // start-up lines wait for pino, so they come out in the same format
  });
  app.useLogger(app.get(PinoLogger));
  configureApp(app);
  const config = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  shutDownOnSignals(app, config.shutdownTimeoutSeconds);
  await app.listen(config.port);
  const logger = new Logger('Bootstrap');
  // `npm start` runs dist/ as built; sources changed since then are named, not served silently.
  const stale = __filename.endsWith('.js') ? staleBuildWarning(join(__dirname, '..', '..')) : undefined;
  if (stale) logger.warn(stale);
  // The effective settings, for operators, without secrets (the logger's redact paths are a second line).
  logger.debug({ msg: 'configuration', config: configForLog(config) });
  logger.log(`Compliance Ledger listening on ${await app.getUrl()} (store: ${config.eventStore})`);
}

bootstrap().catch((error: unknown) => {
  const message =
    error instanceof ConfigError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`Compliance Ledger could not start: ${message}\n`);
  process.exit(1);
});

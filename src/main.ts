import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ConfigType } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { appConfig, ConfigError, loadConfig } from './config/app.config';

async function bootstrap(): Promise<void> {
  loadConfig(process.env); // fail fast, before Nest logs anything, on a bad setting
  const app = configureApp(
    await NestFactory.create<NestExpressApplication>(AppModule, { abortOnError: false, bodyParser: false }),
  );
  const config = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  await app.listen(config.port);
  new Logger('Bootstrap').log(`Compliance Ledger listening on ${await app.getUrl()} (store: ${config.eventStore})`);
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

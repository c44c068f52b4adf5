import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { appConfig, loadConfig } from '../../src/config/app.config';

export const KEYS = {
  viewer: 'viewer-secret-0123456789',
  recorder: 'recorder-secret-0123456789',
  auditor: 'auditor-secret-0123456789',
  admin: 'admin-secret-0123456789',
} as const;

export const API_KEYS = Object.entries(KEYS)
  .map(([role, secret]) => `${role}:${role}-key:${secret}`)
  .join(',');

export interface TestApp {
  app: NestExpressApplication;
  http: ReturnType<typeof request>;
  dir: string;
  bearer(role: keyof typeof KEYS): { Authorization: string };
  close(): Promise<void>;
}

/**
 * The whole app in this process, on a fresh data directory, with one key per role. `customize` may override providers
 * (e.g. where the dashboard's files are).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  customize: (builder: TestingModuleBuilder) => TestingModuleBuilder = (builder) => builder,
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
  const config = loadConfig({
    SQLITE_PATH: join(dir, 'events.db'),
    READ_MODEL_PATH: join(dir, 'read-models.db'),
    API_KEYS,
    NOW: '2023-09-26',
    LOG_LEVEL: process.env.TEST_LOGS ? 'debug' : 'silent',
    // Tests read anonymously from one address far more than a person would; those about limits set them.
    ...(env.RATE_LIMIT_PER_MINUTE === undefined ? { ANONYMOUS_RATE_LIMIT_PER_MINUTE: '0' } : {}),
    ANONYMOUS_AS_OF_PER_MINUTE: '0',
    ...env,
  });
  const moduleRef = await customize(
    Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(appConfig.KEY)
      .useValue(config),
  ).compile();
  const app = configureApp(
    moduleRef.createNestApplication<NestExpressApplication>({
      bodyParser: false,
      logger: process.env.TEST_LOGS ? undefined : false,
    }),
  );
  await app.init();
  const http = request(app.getHttpServer());
  return {
    app,
    http,
    dir,
    bearer: (role) => ({ Authorization: `Bearer ${KEYS[role]}` }),
    close: () => app.close(),
  };
}

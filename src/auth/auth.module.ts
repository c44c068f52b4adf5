import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { ConfigType } from '@nestjs/config';
import { appConfig } from '../config/app.config';
import { ApiKeyRegistry } from './api-keys';
import { AuthGuard } from './auth.guard';

@Global()
@Module({
  providers: [
    {
      provide: ApiKeyRegistry,
      inject: [appConfig.KEY],
      useFactory: (config: ConfigType<typeof appConfig>) =>
        config.apiKeys ? ApiKeyRegistry.fromSpecs(config.apiKeys) : ApiKeyRegistry.firstStart(config, announceOnce),
    },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [ApiKeyRegistry],
})
export class AuthModule {}

/** The new secret goes to the terminal once, never through the logger (logs must not hold keys). */
function announceOnce(message: string): void {
  process.stderr.write(`\n${'='.repeat(78)}\n${message}\n${'='.repeat(78)}\n\n`);
}

import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { ConfigType } from '@nestjs/config';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { ApiKeyRegistry } from '../auth/api-keys';
import { appConfig } from '../config/app.config';
import { HttpDrain } from './http-drain';
import { throttlerOptions } from './throttling';

/**
 * Rate limits and the shutdown drain. Imported before AuthModule on purpose: global guards run in
 * registration order, and throttling first means failed key guesses are throttled too.
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [appConfig.KEY, ApiKeyRegistry],
      useFactory: (config: ConfigType<typeof appConfig>, keys: ApiKeyRegistry) => throttlerOptions(config, keys),
    }),
  ],
  providers: [HttpDrain, { provide: APP_GUARD, useClass: ThrottlerGuard }],
  exports: [HttpDrain],
})
export class HttpEdgeModule {}

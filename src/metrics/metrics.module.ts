import { Global, Module } from '@nestjs/common';
import { APPEND_METRICS } from '../event-store/instrumented.event-store';
import { MetricsController } from './metrics.controller';
import { Metrics } from './metrics';

/** Global: any feature (alerts, webhooks) injects `Metrics` and calls its helpers. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [Metrics, { provide: APPEND_METRICS, useExisting: Metrics }],
  exports: [Metrics, APPEND_METRICS],
})
export class MetricsModule {}

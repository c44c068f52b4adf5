import { Module } from '@nestjs/common';
import { AlertsModule } from './alerts/alerts.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CasesModule } from './cases/cases.module';
import { AppConfigModule } from './config/config.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { EventStoreModule } from './event-store/event-store.module';
import { FollowUpModule } from './follow-up/follow-up.module';
import { HealthModule } from './health/health.module';
import { HttpEdgeModule } from './http/http-edge.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { ReadSideModule } from './read-side/read-side.module';
import { TimeModule } from './time/time.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({
  imports: [
    AppConfigModule,
    LoggingModule,
    MetricsModule,
    TimeModule,
    EventStoreModule,
    // Before AuthModule: its guard (the rate limit) runs before the key check.
    HttpEdgeModule,
    AuthModule,
    HealthModule,
    CasesModule,
    ReadSideModule,
    AuditModule,
    FollowUpModule,
    AlertsModule,
    WebhooksModule,
    DashboardModule,
  ],
})
export class AppModule {}

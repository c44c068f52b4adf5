import { Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CasesModule } from './cases/cases.module';
import { AppConfigModule } from './config/config.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { EventStoreModule } from './event-store/event-store.module';
import { HealthModule } from './health/health.module';
import { ReadSideModule } from './read-side/read-side.module';
import { TimeModule } from './time/time.module';

@Module({
  imports: [
    AppConfigModule,
    TimeModule,
    EventStoreModule,
    AuthModule,
    HealthModule,
    CasesModule,
    ReadSideModule,
    AuditModule,
    DashboardModule,
  ],
})
export class AppModule {}

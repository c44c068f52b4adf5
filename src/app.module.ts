import { Module } from '@nestjs/common';
import { AppConfigModule } from './config/config.module';
import { EventStoreModule } from './event-store/event-store.module';
import { HealthModule } from './health/health.module';

@Module({
  imports: [AppConfigModule, EventStoreModule, HealthModule],
})
export class AppModule {}

import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DashboardController } from './dashboard.controller';
import { DASHBOARD_OPTIONS, DEFAULT_HEARTBEAT_MS, defaultPublicDir, type DashboardOptions } from './dashboard.options';
import { WorkbenchController } from './forms/workbench.controller';
import { LiveEventsController } from './live-events.controller';
import { LiveFeed } from './live-feed';

/** The web dashboard at `/` and the live event stream it listens to. */
@Module({
  imports: [CqrsModule],
  // Before DashboardController, whose `dashboard/*path` would otherwise take /dashboard/forms for a file.
  controllers: [WorkbenchController, DashboardController, LiveEventsController],
  providers: [
    {
      provide: DASHBOARD_OPTIONS,
      useFactory: (): DashboardOptions => ({ publicDir: defaultPublicDir(), heartbeatMs: DEFAULT_HEARTBEAT_MS }),
    },
    LiveFeed,
  ],
})
export class DashboardModule {}

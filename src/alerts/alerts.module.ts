import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ScheduleModule } from '@nestjs/schedule';
import { AlertLedger } from './alert-ledger';
import { AlertProcessManager } from './alert.process-manager';
import { AlertsController } from './alerts.controller';
import { ListAlertsHandler } from './alerts.queries';

/** Alerts: judged by the process manager, stored once by the ledger, read through the alerts projection. */
@Module({
  imports: [CqrsModule, ScheduleModule.forRoot()],
  controllers: [AlertsController],
  providers: [AlertLedger, AlertProcessManager, ListAlertsHandler],
  exports: [AlertLedger, AlertProcessManager],
})
export class AlertsModule {}

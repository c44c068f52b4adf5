import { Module } from '@nestjs/common';
import { CaseAudit } from '../audit/case-audit';
import { AppConfigModule } from '../config/config.module';
import { EventStoreModule } from '../event-store/event-store.module';
import { TimeModule } from '../time/time.module';
import { ImportCommand } from './import.command';
import { ReplayCommand } from './replay.command';
import { ExportCommand } from './export.command';
import { FollowUpCommand } from './follow-up.command';
import { VerifyCommand } from './verify.command';

@Module({
  imports: [AppConfigModule, TimeModule, EventStoreModule],
  providers: [ImportCommand, ReplayCommand, VerifyCommand, ExportCommand, FollowUpCommand, CaseAudit],
})
export class CliModule {}

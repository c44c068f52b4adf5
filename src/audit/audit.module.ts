import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { CaseAudit } from './case-audit';

@Module({ controllers: [AuditController], providers: [CaseAudit], exports: [CaseAudit] })
export class AuditModule {}

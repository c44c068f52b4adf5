import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CaseRecorder } from './case-recorder';
import { RecordCaseCommandHandler } from './case.handlers';
import { CasesController } from './cases.controller';

@Module({
  imports: [CqrsModule],
  controllers: [CasesController],
  providers: [CaseRecorder, RecordCaseCommandHandler],
  exports: [CaseRecorder],
})
export class CasesModule {}

import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CaseRecorder } from './case-recorder';
import { CASE_COMMAND_HANDLERS } from './case.handlers';
import { CasesController } from './cases.controller';

@Module({
  imports: [CqrsModule],
  controllers: [CasesController],
  providers: [CaseRecorder, ...CASE_COMMAND_HANDLERS],
  exports: [CaseRecorder],
})
export class CasesModule {}

import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { CachedAnswer } from './cached-answer';
import { ListAnswers } from './lists/list-answer';
import { ListCursors } from './lists/list-cursor';
import { ListRows } from './lists/list-rows';
import { ProjectionLag } from './projection-lag';
import { PROJECTION_PROVIDERS } from './projection-providers';
import { ProjectionRunner } from './projection-runner';
import { ReadController } from './read.controller';
import { READ_QUERY_HANDLERS } from './read.queries';
import { ReadModels } from './read-models';

@Global()
@Module({
  imports: [CqrsModule, DiscoveryModule],
  controllers: [ReadController],
  providers: [
    ReadModels,
    ProjectionRunner,
    ProjectionLag,
    CachedAnswer,
    ListCursors,
    ListAnswers,
    ListRows,
    ...PROJECTION_PROVIDERS,
    ...READ_QUERY_HANDLERS,
  ],
  exports: [ReadModels, ProjectionRunner, ProjectionLag, ListAnswers],
})
export class ReadSideModule {}

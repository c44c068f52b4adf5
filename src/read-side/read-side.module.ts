import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CachedAnswer } from './cached-answer';
import { ListAnswers } from './lists/list-answer';
import { ListCursors } from './lists/list-cursor';
import { ListRows } from './lists/list-rows';
import { ProjectionLag } from './projection-lag';
import { ProjectionRunner } from './projection-runner';
import { ReadController } from './read.controller';
import { READ_QUERY_HANDLERS } from './read.queries';
import { ReadModels } from './read-models';

@Global()
@Module({
  imports: [CqrsModule],
  controllers: [ReadController],
  providers: [
    ReadModels,
    ProjectionRunner,
    ProjectionLag,
    CachedAnswer,
    ListCursors,
    ListAnswers,
    ListRows,
    ...READ_QUERY_HANDLERS,
  ],
  exports: [ReadModels, ProjectionRunner, ProjectionLag, ListAnswers, CachedAnswer],
})
export class ReadSideModule {}

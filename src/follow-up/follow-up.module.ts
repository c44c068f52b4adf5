import { Module } from '@nestjs/common';
import { FollowUpController } from './follow-up.controller';

/** GET /opinions/{opinionId}/follow-up; the read models come from the global read side. */
@Module({ controllers: [FollowUpController] })
export class FollowUpModule {}

import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequiresAccess } from '../auth/access';
import { addressOf } from '../http/throttling';
import { LiveFeed } from './live-feed';

/**
 * `GET /events`: a server-sent-event stream of what gets recorded, for the dashboard's live updates. It carries only
 * types, streams and positions, never data; the page re-reads the views it shows. Read access like the views, with the
 * key in the Authorization header (the dashboard reads the stream with fetch, so a key never travels in a URL).
 */
@Controller('events')
@RequiresAccess('read')
export class LiveEventsController {
  constructor(private readonly feed: LiveFeed) {}

  @Get()
  stream(@Req() request: Request, @Res() response: Response): void {
    this.feed.open(response, addressOf(request));
  }
}

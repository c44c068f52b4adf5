import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequiresAccess } from '../auth/access';
import { Metrics } from './metrics';

/** Read access like the projections: anonymous unless READS_REQUIRE_KEY, then a viewer key. */
@ApiTags('operations')
@Controller('metrics')
@RequiresAccess('read')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @ApiOperation({ summary: 'Prometheus metrics in the text exposition format' })
  @ApiOkResponse({
    description:
      'Events appended by type, append latency, projection lag (events and seconds), alerts raised, ' +
      'webhook deliveries and failures, HTTP latency by route, and the process metrics',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  async scrape(@Res() response: Response): Promise<void> {
    const { contentType, body } = await this.metrics.exposition();
    response.type(contentType).send(body);
  }
}

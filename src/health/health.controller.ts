import { Controller, Get, Inject, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import type { Request, Response } from 'express';
import { RequiresAccess } from '../auth/access';
import { ApiKeyRegistry } from '../auth/api-keys';
import { appConfig } from '../config/app.config';
import { HealthReportDto } from './health-report.dto';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { formatPosition } from '../event-store/position';
import { REFUSAL_HOLD_MS, StoreWrites } from '../event-store/store-writes';
import { ProjectionLag } from '../read-side/projection-lag';
import { ReadModels } from '../read-side/read-models';
import { ProjectionRunner } from '../read-side/projection-runner';

/** Public: liveness probes (Docker, Kubernetes, load balancers) carry no API key. */
@ApiTags('operations')
@Controller('health')
@RequiresAccess('public')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly lag: ProjectionLag,
    private readonly runner: ProjectionRunner,
    private readonly readModels: ReadModels,
    private readonly writes: StoreWrites,
    private readonly keys: ApiKeyRegistry,
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
  ) {}

  /**
   * Liveness, and whether the event store answers and takes appends: a store that reads but refuses every write (a
   * full disk, a read-only file, a lock held elsewhere) is down for what this server is for, and says why. The
   * refusal lapses as readiness's does (after the next append that lands, or REFUSAL_HOLD_MS without one), so a
   * supervisor that restarts on it does not restart in a loop.
   */
  @Get()
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({ summary: 'Liveness: the process answers and the event store is reachable and takes appends' })
  @ApiResponse({ status: 200, description: 'Up', type: HealthReportDto })
  @ApiResponse({
    status: 503,
    description: 'The event store does not answer, or refused the last append',
    type: HealthReportDto,
  })
  check(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.report(request, response, [() => this.storeReachable(), () => this.storeWriting()]);
  }

  /**
   * Readiness: worth sending traffic to, i.e. the store answers and takes appends, and reads are nearly current.
   * Liveness stays up while the store refuses appends: a restart would not give a full disk room.
   */
  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({
    summary: `Readiness: the store is reachable and took the last append (or refused it over ${REFUSAL_HOLD_MS / 1000} s ago), and every read model is within READY_MAX_LAG_EVENTS of the store's head`,
  })
  @ApiResponse({ status: 200, description: 'Ready', type: HealthReportDto })
  @ApiResponse({
    status: 503,
    description: 'Not ready: store unreachable, refusing appends, or a read model lags',
    type: HealthReportDto,
  })
  ready(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.report(request, response, [
      () => this.storeReachable(),
      () => this.storeWriting(),
      () => this.readModelsCurrent(),
    ]);
  }

  /**
   * Terminus throws a 503 carrying the report; answered here as it is, so probes and operators see
   * which check failed (the problem filter would reduce it to a bare message).
   */
  private async report(
    request: Request,
    response: Response,
    checks: HealthIndicatorFunction[],
  ): Promise<HealthCheckResult> {
    let result: HealthCheckResult;
    try {
      result = await this.health.check(checks);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(503);
      result = error.getResponse() as HealthCheckResult;
    }
    return this.withKey(request) ? result : withoutInternals(result);
  }

  /** Whether the caller presented a valid API key (any role): only they see error messages and instance names. */
  private withKey(request: Request): boolean {
    const secret = /^Bearer ([\x21-\x7e]{1,512})$/.exec(request.headers.authorization ?? '')?.[1];
    return secret !== undefined && this.keys.authenticate(secret) !== undefined;
  }

  private async storeReachable() {
    const indicator = this.indicators.check('eventStore');
    try {
      const head = await this.store.headPosition();
      return indicator.up({ head: head ? formatPosition(head) : 'empty' });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  private storeWriting() {
    const indicator = this.indicators.check('storeWrites');
    const refusal = this.writes.refused();
    return refusal ? indicator.down({ ...refusal }) : indicator.up();
  }

  private async readModelsCurrent() {
    const indicator = this.indicators.check('readModels');
    const limit = this.config.readyMaxLagEvents;
    try {
      const late = await this.lag.beyond(limit);
      const details = {
        maxLagEvents: limit,
        // Answers are right either way; while 'reading', a list waits for the rest of the documents.
        inMemory: this.readModels.loaded ? 'loaded' : 'reading',
        projections: this.runner
          .projections()
          .map((p) => ({ name: p.name, checkpoint: p.position ? formatPosition(p.position) : 'none' })),
        ...(this.runner.lastError ? { lastError: this.runner.lastError } : {}),
      };
      if (this.runner.takenOverBy) return indicator.down({ ...details, takenOverBy: this.runner.takenOverBy });
      return late.length === 0 ? indicator.up(details) : indicator.down({ ...details, late });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}

/**
 * What an anonymous prober is told: each check's status and figures, without error messages (they carry file paths
 * and driver details) or the name of the instance that took the read-model file over (host and process id).
 */
const INTERNAL = new Set(['message', 'lastError', 'takenOverBy']);

function withoutInternals(result: HealthCheckResult): HealthCheckResult {
  const strip = (section: HealthCheckResult['info']) =>
    section &&
    Object.fromEntries(
      Object.entries(section).map(([name, indicator]) => [
        name,
        Object.fromEntries(Object.entries(indicator ?? {}).filter(([key]) => !INTERNAL.has(key))),
      ]),
    );
  return {
    ...result,
    info: strip(result.info),
    error: strip(result.error),
    details: strip(result.details),
  } as HealthCheckResult;
}

import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { RequiresAccess } from '../auth/access';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';

/** Public: liveness probes (Docker, Kubernetes, load balancers) carry no API key. */
@Controller('health')
@RequiresAccess('public')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** Liveness, and whether the event store answers. */
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.storeReachable()]);
  }

  private async storeReachable() {
    const indicator = this.indicators.check('eventStore');
    try {
      await this.store.headPosition();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}

import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { appConfig } from '../config/app.config';
import { EVENT_STORE, type EventStore, type Position } from '../event-store/event-store.port';
import { comparePositions } from '../event-store/position';
import { Metrics, type ProjectionLagSample } from '../metrics/metrics';
import { ProjectionRunner } from './projection-runner';

/**
 * How far each projection is behind the store's head. SQLite positions are row sequence numbers,
 * so the difference counts events; EventStoreDB positions are byte offsets, so there only the age
 * of the oldest unapplied event is reported. `withinEvents` works on every store by reading at
 * most `limit + 1` events after the checkpoint.
 */
@Injectable()
export class ProjectionLag implements OnModuleInit {
  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.metrics.reportProjectionLag(() => this.measure());
  }

  async measure(): Promise<ProjectionLagSample[]> {
    const head = await this.store.headPosition();
    const countable = this.config.eventStore === 'sqlite';
    const now = Date.now();
    return Promise.all(
      this.runner.projections().map(async ({ name, position }) => {
        if (caughtUp(position, head)) return { projection: name, events: countable ? 0 : undefined, seconds: 0 };
        const [oldest] = await this.store.readAll({ after: position ?? 'start', maxCount: 1 });
        const seconds = oldest ? Math.max(0, (now - oldest.recordedAt.getTime()) / 1000) : 0;
        const events = countable ? Number(head!.commit - (position?.commit ?? 0n)) : undefined;
        return { projection: name, events, seconds };
      }),
    );
  }

  /** Each projection's lag when it is more than `limit` events behind; empty when all are within it. */
  async beyond(limit: number): Promise<Array<{ projection: string; behindBy: string }>> {
    const head = await this.store.headPosition();
    const late: Array<{ projection: string; behindBy: string }> = [];
    for (const { name, position } of this.runner.projections()) {
      if (caughtUp(position, head)) continue;
      const pending = await this.store.readAll({ after: position ?? 'start', maxCount: limit + 1 });
      if (pending.length > limit)
        late.push({ projection: name, behindBy: `more than ${limit} event${limit === 1 ? '' : 's'}` });
    }
    return late;
  }
}

const caughtUp = (position: Position | undefined, head: Position | undefined) =>
  head === undefined || (position !== undefined && comparePositions(position, head) >= 0);

import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { availableParallelism } from 'node:os';
import { SingleBar, Presets } from 'cli-progress';
import { PROJECTIONS } from '../../projections/projections';
import { appConfig } from '../config/app.config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { formatPosition } from '../event-store/position';
import { rebuildReadModels } from '../read-side/rebuild';
import type { CliCommand, CliCommandSpec } from './cli-command';

@Injectable()
export class ReplayCommand implements CliCommand {
  static readonly spec: CliCommandSpec = {
    name: 'replay',
    usage: 'replay',
    description: 'rebuild every read model from the store and swap it in atomically',
    arguments: { required: 0, most: 0 },
    options: {},
  };

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
  ) {}

  async run(): Promise<void> {
    const head = await this.store.headPosition();
    const bar = new SingleBar(
      {
        format: 'replay [{bar}] {value} events | {rate} events/s',
        stream: process.stderr,
        noTTYOutput: true,
        notTTYSchedule: 1000,
      },
      Presets.shades_classic,
    );
    const started = Date.now();
    bar.start(head ? Number(head.commit) : 0, 0, { rate: 0 });
    // Every projection the server runs: a rebuilt file missing one would make the server start that one over.
    // On the embedded store, one thread per core folds a run of whole streams (see RebuildOptions.parts).
    const threads = this.config.rebuildThreads || availableParallelism();
    const parts = this.config.eventStore === 'sqlite' ? { sqlitePath: this.config.sqlitePath, threads } : undefined;
    const report = await rebuildReadModels(
      this.store,
      [...PROJECTIONS],
      this.config.readModelPath,
      (n) => bar.update(n, { rate: Math.round(n / Math.max(0.001, (Date.now() - started) / 1000)) }),
      { parts },
    ).finally(() => bar.stop());
    const rate = Math.round(report.events / Math.max(report.seconds, 0.001));
    process.stdout.write(
      `replayed ${report.events} events in ${report.seconds.toFixed(2)} s (${rate} events/s); checkpoint ${report.checkpoint ? formatPosition(report.checkpoint) : 'none'}; generation ${report.generation}; ${report.readBack} documents read back; ${report.threads} thread(s); ${report.handedOver} into place\n`,
    );
  }
}

import type { ConfigType } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { AlertRaised } from '../../projections/alerts/alert.events';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import { fold, given, jailed, OP } from '../../projections/views/case-files.fixture';
import type { appConfig } from '../config/app.config';
import { InMemoryEventStore } from '../event-store/in-memory.event-store';
import type { StoredEvent } from '../event-store/event-store.port';
import { positionOf } from '../event-store/position';
import { EventRecorded } from '../read-side/event-recorded';
import { ReadModels } from '../read-side/read-models';
import type { Clock } from '../time/clock';
import type { AlertLedger } from './alert-ledger';
import { AlertProcessManager } from './alert.process-manager';

const config = { reportingTimezone: 'UTC', inquiryResponseDays: 10 } as ConfigType<typeof appConfig>;
const clock = { today: () => '2024-06-01' } as Clock;

/** Two cases recording the same opinion, in read models that reflect position 2. */
function readModelsWithTwoCases(): ReadModels {
  const readModels = new ReadModels();
  const sharing = [given.opened('KZ', 'd'), given.opinion(OP, '2022-05-10', ['release'])];
  const files = new Map<string, unknown>([
    ['case-a', fold('case-a', jailed)],
    ['case-b', fold('case-b', sharing)],
  ]);
  readModels.replaceAll(new Map([[caseFilesProjection.name, files]]), positionOf(2));
  return readModels;
}

const running: AlertProcessManager[] = [];

/** `whileRaising`: what the read side applies while the ledger stores alerts (their own events, as they land). */
function managerOn(readModels: ReadModels, whileRaising: (manager: AlertProcessManager) => void = () => {}) {
  const raised: AlertRaised[][] = [];
  const ledger = {
    seed: jest.fn(),
    raise: jest.fn((due: AlertRaised[]) => {
      raised.push(due);
      whileRaising(manager);
      return Promise.resolve([]);
    }),
  } as unknown as AlertLedger;
  const manager: AlertProcessManager = new AlertProcessManager(
    readModels,
    ledger,
    clock,
    new SchedulerRegistry(),
    new InMemoryEventStore(),
    config,
  );
  running.push(manager);
  return { manager, raised };
}

const recorded = (stream: string, at: number) => new EventRecorded({ stream, position: positionOf(at) } as StoredEvent);

describe('AlertProcessManager', () => {
  // Stops the daily job even when an expectation failed, or jest waits on its timer.
  afterEach(() => Promise.all(running.splice(0).map((manager) => manager.beforeApplicationShutdown())));

  it('after a restart that judged nothing, an event in one case judges every case sharing its opinion', async () => {
    const readModels = readModelsWithTwoCases();
    const first = managerOn(readModels);
    first.manager.onApplicationBootstrap();
    await first.manager.settled();
    expect(first.manager.startUpJudged).toBe('every case');
    await first.manager.beforeApplicationShutdown();

    const { manager, raised } = managerOn(readModels);
    manager.onApplicationBootstrap();
    await manager.settled();
    expect(manager.startUpJudged).toBe(0);
    expect(raised).toEqual([]);

    manager.handle(recorded('case-case-b', 3));
    await manager.settled();
    const judged = new Set(raised.flat().map((alert) => alert.caseId));
    expect(judged).toEqual(new Set(['case-a', 'case-b']));
  });

  it('moves its mark past the alerts it raised, so a restart does not read them again', async () => {
    const readModels = readModelsWithTwoCases();
    const { manager } = managerOn(readModels, (self) => {
      self.handle(recorded('alerts', 3));
      self.handle(recorded('alerts', 4));
    });
    manager.onApplicationBootstrap();
    await manager.settled();
    await manager.beforeApplicationShutdown();
    expect(JSON.parse(readModels.note('alerts-judged')!)).toMatchObject({ day: '2024-06-01', upTo: '4/4' });
  });
});

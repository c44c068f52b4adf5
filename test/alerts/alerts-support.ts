import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { ALERTS_STREAM, type AlertRaised } from '../../projections/alerts/alert.events';
import { AlertProcessManager } from '../../src/alerts/alert.process-manager';
import { importItems } from '../../src/cases/import/case-import';
import { StreamNotFoundError } from '../../src/event-store/event-store.errors';
import { ReadModels } from '../../src/read-side/read-models';
import { EVENT_STORE, type EventStore, type StoredEvent } from '../../src/event-store/event-store.port';

export const EXAMPLE_ITEMS = JSON.parse(
  readFileSync(join(__dirname, '../../examples/forum18-kazakhstan-2023.json'), 'utf8'),
) as unknown[];

export const WHATSAPP = 'kz-whatsapp-group-2018';
export const WGAD = 'A/HRC/WGAD/2021/33';

/** The worked example's alerts as of 26 September 2023 (examples/README.md). */
export const EXAMPLE_ALERT_IDS = [
  `opinion.follow_up_overdue:${WHATSAPP}:${WGAD}`,
  `opinion.unimplemented_anniversary:${WHATSAPP}:${WGAD}:1`,
  `inquiry.unanswered:${WHATSAPP}:f18-2023-09-15-gpo`,
  `inquiry.unanswered:${WHATSAPP}:f18-2023-09-15-rac`,
];

/** Records import items straight into a store, one append per case, as `compliance-ledger import` does. */
export async function importInto(store: EventStore, items: unknown[], today = '2023-09-26'): Promise<void> {
  const report = await importItems(store, items, {
    today,
    actor: 'test-import',
    recordedAt: () => new Date().toISOString(),
  });
  if (report.problems.length) throw new Error(JSON.stringify(report.problems.slice(0, 3)));
}

export const storeOf = (app: INestApplication): EventStore => app.get<EventStore>(EVENT_STORE);

export async function alertEvents(store: EventStore): Promise<StoredEvent[]> {
  return store.readStream(ALERTS_STREAM).catch((error: unknown) => {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  });
}

export const alertIdsOf = (events: StoredEvent[]) => events.map((e) => (e.data as unknown as AlertRaised).alertId);

/**
 * Waits until the apps' read models reflect everything in the store and their alert process managers have judged it.
 * The read models publish EventRecorded in the same turn they advance, so once `waitFor` resolves the cases are
 * queued for judging.
 */
export async function alertsSettled(...apps: INestApplication[]): Promise<void> {
  for (const app of apps)
    await eventually(() => app.get(AlertProcessManager).isReady, 'the start-up evaluation to begin');
  // The alerts they raise move the head again: done when a round of every instance leaves the head where it was.
  // Instances sharing a store settle together: one of them may still be writing when the other finds its head still.
  const headOf = () => storeOf(apps[0]).headPosition();
  for (;;) {
    const head = await headOf();
    await Promise.all(
      apps.map(async (app) => {
        if (head && !(await app.get(ReadModels).waitFor(head, 10_000))) throw new Error('read models did not catch up');
        await app.get(AlertProcessManager).settled();
      }),
    );
    const now = await headOf();
    if (now?.commit === head?.commit && now?.prepare === head?.prepare) return;
  }
}

type Falsy = false | 0 | '' | null | undefined;

/** Polls until the check passes (returns truthy or does not throw), or fails with the last reason. */
export async function eventually<T>(
  check: () => T | Falsy | Promise<T | Falsy>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as T;
      last = new Error(`${what}: not yet`);
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw last instanceof Error ? last : new Error(`${what}: ${String(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

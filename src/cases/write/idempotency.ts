import canonicalize from 'canonicalize';
import { v5 as uuidv5 } from 'uuid';
import { CaseRuleViolation } from '../../../domain/case/case.errors';
import type { CaseEvent } from '../../../domain/case/case.events';
import { DuplicateEventIdError } from '../../event-store/event-store.errors';
import type { StoredEvent } from '../../event-store/event-store.port';
import { pauseBeforeRetry, writeCase, type CaseStreamPort, type CaseWrite, type Written } from './write-case';

const IDEMPOTENCY_NAMESPACE = '6f1c7a52-3d0e-4f7e-9d55-0c3b8f7e2a11';
const MAX_ATTEMPTS = 30;

/** What a write answers once its Idempotency-Key is stored: the first request's result. */
export interface Replayed extends Written {
  replayed: boolean;
}

/**
 * A write under an Idempotency-Key. The key goes into the events' metadata and their ids (derived
 * from the case and the key, so the store refuses a second copy). A request whose key is already
 * stored answers that first result and stores nothing; with a different body it is refused, since
 * the client would otherwise believe a write the ledger never made.
 */
export async function writeWithIdempotencyKey(
  port: CaseStreamPort,
  write: CaseWrite,
  key: string,
  asked: CaseEvent,
): Promise<Replayed> {
  for (let attempt = 1; ; attempt++) {
    let prior: StoredEvent[] = [];
    const keyed: CaseWrite = {
      ...write,
      history: true,
      decide: async (loaded) => {
        prior = loaded.stored.filter((e) => e.metadata.idempotencyKey === key);
        if (prior.length > 0) return [];
        const events = await write.decide(loaded);
        return events.map((event, i) => ({
          ...event,
          eventId: uuidv5(`${write.caseId}\n${key}${i === 0 ? '' : `\n${i}`}`, IDEMPOTENCY_NAMESPACE),
          metadata: { ...event.metadata, idempotencyKey: key },
        }));
      },
    };
    try {
      const written = await writeCase(port, keyed);
      if (prior.length > 0) return replay(prior, asked, key);
      // A concurrent request with the same key stored its events first: load again, so the answer is
      // theirs (or a refusal when the bodies differ), never a success for this body.
      if (written.written || written.appended.length === 0 || attempt >= MAX_ATTEMPTS)
        return { ...written, replayed: !written.written };
    } catch (error) {
      if (!(error instanceof DuplicateEventIdError) || attempt >= MAX_ATTEMPTS) throw error;
      await pauseBeforeRetry(attempt);
    }
  }
}

function replay(prior: StoredEvent[], asked: CaseEvent, key: string): Replayed {
  const [first] = prior;
  if (canonicalize(asked) !== canonicalize({ type: first.type, data: first.data })) {
    throw new CaseRuleViolation(
      'CASE.IDEMPOTENCY_KEY_REUSED',
      `Idempotency-Key ${key} was used for a different request`,
    );
  }
  const last = prior[prior.length - 1];
  return {
    revision: last.revision,
    position: last.position,
    appended: prior.map(({ eventId, type, data, metadata }) => ({ eventId, type, data, metadata })),
    written: false,
    replayed: true,
  };
}

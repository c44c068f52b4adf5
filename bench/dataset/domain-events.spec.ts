import { decide, evolve, initialState } from '../../domain/case/case.decider';
import { CaseRuleViolation } from '../../domain/case/case.errors';
import { validateCaseEvent } from '../../src/cases/dto/case-event.validation';
import { eventCounts, generateCases, type DatasetOptions } from './domain-events';

const options: DatasetOptions = { seed: 7, cases: 300, events: 300 * 50, today: '2025-06-30' };

describe('generated domain events', () => {
  it('pass request validation and every rule of the decider, in order', () => {
    const problems: string[] = [];
    for (const generated of generateCases(options)) {
      let state = initialState(generated.caseId);
      generated.events.forEach((event, revision) => {
        const valid = validateCaseEvent(JSON.parse(JSON.stringify(event)));
        if (!valid.ok) problems.push(`${generated.caseId}@${revision}: ${valid.errors.join('; ')}`);
        try {
          const command = { type: 'RecordCaseEvent' as const, data: { caseId: generated.caseId, event } };
          const [decided] = decide({ ...command, metadata: { today: options.today } }, state);
          state = evolve(state, decided, revision);
        } catch (error) {
          if (!(error instanceof CaseRuleViolation)) throw error;
          problems.push(`${generated.caseId}@${revision} ${event.type}: ${error.code} ${error.message}`);
          state = evolve(state, event, revision);
        }
      });
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('add up to the events asked for, with an opinion in every second case', () => {
    const cases = [...generateCases(options)];
    expect(cases.reduce((n, c) => n + c.events.length, 0)).toBe(options.events);
    expect(cases.filter((c) => c.opinionId).length).toBe(options.cases / 2);
    expect(new Set(cases.map((c) => c.opinionId).filter(Boolean)).size).toBe(options.cases / 2);
    expect(Math.min(...eventCounts(options))).toBeGreaterThanOrEqual(4);
  });

  it('are the same for the same seed, and differ for another', () => {
    const first = JSON.stringify([...generateCases(options, 0, 20)]);
    expect(JSON.stringify([...generateCases(options, 0, 20)])).toBe(first);
    expect(JSON.stringify([...generateCases({ ...options, seed: 8 }, 0, 20)])).not.toBe(first);
  });

  it('cover every event type of the domain', () => {
    const types = new Set([...generateCases(options)].flatMap((c) => c.events.map((e) => e.type)));
    expect([...types].sort()).toEqual(
      [
        'CaseOpened',
        'EventCorrected',
        'ImplementationMeasureRecorded',
        'InquirySent',
        'NoResponseRecorded',
        'PersonArrested',
        'PersonConvicted',
        'PersonReleased',
        'ReleaseRequestDecided',
        'ReleaseRequested',
        'ResponseReceived',
        'StateFollowUpReplied',
        'SubjectAdded',
        'TransferredToRestrictedFreedom',
        'UnOpinionAdopted',
      ].sort(),
    );
  });
});

/**
 * What happens to a generated case after its opening, in time order: inquiries and their answers
 * or silences, release requests and decisions, transfers, releases, implementation measures,
 * follow-up replies, new subjects and corrections. An action that does not fit the case as it
 * stands (nobody held, no opinion, nothing to correct) gives way to an inquiry step.
 */
import { isoFromDay } from '../../domain/calendar/calendar-day';
import type { CaseEventOf, ReleaseBasis } from '../../domain/case/case.events';
import type { CaseDraft, Inquiry } from './case-draft';
import { ACTIONS, CHANNEL_WEIGHTS, LAST_ACTIONS, RELEASE_BASES, type Action } from './weights';
import * as words from './words';

/** Everything after the opinion, in time order, until the case has its share of events. */
export function followUp(draft: CaseDraft): void {
  while (draft.left > 0) {
    draft.advance(5, 45);
    const action = draft.rng.weighted(draft.left === 1 ? LAST_ACTIONS : ACTIONS);
    if (!tryAction(draft, action)) inquiryStep(draft);
  }
}

function tryAction(draft: CaseDraft, action: Action): boolean {
  switch (action) {
    case 'inquiry':
      return inquiryStep(draft);
    case 'request':
      return requestRelease(draft);
    case 'decision':
      return decide(draft);
    case 'transfer':
      return transfer(draft);
    case 'release':
      return release(draft);
    case 'measure':
      return measure(draft);
    case 'reply':
      return reply(draft);
    case 'subject':
      return addSubject(draft);
    case 'correction':
      return correct(draft);
  }
}

/** A new inquiry, or an outcome for an open one: most of a long case's history. */
function inquiryStep(draft: CaseDraft): boolean {
  const open = draft.inquiries.filter((i) => !i.answered && i.outcomes < 3);
  if (open.length > 0 && draft.rng.chance(0.55)) {
    recordOutcome(draft, draft.rng.pick(open));
    return true;
  }
  const { rng } = draft;
  const inquiryId = `inq-${draft.inquiries.length + 1}`;
  draft.inquiries.push({ inquiryId, answered: false, outcomes: 0 });
  const event: CaseEventOf<'InquirySent'> = {
    type: 'InquirySent',
    data: {
      inquiryId,
      occurredOn: isoFromDay(draft.day),
      to: rng.pick(words.AUTHORITIES),
      channel: rng.weighted(CHANNEL_WEIGHTS),
      question: rng.pick(words.QUESTIONS),
    },
  };
  if (draft.opinion && rng.chance(0.5)) event.data.opinionId = draft.opinion.opinionId;
  draft.push(event);
  return true;
}

/** Mostly silence; now and then the answer that closes the inquiry. */
function recordOutcome(draft: CaseDraft, inquiry: Inquiry): void {
  const { rng } = draft;
  inquiry.outcomes++;
  if (rng.chance(0.75)) {
    draft.push({
      type: 'NoResponseRecorded',
      data: { inquiryId: inquiry.inquiryId, occurredOn: isoFromDay(draft.day) },
    });
    return;
  }
  inquiry.answered = true;
  draft.push({
    type: 'ResponseReceived',
    data: {
      inquiryId: inquiry.inquiryId,
      occurredOn: draft.dateNow(),
      summary: rng.pick(words.RESPONSES),
      kind: rng.pick(['substantive', 'token', 'denial', 'request_for_information'] as const),
    },
  });
}

function requestRelease(draft: CaseDraft): boolean {
  const { rng } = draft;
  const candidates = draft.people.filter((p) => p.custody === 'imprisoned' || p.custody === 'detained');
  if (candidates.length === 0 || draft.left < 2) return false;
  const person = rng.pick(candidates);
  const requestId = `req-${draft.requests.length + 1}`;
  draft.requests.push({ requestId, personId: person.personId, decided: false });
  draft.push({
    type: 'ReleaseRequested',
    data: {
      requestId,
      personId: person.personId,
      occurredOn: draft.dateNow(),
      kind: rng.pick(['early_release', 'pardon', 'appeal', 'opinion_implementation'] as const),
      addressedTo: rng.pick(words.AUTHORITIES),
      requestedBy: `${rng.pick(words.FIRST_NAMES)} ${rng.pick(words.LAST_NAMES)} (defence lawyer)`,
    },
  });
  return true;
}

function decide(draft: CaseDraft): boolean {
  const { rng } = draft;
  const pending = draft.requests.filter((r) => !r.decided);
  if (pending.length === 0) return false;
  const request = pending[0];
  request.decided = true;
  const outcome = rng.chance(0.8) ? 'denied' : 'granted';
  draft.push({
    type: 'ReleaseRequestDecided',
    data: {
      requestId: request.requestId,
      occurredOn: isoFromDay(draft.day),
      outcome,
      decidedBy: rng.pick(words.COURTS),
      grounds:
        outcome === 'denied'
          ? 'No grounds for early release; the convicted person has not admitted guilt.'
          : 'Granted.',
    },
  });
  return true;
}

function transfer(draft: CaseDraft): boolean {
  const { rng } = draft;
  const imprisoned = draft.people.filter((p) => p.custody === 'imprisoned');
  if (imprisoned.length === 0) return false;
  const person = rng.pick(imprisoned);
  person.custody = 'restricted_freedom';
  const event: CaseEventOf<'TransferredToRestrictedFreedom'> = {
    type: 'TransferredToRestrictedFreedom',
    data: { personId: person.personId, occurredOn: draft.dateNow() },
  };
  if (rng.chance(0.6)) event.data.court = `${rng.pick(words.COURTS)}, ${rng.pick(words.CITIES)}`;
  draft.push(event);
  return true;
}

function release(draft: CaseDraft): boolean {
  const { rng } = draft;
  const held = draft.people.filter((p) => p.custody === 'imprisoned' || p.custody === 'restricted_freedom');
  if (held.length === 0) return false;
  const person = rng.pick(held);
  person.custody = 'released';
  const basis: ReleaseBasis = rng.weighted(RELEASE_BASES);
  draft.push({ type: 'PersonReleased', data: { personId: person.personId, occurredOn: draft.dateNow(), basis } });
  return true;
}

function measure(draft: CaseDraft): boolean {
  const { rng, opinion } = draft;
  const calls = opinion?.calls.filter((c) => c !== 'release') ?? [];
  if (!opinion || calls.length === 0) return false;
  const event: CaseEventOf<'ImplementationMeasureRecorded'> = {
    type: 'ImplementationMeasureRecorded',
    data: {
      opinionId: opinion.opinionId,
      call: rng.pick(calls),
      occurredOn: draft.dateNow(),
      extent: rng.chance(0.3) ? 'full' : 'partial',
      description: rng.pick(words.MEASURES),
    },
  };
  if (rng.chance(0.5)) {
    event.data.personIds = rng.sample(opinion.personIds, rng.int(1, opinion.personIds.length));
  }
  draft.push(event);
  return true;
}

function reply(draft: CaseDraft): boolean {
  if (!draft.opinion) return false;
  draft.push({
    type: 'StateFollowUpReplied',
    data: {
      opinionId: draft.opinion.opinionId,
      occurredOn: isoFromDay(draft.day),
      summary: draft.rng.pick(words.RESPONSES),
    },
  });
  return true;
}

function addSubject(draft: CaseDraft): boolean {
  if (draft.people.length >= 8) return false;
  const { personId, name } = draft.newPerson();
  draft.push({ type: 'SubjectAdded', data: { personId, name } });
  return true;
}

/** Re-dates the last recorded silence (an outcome is judged where it stood), or retracts a note-only inquiry. */
function correct(draft: CaseDraft): boolean {
  const { events } = draft;
  for (let revision = events.length - 1; revision >= 0; revision--) {
    const event = events[revision];
    if (event.type !== 'NoResponseRecorded') continue;
    const sent = events.find(
      (e): e is CaseEventOf<'InquirySent'> => e.type === 'InquirySent' && e.data.inquiryId === event.data.inquiryId,
    );
    if (!sent) return false;
    draft.push({
      type: 'EventCorrected',
      data: {
        revision,
        reason: 'The date was misread from the source; the letter was logged later.',
        replacement: {
          type: 'NoResponseRecorded',
          data: { inquiryId: event.data.inquiryId, occurredOn: event.data.occurredOn.slice(0, 7) },
        },
      },
    });
    return true;
  }
  return false;
}

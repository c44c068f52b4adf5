import { assertNever, DEFAULT_FOLLOW_UP_MONTHS, type CaseFile, type CustodyFact } from './case-file';
import { asItStoodBefore, checkLaterFacts } from './case.corrections';
import { custodyOf, IN_CUSTODY } from './custody';
import { dayFromIso } from '../calendar/calendar-day';
import { InvalidPartialDateError, parsePartialDate, strictlyBefore, type PartialDate } from '../calendar/partial-date';
import type { CaseEvent, CaseFact, UnOpinionAdopted } from './case.events';
import { disagreements, type OpinionRecording } from './opinion-facts';
import { refuse } from './case.errors';
import { factsWith, inquiryIdOf } from './fact-lists';

/**
 * Every rule of the domain table (docs/domain.md, "Events"), in one place. A date-order
 * rule is broken only when the two dates are strictly in the wrong order: partial dates that
 * overlap are allowed.
 */
export function checkRules(
  event: CaseEvent,
  file: CaseFile,
  today: string,
  opinionElsewhere: readonly OpinionRecording[] = [],
): void {
  noDateAfter(event, dayFromIso(today));
  if (event.type === 'EventCorrected') return checkCorrection(event.data, file, today);
  checkFact(event, file);
  if (event.type === 'UnOpinionAdopted') agreesElsewhere(event.data, opinionElsewhere);
}

/**
 * One opinion, several cases (domain.md): its mechanism, adoption, transmission and follow-up period are facts about
 * the opinion, so a new record must agree with the other cases' records of it. They come from the read side's index
 * (best effort: two cases are two streams, and what gets through is reported there as `conflicts` and an alert).
 */
function agreesElsewhere(adopted: UnOpinionAdopted, elsewhere: readonly OpinionRecording[]): void {
  const record = { ...adopted, followUpMonths: adopted.followUpMonths ?? DEFAULT_FOLLOW_UP_MONTHS };
  for (const other of elsewhere) {
    const [field] = disagreements(record, other.record);
    if (field === undefined) continue;
    refuse(
      'OPINION.CONFLICTING_RECORD',
      `${adopted.opinionId} is recorded in case ${other.caseId} with ${field} ${String(other.record[field])}, ` +
        `not ${String(record[field])}; an opinion's ${field} is the same in every case`,
      `data.${field}`,
    );
  }
}

function checkFact(fact: CaseFact, file: CaseFile): void {
  switch (fact.type) {
    case 'CaseOpened': {
      if (file.opened) refuse('CASE.ALREADY_OPENED', 'CaseOpened can only be the first event of a case');
      const ids = fact.data.subjects.map((s) => s.personId);
      // Also against subjects added since, when this CaseOpened replaces the opening.
      const twice = ids.find((id, i) => ids.indexOf(id) !== i || isSubject(file, id));
      if (twice) refuse('CASE.SUBJECT_EXISTS', `subject ${twice} is listed twice`, 'data.subjects');
      return;
    }
    case 'SubjectAdded':
      if (isSubject(file, fact.data.personId)) {
        refuse('CASE.SUBJECT_EXISTS', `${fact.data.personId} is already a subject of the case`, 'data.personId');
      }
      return;
    case 'PersonArrested':
      fact.data.personIds.forEach((id) => requireSubject(file, id, 'data.personIds'));
      return;
    case 'PersonConvicted': {
      const { personId, occurredOn } = fact.data;
      requireSubject(file, personId, 'data.personId');
      if (custodyOf(file, personId) === 'released') {
        refuse('CASE.CUSTODY_TRANSITION', `${personId} has been released; record a new arrest before a new conviction`);
      }
      notBefore(occurredOn, lastFact(file, personId, ['arrested']), `${personId}'s arrest`);
      return;
    }
    case 'UnOpinionAdopted': {
      const { opinionId, personIds, occurredOn, transmittedOn } = fact.data;
      if (findOpinion(file, opinionId))
        refuse('CASE.OPINION_EXISTS', `opinion ${opinionId} is already in the case`, 'data.opinionId');
      personIds?.forEach((id) => requireSubject(file, id, 'data.personIds'));
      if (transmittedOn) notBefore(transmittedOn, { occurredOn }, 'the adoption', 'data.transmittedOn');
      return;
    }
    case 'ReleaseRequested':
      if (file.requests.some((r) => r.requestId === fact.data.requestId)) {
        refuse('CASE.REQUEST_EXISTS', `request ${fact.data.requestId} is already in the case`, 'data.requestId');
      }
      requireSubject(file, fact.data.personId, 'data.personId');
      return;
    case 'ReleaseRequestDecided': {
      const request = file.requests.find((r) => r.requestId === fact.data.requestId);
      if (!request) refuse('CASE.REQUEST_UNKNOWN', `no request ${fact.data.requestId} in the case`, 'data.requestId');
      if (file.decisions.some((d) => d.requestId === fact.data.requestId)) {
        refuse('CASE.REQUEST_ALREADY_DECIDED', `request ${fact.data.requestId} is already decided`, 'data.requestId');
      }
      notBefore(fact.data.occurredOn, request, 'the request');
      return;
    }
    case 'TransferredToRestrictedFreedom': {
      const { personId, occurredOn } = fact.data;
      requireSubject(file, personId, 'data.personId');
      const custody = custodyOf(file, personId);
      if (custody !== 'imprisoned')
        refuse('CASE.CUSTODY_TRANSITION', `${personId} is ${custody}, not imprisoned: no transfer`);
      notBefore(occurredOn, lastFact(file, personId, ['convicted']), `${personId}'s conviction`);
      return;
    }
    case 'PersonReleased': {
      const { personId, occurredOn } = fact.data;
      requireSubject(file, personId, 'data.personId');
      const custody = custodyOf(file, personId);
      if (!IN_CUSTODY.has(custody))
        refuse('CASE.CUSTODY_TRANSITION', `${personId} is ${custody}: nothing to release from`);
      notBefore(
        occurredOn,
        lastFact(file, personId, ['arrested', 'convicted', 'transferred']),
        `${personId}'s custody began`,
      );
      return;
    }
    case 'ImplementationMeasureRecorded': {
      const { opinionId, call, personIds, occurredOn } = fact.data;
      const opinion = requireOpinion(file, opinionId);
      if (call === 'release') {
        refuse('CASE.RELEASE_IS_NOT_A_MEASURE', 'release is shown by PersonReleased, not by a measure', 'data.call');
      }
      if (!opinion.calls.includes(call))
        refuse('CASE.CALL_NOT_IN_OPINION', `${opinionId} makes no ${call} call`, 'data.call');
      for (const id of personIds ?? []) {
        requireSubject(file, id, 'data.personIds');
        if (!opinion.personIds.includes(id))
          refuse('CASE.PERSON_NOT_COVERED', `${opinionId} does not cover ${id}`, 'data.personIds');
      }
      notBefore(occurredOn, opinion, 'the opinion');
      return;
    }
    case 'StateFollowUpReplied':
      notBefore(fact.data.occurredOn, requireOpinion(file, fact.data.opinionId), 'the opinion');
      return;
    case 'InquirySent':
      // Through an index carried from one version of the list to the next: a case with 10,000 inquiries is not scanned.
      if (factsWith(file.inquiries, inquiryIdOf, fact.data.inquiryId).length > 0) {
        refuse('CASE.INQUIRY_EXISTS', `inquiry ${fact.data.inquiryId} is already in the case`, 'data.inquiryId');
      }
      if (fact.data.opinionId) requireOpinion(file, fact.data.opinionId);
      return;
    case 'NoResponseRecorded':
    case 'ResponseReceived': {
      const [inquiry] = factsWith(file.inquiries, inquiryIdOf, fact.data.inquiryId);
      if (!inquiry) refuse('CASE.INQUIRY_UNKNOWN', `no inquiry ${fact.data.inquiryId} in the case`, 'data.inquiryId');
      if (factsWith(file.inquiryOutcomes, inquiryIdOf, fact.data.inquiryId).some((o) => o.kind === 'response')) {
        refuse('CASE.INQUIRY_ALREADY_ANSWERED', `inquiry ${fact.data.inquiryId} has been answered`, 'data.inquiryId');
      }
      notBefore(fact.data.occurredOn, inquiry, 'the inquiry');
      return;
    }
    default:
      // A new event type must get its rules here before the compiler lets it through.
      return assertNever(fact);
  }
}

function checkCorrection(data: Extract<CaseEvent, { type: 'EventCorrected' }>['data'], file: CaseFile, today: string) {
  const { revision, replacement } = data;
  if (revision < 0 || revision > file.revision) {
    refuse('CASE.CORRECTION_TARGET_UNKNOWN', `the case has no event at revision ${revision}`, 'data.revision');
  }
  if (file.corrections.some((c) => c.revision === revision)) {
    refuse(
      'CASE.CORRECTION_OF_CORRECTION',
      `revision ${revision} is itself a correction; correct the original`,
      'data.revision',
    );
  }
  const opening = revision === file.openedAt;
  if (opening !== (replacement?.type === 'CaseOpened')) {
    refuse(
      'CASE.CORRECTION_OF_OPENING',
      'the opening of a case can only be replaced by another CaseOpened',
      'data.replacement',
    );
  }
  if (replacement) {
    noDateAfter(replacement, dayFromIso(today));
    // It stands where the corrected event stood and is judged there, on the case as it was then: a later release does
    // not make re-dating a conviction impossible, nor a later answer re-dating a "no response".
    checkFact(replacement, asItStoodBefore(file, revision));
  }
  // Then every later fact that reads what it changes is judged again with it in place (case.corrections.ts).
  checkLaterFacts(file, data, checkFact);
}

const isSubject = (file: CaseFile, personId: string) => file.subjects.some((s) => s.personId === personId);

function requireSubject(file: CaseFile, personId: string, field: string): void {
  if (!isSubject(file, personId)) refuse('CASE.SUBJECT_UNKNOWN', `${personId} is not a subject of the case`, field);
}

const findOpinion = (file: CaseFile, opinionId: string) => file.opinions.find((o) => o.opinionId === opinionId);

function requireOpinion(file: CaseFile, opinionId: string) {
  return (
    findOpinion(file, opinionId) ??
    refuse('CASE.OPINION_UNKNOWN', `no opinion ${opinionId} in the case`, 'data.opinionId')
  );
}

function lastFact(file: CaseFile, personId: string, kinds: CustodyFact['kind'][]): CustodyFact | undefined {
  return file.custody.findLast((f) => f.personId === personId && kinds.includes(f.kind));
}

function notBefore(date: string, earlier: { occurredOn: string } | undefined, what: string, field = 'data.occurredOn') {
  if (earlier && strictlyBefore(parse(date, field), parse(earlier.occurredOn, field))) {
    refuse('CASE.DATE_ORDER', `${field.replace('data.', '')} ${date} is before ${what} (${earlier.occurredOn})`, field);
  }
}

/** No date in the data may begin after today. */
function noDateAfter(event: CaseEvent | CaseFact, today: number): void {
  const data = event.data as { occurredOn?: string; transmittedOn?: string; sources?: { publishedOn?: string }[] };
  const dates: Array<[string, string | undefined]> = [
    ['data.occurredOn', data.occurredOn],
    ['data.transmittedOn', data.transmittedOn],
    ...(data.sources ?? []).map((s, i): [string, string | undefined] => [
      `data.sources[${i}].publishedOn`,
      s.publishedOn,
    ]),
  ];
  for (const [field, text] of dates) {
    if (text !== undefined && parse(text, field).first > today) {
      refuse('CASE.DATE_IN_FUTURE', `${field.replace('data.', '')} ${text} is after today`, field);
    }
  }
}

function parse(text: string, field: string): PartialDate {
  try {
    return parsePartialDate(text);
  } catch (error) {
    if (error instanceof InvalidPartialDateError) return refuse('CASE.INVALID_DATE', error.message, field);
    throw error;
  }
}

import { assertNever, type CaseFile, type CustodyFact } from './case-file';
import type { CaseFact } from './case.events';

/**
 * The fact in force at each revision of the case file (the original, or the replacement a correction put in its
 * place), rebuilt from the file's records without their sources and notes: what the rules read. The decider
 * re-checks later facts with it when a correction is asked for, from the same state it decides on (a snapshot or
 * a fold, on the API or in an import), without reading the stream again.
 */
export function factsInForce(file: CaseFile): Map<number, CaseFact> {
  const facts = new Map<number, CaseFact>();
  if (file.opened) {
    const subjects = file.subjects.filter((s) => s.revision === file.openedAt);
    facts.set(file.openedAt, {
      type: 'CaseOpened',
      data: {
        title: file.title,
        country: file.country,
        subjects: subjects.map(({ personId, name }) => ({ personId, name })),
      },
    });
  }
  for (const { revision, personId, name } of file.subjects) {
    if (revision !== file.openedAt) facts.set(revision, { type: 'SubjectAdded', data: { personId, name } });
  }
  for (const fact of file.custody) {
    const arrest = facts.get(fact.revision);
    if (fact.kind === 'arrested' && arrest?.type === 'PersonArrested') arrest.data.personIds.push(fact.personId);
    else facts.set(fact.revision, custodyFact(fact));
  }
  for (const o of file.opinions) {
    const { revision, opinionId, mechanism, occurredOn, transmittedOn, calls, followUpMonths } = o;
    facts.set(revision, {
      type: 'UnOpinionAdopted',
      data: {
        opinionId,
        mechanism,
        occurredOn,
        calls,
        followUpMonths,
        ...(transmittedOn !== undefined && { transmittedOn }),
        ...(!o.coversAllSubjects && { personIds: o.personIds }),
      },
    });
  }
  for (const { revision, ...data } of file.measures)
    facts.set(revision, { type: 'ImplementationMeasureRecorded', data });
  for (const { revision, ...data } of file.followUpReplies) facts.set(revision, { type: 'StateFollowUpReplied', data });
  for (const { revision, ...data } of file.requests) facts.set(revision, { type: 'ReleaseRequested', data });
  for (const { revision, ...data } of file.decisions) facts.set(revision, { type: 'ReleaseRequestDecided', data });
  for (const { revision, ...data } of file.inquiries) facts.set(revision, { type: 'InquirySent', data });
  for (const { revision, inquiryId, occurredOn, kind, summary, responseKind } of file.inquiryOutcomes) {
    facts.set(
      revision,
      kind === 'no_response'
        ? { type: 'NoResponseRecorded', data: { inquiryId, occurredOn } }
        : {
            type: 'ResponseReceived',
            data: { inquiryId, occurredOn, summary: summary ?? '', ...(responseKind && { kind: responseKind }) },
          },
    );
  }
  return facts;
}

function custodyFact(fact: CustodyFact): CaseFact {
  const { personId, occurredOn } = fact;
  switch (fact.kind) {
    case 'arrested':
      return { type: 'PersonArrested', data: { personIds: [personId], occurredOn } };
    case 'convicted': {
      const { court, charges, sentence, months } = fact;
      const kind = { kind: sentence, ...(months !== undefined && { months }) };
      return { type: 'PersonConvicted', data: { personId, occurredOn, court, charges, sentence: kind } };
    }
    case 'transferred':
      return { type: 'TransferredToRestrictedFreedom', data: { personId, occurredOn } };
    case 'released':
      return { type: 'PersonReleased', data: { personId, occurredOn, basis: fact.basis } };
  }
}

/** What a fact's rules read of the case: the people, opinion, request or inquiry it names. */
export function keysOf(fact: CaseFact): string[] {
  const people = (ids: readonly string[] | undefined) => (ids ?? []).map((id) => `person:${id}`);
  switch (fact.type) {
    case 'CaseOpened':
      return ['opening', ...people(fact.data.subjects.map((s) => s.personId))];
    case 'SubjectAdded':
    case 'PersonConvicted':
    case 'TransferredToRestrictedFreedom':
    case 'PersonReleased':
      return people([fact.data.personId]);
    case 'PersonArrested':
      return people(fact.data.personIds);
    case 'UnOpinionAdopted':
    case 'ImplementationMeasureRecorded':
      return [`opinion:${fact.data.opinionId}`, ...people(fact.data.personIds)];
    case 'StateFollowUpReplied':
      return [`opinion:${fact.data.opinionId}`];
    case 'ReleaseRequested':
      return [`request:${fact.data.requestId}`, ...people([fact.data.personId])];
    case 'ReleaseRequestDecided':
      return [`request:${fact.data.requestId}`];
    case 'InquirySent':
      return [`inquiry:${fact.data.inquiryId}`, ...(fact.data.opinionId ? [`opinion:${fact.data.opinionId}`] : [])];
    case 'NoResponseRecorded':
    case 'ResponseReceived':
      return [`inquiry:${fact.data.inquiryId}`];
    default:
      return assertNever(fact);
  }
}

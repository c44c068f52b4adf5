import type { CaseEvent, CaseFact } from '../../src/cases/case.events';
import type {
  CaseFile,
  CorrectionRecord,
  CustodyFact,
  InquiryOutcomeRecord,
  OpinionRecord,
  SourcesRecord,
  Tagged,
} from './case-file.records';

export * from './case-file.records';

export const DEFAULT_FOLLOW_UP_MONTHS = 6;

export const initialCaseFile = (caseId: string): CaseFile => ({
  caseId,
  revision: -1,
  opened: false,
  openedAt: -1,
  title: '',
  country: '',
  subjects: [],
  custody: [],
  opinions: [],
  measures: [],
  followUpReplies: [],
  requests: [],
  decisions: [],
  inquiries: [],
  inquiryOutcomes: [],
  corrections: [],
  sources: [],
});

/** `(state, event) => state`: folds the event stored at `revision` into the case file. */
export function evolveCaseFile(file: CaseFile, event: CaseEvent, revision: number): CaseFile {
  const next = event.type === 'EventCorrected' ? correct(file, event.data, revision) : applyFact(file, event, revision);
  return { ...withSources(next, event, revision), revision };
}

function correct(file: CaseFile, data: Extract<CaseEvent, { type: 'EventCorrected' }>['data'], revision: number) {
  const record: CorrectionRecord = { revision, corrects: data.revision, reason: data.reason };
  if (data.replacement) record.replacementType = data.replacement.type;
  const retracted = retract(file, data.revision);
  const replaced = data.replacement
    ? withSources(applyFact(retracted, data.replacement, data.revision), data.replacement, data.revision)
    : retracted;
  return { ...resolveCoverage(replaced), corrections: [...file.corrections, record] };
}

/** A correction may change the subjects; opinions that named no one follow them. */
function resolveCoverage(file: CaseFile): CaseFile {
  if (!file.opinions.some((o) => o.coversAllSubjects)) return file;
  const opinions = file.opinions.map((o) =>
    o.coversAllSubjects
      ? { ...o, personIds: file.subjects.filter((s) => s.revision < o.revision).map((s) => s.personId) }
      : o,
  );
  return { ...file, opinions };
}

/** The file without any fact recorded at `revision`. */
export function retract(file: CaseFile, revision: number): CaseFile {
  const keep = <T extends Tagged>(list: T[]) => list.filter((fact) => fact.revision !== revision);
  const opened = file.opened && revision !== file.openedAt;
  return {
    ...file,
    opened,
    openedAt: opened ? file.openedAt : -1,
    title: opened ? file.title : '',
    country: opened ? file.country : '',
    subjects: keep(file.subjects),
    custody: keep(file.custody),
    opinions: keep(file.opinions),
    measures: keep(file.measures),
    followUpReplies: keep(file.followUpReplies),
    requests: keep(file.requests),
    decisions: keep(file.decisions),
    inquiries: keep(file.inquiries),
    inquiryOutcomes: keep(file.inquiryOutcomes),
    sources: keep(file.sources),
  };
}

/** Inserts keeping revision order, so a replacement lands where the corrected fact stood. */
function insert<T extends Tagged>(list: T[], ...facts: T[]): T[] {
  const out = [...list];
  for (const fact of facts) {
    let i = out.length;
    while (i > 0 && out[i - 1].revision > fact.revision) i--;
    out.splice(i, 0, fact);
  }
  return out;
}

function applyFact(file: CaseFile, fact: CaseFact, revision: number): CaseFile {
  switch (fact.type) {
    case 'CaseOpened': {
      const { title, country, subjects } = fact.data;
      const people = subjects.map((s) => ({ revision, personId: s.personId, name: s.name }));
      return { ...file, opened: true, openedAt: revision, title, country, subjects: insert(file.subjects, ...people) };
    }
    case 'SubjectAdded':
      return {
        ...file,
        subjects: insert(file.subjects, { revision, personId: fact.data.personId, name: fact.data.name }),
      };
    case 'PersonArrested': {
      const { personIds, occurredOn, authority, place } = fact.data;
      const facts = personIds.map((personId) => ({
        revision,
        personId,
        occurredOn,
        kind: 'arrested' as const,
        ...defined({ authority, place }),
      }));
      return { ...file, custody: insert(file.custody, ...facts) };
    }
    case 'PersonConvicted': {
      const { personId, occurredOn, court, charges, sentence } = fact.data;
      const convicted: CustodyFact = {
        revision,
        personId,
        occurredOn,
        kind: 'convicted',
        sentence: sentence.kind,
        court,
        charges,
        ...defined({ months: sentence.months }),
      };
      return { ...file, custody: insert(file.custody, convicted) };
    }
    case 'TransferredToRestrictedFreedom': {
      const { personId, occurredOn, court } = fact.data;
      return {
        ...file,
        custody: insert(file.custody, { revision, personId, occurredOn, kind: 'transferred', ...defined({ court }) }),
      };
    }
    case 'PersonReleased': {
      const { personId, occurredOn, basis } = fact.data;
      return { ...file, custody: insert(file.custody, { revision, personId, occurredOn, kind: 'released', basis }) };
    }
    case 'UnOpinionAdopted': {
      const { opinionId, mechanism, occurredOn, transmittedOn, personIds, calls, followUpMonths } = fact.data;
      const covered = personIds ?? file.subjects.filter((s) => s.revision < revision).map((s) => s.personId);
      const opinion: OpinionRecord = {
        revision,
        opinionId,
        mechanism,
        occurredOn,
        personIds: covered,
        coversAllSubjects: personIds === undefined,
        calls,
        followUpMonths: followUpMonths ?? DEFAULT_FOLLOW_UP_MONTHS,
        ...defined({ transmittedOn }),
      };
      return { ...file, opinions: insert(file.opinions, opinion) };
    }
    case 'ImplementationMeasureRecorded': {
      const { opinionId, call, occurredOn, extent, personIds, description } = fact.data;
      return {
        ...file,
        measures: insert(file.measures, {
          revision,
          opinionId,
          call,
          occurredOn,
          extent,
          description,
          ...defined({ personIds }),
        }),
      };
    }
    case 'StateFollowUpReplied': {
      const { opinionId, occurredOn, summary } = fact.data;
      return {
        ...file,
        followUpReplies: insert(file.followUpReplies, { revision, opinionId, occurredOn, ...defined({ summary }) }),
      };
    }
    case 'ReleaseRequested': {
      const { requestId, personId, occurredOn, kind, addressedTo, requestedBy } = fact.data;
      return {
        ...file,
        requests: insert(file.requests, {
          revision,
          requestId,
          personId,
          occurredOn,
          kind,
          addressedTo,
          ...defined({ requestedBy }),
        }),
      };
    }
    case 'ReleaseRequestDecided': {
      const { requestId, occurredOn, outcome, decidedBy, grounds } = fact.data;
      return {
        ...file,
        decisions: insert(file.decisions, {
          revision,
          requestId,
          occurredOn,
          outcome,
          ...defined({ decidedBy, grounds }),
        }),
      };
    }
    case 'InquirySent': {
      const { inquiryId, occurredOn, to, channel, question, opinionId } = fact.data;
      return {
        ...file,
        inquiries: insert(file.inquiries, {
          revision,
          inquiryId,
          occurredOn,
          to,
          channel,
          question,
          ...defined({ opinionId }),
        }),
      };
    }
    case 'NoResponseRecorded': {
      const { inquiryId, occurredOn } = fact.data;
      return {
        ...file,
        inquiryOutcomes: insert(file.inquiryOutcomes, { revision, inquiryId, occurredOn, kind: 'no_response' }),
      };
    }
    case 'ResponseReceived': {
      const { inquiryId, occurredOn, summary, kind } = fact.data;
      const outcome: InquiryOutcomeRecord = {
        revision,
        inquiryId,
        occurredOn,
        kind: 'response',
        summary,
        ...defined({ responseKind: kind }),
      };
      return { ...file, inquiryOutcomes: insert(file.inquiryOutcomes, outcome) };
    }
    default:
      return assertNever(fact);
  }
}

function withSources(file: CaseFile, event: CaseEvent, revision: number): CaseFile {
  const { sources, note } = event.data;
  if (!sources?.length && !note) return file;
  const record: SourcesRecord = { revision, type: event.type, sources: sources ?? [], ...defined({ note }) };
  return { ...file, sources: insert(file.sources, record) };
}

/** Leaves out absent optional fields, so documents stay small and compare equal after a round trip. */
function defined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(fields) as Array<keyof T>) if (fields[key] !== undefined) out[key] = fields[key];
  return out;
}

export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}

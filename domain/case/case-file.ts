import type { CaseEvent, CaseFact } from './case.events';
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

/**
 * `(state, event) => state`: folds the event stored at `revision` into the case file. Each event
 * changes one or two lists: the new file is built in one copy, from the changes (`applyFact`), so a
 * rebuild of a million events copies each file once per event rather than three times.
 */
export function evolveCaseFile(file: CaseFile, event: CaseEvent, revision: number): CaseFile {
  if (event.type === 'EventCorrected') {
    const corrected = correct(file, event.data, revision);
    return { ...corrected, sources: sourcesAfter(corrected.sources, event, revision), revision };
  }
  return withChanges(file, applyFact(file, event, revision), sourcesAfter(file.sources, event, revision), revision);
}

/**
 * The next file, every field written out in one order: a spread of a file and a partial one gives V8 objects of many
 * shapes, and a rebuild makes one per event.
 */
function withChanges(file: CaseFile, changes: Partial<CaseFile>, sources: SourcesRecord[], revision: number): CaseFile {
  return {
    caseId: file.caseId,
    revision,
    opened: changes.opened ?? file.opened,
    openedAt: changes.openedAt ?? file.openedAt,
    title: changes.title ?? file.title,
    country: changes.country ?? file.country,
    subjects: changes.subjects ?? file.subjects,
    custody: changes.custody ?? file.custody,
    opinions: changes.opinions ?? file.opinions,
    measures: changes.measures ?? file.measures,
    followUpReplies: changes.followUpReplies ?? file.followUpReplies,
    requests: changes.requests ?? file.requests,
    decisions: changes.decisions ?? file.decisions,
    inquiries: changes.inquiries ?? file.inquiries,
    inquiryOutcomes: changes.inquiryOutcomes ?? file.inquiryOutcomes,
    corrections: changes.corrections ?? file.corrections,
    sources,
  };
}

function correct(file: CaseFile, data: Extract<CaseEvent, { type: 'EventCorrected' }>['data'], revision: number) {
  const record: CorrectionRecord = { revision, corrects: data.revision, reason: data.reason };
  if (data.replacement) record.replacementType = data.replacement.type;
  const retracted = retract(file, data.revision);
  const { replacement } = data;
  const replaced = replacement
    ? {
        ...retracted,
        ...applyFact(retracted, replacement, data.revision),
        sources: sourcesAfter(retracted.sources, replacement, data.revision),
      }
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

/** Every list of facts a case file keeps besides its sources, each fact tagged with the revision that recorded it. */
export const FACT_LISTS = [
  'subjects',
  'custody',
  'opinions',
  'measures',
  'followUpReplies',
  'requests',
  'decisions',
  'inquiries',
  'inquiryOutcomes',
] as const satisfies ReadonlyArray<keyof CaseFile>;

/** The file with only the facts `keep` accepts, in every list of `lists`, and opened only if its opening is kept. */
export function keepFacts(
  file: CaseFile,
  keep: (revision: number) => boolean,
  lists: ReadonlyArray<(typeof FACT_LISTS)[number] | 'sources'> = FACT_LISTS,
): CaseFile {
  const opened = file.opened && keep(file.openedAt);
  const next: CaseFile = { ...file, opened, openedAt: opened ? file.openedAt : -1 };
  for (const list of lists) (next[list] as Tagged[]) = (file[list] as Tagged[]).filter((f) => keep(f.revision));
  return next;
}

/** The file without any fact recorded at `revision`. */
export function retract(file: CaseFile, revision: number): CaseFile {
  const kept = keepFacts(file, (at) => at !== revision, [...FACT_LISTS, 'sources']);
  return { ...kept, title: kept.opened ? file.title : '', country: kept.opened ? file.country : '' };
}

/** Inserts keeping revision order, so a replacement lands where the corrected fact stood. */
function insert<T extends Tagged>(list: T[], ...facts: T[]): T[] {
  const last = list.length === 0 ? -1 : list[list.length - 1].revision;
  if (facts.length === 1 && facts[0].revision >= last) return [...list, facts[0]];
  const out = [...list];
  for (const fact of facts) {
    let i = out.length;
    while (i > 0 && out[i - 1].revision > fact.revision) i--;
    out.splice(i, 0, fact);
  }
  return out;
}

/** What the fact changes in the file: the lists (and for an opening, the fields) it adds to. */
function applyFact(file: CaseFile, fact: CaseFact, revision: number): Partial<CaseFile> {
  switch (fact.type) {
    case 'CaseOpened': {
      const { title, country, subjects } = fact.data;
      const people = subjects.map((s) => ({ revision, personId: s.personId, name: s.name }));
      return { opened: true, openedAt: revision, title, country, subjects: insert(file.subjects, ...people) };
    }
    case 'SubjectAdded':
      return {
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
      return { custody: insert(file.custody, ...facts) };
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
      return { custody: insert(file.custody, convicted) };
    }
    case 'TransferredToRestrictedFreedom': {
      const { personId, occurredOn, court } = fact.data;
      return {
        custody: insert(file.custody, { revision, personId, occurredOn, kind: 'transferred', ...defined({ court }) }),
      };
    }
    case 'PersonReleased': {
      const { personId, occurredOn, basis } = fact.data;
      return { custody: insert(file.custody, { revision, personId, occurredOn, kind: 'released', basis }) };
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
      return { opinions: insert(file.opinions, opinion) };
    }
    case 'ImplementationMeasureRecorded': {
      const { opinionId, call, occurredOn, extent, personIds, description } = fact.data;
      return {
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
        followUpReplies: insert(file.followUpReplies, { revision, opinionId, occurredOn, ...defined({ summary }) }),
      };
    }
    case 'ReleaseRequested': {
      const { requestId, personId, occurredOn, kind, addressedTo, requestedBy } = fact.data;
      return {
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
      return { inquiryOutcomes: insert(file.inquiryOutcomes, outcome) };
    }
    default:
      return assertNever(fact);
  }
}

function sourcesAfter(list: SourcesRecord[], event: CaseEvent, revision: number): SourcesRecord[] {
  const { sources, note } = event.data;
  if (!sources?.length && !note) return list;
  const record: SourcesRecord = { revision, type: event.type, sources: sources ?? [] };
  if (note !== undefined) record.note = note;
  return insert(list, record);
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

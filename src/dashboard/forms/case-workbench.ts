import type { Choice, ListName, SourceRecord, Workbench, WorkbenchFact } from '../web/forms/form-types';

interface Stored {
  revision: number;
  type: string;
  data: unknown;
}
type Data = Record<string, unknown>;

/**
 * What the recording forms offer for one case, folded from its stored events: each fact as it stands now (a
 * correction's replacement in its place, a retracted fact gone), the people, opinions, requests and inquiries the
 * forms let a recorder choose from, and every source cited so far.
 */
export function caseWorkbench(caseId: string, events: Stored[]): Workbench {
  const facts = new Map<number, WorkbenchFact>();
  for (const event of events) {
    const data = (event.data ?? {}) as Data;
    if (event.type !== 'EventCorrected') {
      facts.set(event.revision, { revision: event.revision, type: event.type, data, correctedBy: [], summary: '' });
      continue;
    }
    const target = facts.get(data.revision as number);
    if (!target) continue;
    const replacement = data.replacement as { type: string; data: Data } | undefined;
    if (!replacement) facts.delete(target.revision);
    else
      facts.set(target.revision, { ...target, ...replacement, correctedBy: [...target.correctedBy, event.revision] });
  }
  const current = [...facts.values()];
  const people = new Map<string, string>();
  for (const fact of current) {
    const subjects =
      fact.type === 'CaseOpened' ? (fact.data.subjects as Data[]) : fact.type === 'SubjectAdded' ? [fact.data] : [];
    for (const s of subjects ?? []) people.set(String(s.personId), String(s.name));
  }
  const named = (id: unknown) => people.get(String(id)) ?? String(id);
  const lists: Record<ListName, Choice[]> = {
    people: [...people].map(([value, label]) => ({ value, label })),
    opinions: choices(
      current,
      'UnOpinionAdopted',
      'opinionId',
      (d) => `${String(d.opinionId)} (${String(d.mechanism)})`,
    ),
    requests: choices(
      current,
      'ReleaseRequested',
      'requestId',
      (d) => `${words(d.kind)} for ${named(d.personId)}, ${String(d.occurredOn)}`,
    ),
    inquiries: choices(current, 'InquirySent', 'inquiryId', (d) => `to ${String(d.to)}, ${String(d.occurredOn)}`),
    facts: [],
  };
  // An inquiry's later facts are known by the authority it went to.
  const authorities = new Map(lists.inquiries.map((i) => [i.value, i.label.replace(/, [^,]*$/, '')]));
  for (const fact of current) fact.summary = summarize(fact, named, authorities);
  lists.facts = current.map((f) => ({ value: String(f.revision), label: `${f.revision}: ${f.summary}` }));
  const last = events.at(-1);
  return { caseId, revision: last ? last.revision : -1, facts: current, lists, sources: sourcesOf(current) };
}

function choices(facts: WorkbenchFact[], type: string, key: string, label: (data: Data) => string): Choice[] {
  return facts.filter((f) => f.type === type).map((f) => ({ value: String(f.data[key]), label: label(f.data) }));
}

const words = (value: unknown) => String(value).replace(/_/g, ' ');

/** One line a recorder recognises the fact by: what, when, who. */
function summarize(fact: WorkbenchFact, named: (id: unknown) => string, authorities: Map<string, string>): string {
  const d = fact.data;
  const who = Array.isArray(d.personIds)
    ? d.personIds.length > 2
      ? `${d.personIds.length} people`
      : d.personIds.map(named).join(', ')
    : d.personId !== undefined
      ? named(d.personId)
      : undefined;
  const what = fact.type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const inquiry = d.inquiryId === undefined ? undefined : authorities.get(String(d.inquiryId));
  const about = d.to !== undefined ? `to ${String(d.to)}` : (inquiry ?? d.opinionId ?? d.title);
  const name = what.replace(/^un /, 'UN ');
  return [name[0].toUpperCase() + name.slice(1), who, about, d.occurredOn].filter((p) => p !== undefined).join(', ');
}

/** Every source once, first citation first. */
function sourcesOf(facts: WorkbenchFact[]): SourceRecord[] {
  const seen = new Map<string, SourceRecord>();
  for (const fact of facts) {
    for (const source of (fact.data.sources as SourceRecord[] | undefined) ?? []) {
      const key = JSON.stringify([source.url, source.title, source.publisher, source.publishedOn]);
      if (!seen.has(key)) seen.set(key, source);
    }
  }
  return [...seen.values()];
}

import { extendedFrom, noteList } from '../../domain/case/fact-lists';
import type { CaseFile, CustodyFact } from '../../domain/case/case-file';

/**
 * A case file as the views over all cases read it (GET /cases, /opinions, /authorities,
 * /countries): every fact with its dates, ids, people, kinds and outcomes, and none of the text
 * that only the case page shows — sources and notes, questions, courts and charges, authorities
 * and places, descriptions, summaries, grounds, reasons, addressees. Those are more than half of a
 * case file, and the read side holds every case in memory: it keeps these summaries there and
 * reads a whole case file from its file when a case page is asked for.
 * case-file.summary.spec.ts checks that each list view gives the same answer from either.
 */
export function summarizeCaseFile(file: CaseFile): CaseFile {
  return {
    ...file,
    custody: each(file.custody, summarizeCustody),
    measures: each(file.measures, ({ description: _description, ...measure }) => ({ ...measure, description: '' })),
    followUpReplies: each(file.followUpReplies, ({ summary: _summary, ...reply }) => reply),
    requests: each(file.requests, ({ requestedBy: _by, addressedTo: _to, ...request }) => ({
      ...request,
      addressedTo: '',
    })),
    decisions: each(file.decisions, ({ decidedBy: _by, grounds: _grounds, ...decision }) => decision),
    inquiries: each(file.inquiries, ({ question: _question, ...inquiry }) => ({ ...inquiry, question: '' })),
    inquiryOutcomes: each(file.inquiryOutcomes, ({ summary: _summary, ...outcome }) => outcome),
    corrections: each(file.corrections, ({ reason: _reason, ...correction }) => ({ ...correction, reason: '' })),
    sources: [],
  };
}

/**
 * Facts are immutable and shared from one case file to the next (the fold copies a list, never its facts), and the
 * read side summarises a case after every event: each fact's summary is made once and found again by identity, so an
 * event into a long case costs a lookup per fact rather than a copy of each. A list the event left alone is the same
 * array, and is summarised in one lookup.
 */
const summaries = new WeakMap<object, unknown>();
/** Shorter lists are summarised afresh: remembering costs more than it saves there (a rebuild makes millions). */
const REMEMBERED_FROM = 32;

function each<T extends object>(list: T[], summarize: (fact: T) => T): T[] {
  if (list.length < REMEMBERED_FROM) return list.map(summarize);
  const known = summaries.get(list) as T[] | undefined;
  if (known) return known;
  const one = (fact: T) => {
    let summary = summaries.get(fact) as T | undefined;
    if (summary === undefined) summaries.set(fact, (summary = summarize(fact)));
    return summary;
  };
  // The previous version's summary and the appended facts': an event summarises its own fact, not the case's.
  const before = extendedFrom(list);
  const summarized = before && (summaries.get(before) as T[] | undefined);
  const out = summarized ? summarized.concat(list.slice(before!.length).map(one)) : list.map(one);
  summaries.set(list, out);
  noteList(list);
  return out;
}

function summarizeCustody(fact: CustodyFact): CustodyFact {
  switch (fact.kind) {
    case 'arrested': {
      const { authority: _authority, place: _place, ...rest } = fact;
      return rest;
    }
    case 'convicted':
      return { ...fact, court: '', charges: [] };
    case 'transferred': {
      const { court: _court, ...rest } = fact;
      return rest;
    }
    case 'released':
      return fact;
  }
}

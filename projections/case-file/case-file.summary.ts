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
    custody: file.custody.map(summarizeCustody),
    measures: file.measures.map(({ description: _description, ...measure }) => ({ ...measure, description: '' })),
    followUpReplies: file.followUpReplies.map(({ summary: _summary, ...reply }) => reply),
    requests: file.requests.map(({ requestedBy: _by, addressedTo: _to, ...request }) => ({
      ...request,
      addressedTo: '',
    })),
    decisions: file.decisions.map(({ decidedBy: _by, grounds: _grounds, ...decision }) => decision),
    inquiries: file.inquiries.map(({ question: _question, ...inquiry }) => ({ ...inquiry, question: '' })),
    inquiryOutcomes: file.inquiryOutcomes.map(({ summary: _summary, ...outcome }) => outcome),
    corrections: file.corrections.map(({ reason: _reason, ...correction }) => ({ ...correction, reason: '' })),
    sources: [],
  };
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

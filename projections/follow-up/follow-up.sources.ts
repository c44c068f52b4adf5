/**
 * The submission's numbered notes: every source recorded with a fact it states, numbered in the order the document
 * first cites it, each listed once however many facts rest on it.
 */
import type { Source } from '../../domain/case/case.events';
import type { CaseFile } from '../../domain/case/case-file';

export interface NumberedSource extends Source {
  n: number;
}

/** One source cited twice is one note: by its address, or without one by what names it. */
const keyOf = (s: Source): string =>
  s.url !== undefined
    ? `url:${s.url.trim()}`
    : `ref:${s.title ?? ''}\u0000${s.publisher ?? ''}\u0000${s.publishedOn ?? ''}`;

export class SourceNotes {
  private readonly byKey = new Map<string, NumberedSource>();
  private readonly recorded = new Map<string, Map<number, Source[]>>();

  constructor(files: readonly CaseFile[]) {
    for (const file of files) {
      this.recorded.set(file.caseId, new Map(file.sources.map((record) => [record.revision, record.sources])));
    }
  }

  /** The note numbers of the sources recorded with the event at `revision` of the case. */
  cite(caseId: string, revision: number): number[] {
    const numbers: number[] = [];
    for (const source of this.recorded.get(caseId)?.get(revision) ?? []) {
      const key = keyOf(source);
      let note = this.byKey.get(key);
      if (!note) {
        note = { n: this.byKey.size + 1, ...defined(source) };
        this.byKey.set(key, note);
      } else fillIn(note, source);
      if (!numbers.includes(note.n)) numbers.push(note.n);
    }
    return numbers;
  }

  /** Every note cited so far, by number. */
  list(): NumberedSource[] {
    return [...this.byKey.values()];
  }
}

/** A second citation of the same address may know its title or date: the note takes what it lacked. */
function fillIn(note: NumberedSource, source: Source): void {
  for (const field of ['title', 'publisher', 'publishedOn'] as const) {
    if (note[field] === undefined && source[field] !== undefined) note[field] = source[field];
  }
}

function defined(source: Source): Source {
  const out: Source = {};
  for (const field of ['url', 'title', 'publisher', 'publishedOn'] as const) {
    if (source[field] !== undefined) out[field] = source[field];
  }
  return out;
}

import type { Day } from '../../../domain/calendar/calendar-day';
import type { CaseFile } from '../../../domain/case/case-file';
import { caseAsOf, type CaseAsOf } from '../../../projections/views/as-of';
import { caseSummary, caseSummaryOf, type CaseSummary } from '../../../projections/views/case.view';
import { caseCounts, type CaseCounts } from '../../../projections/views/country.view';
import { opinionViewsOf, type OpinionView } from '../../../projections/views/opinion.view';

interface FileParts {
  day: Day | undefined;
  summary?: CaseSummary;
  counts?: CaseCounts;
}

interface OpinionPart {
  /** The case files it was made from, as held then. */
  files: CaseFile[];
  view: OpinionView | undefined;
}

/**
 * What each case file and each opinion gives the lists as of a day, kept and made again only for what changed. The
 * read side holds each case file as one object until the case changes, and a change makes a new one: a part is kept
 * by the object it was made from (a WeakMap, gone with the object), so after a write one case's row and the views of
 * its opinions are made again, not 20k rows and 10k views (at 10k opinions: seconds of work on every write before).
 */
export class ListParts {
  private readonly files = new WeakMap<CaseFile, FileParts>();
  /** Per day asked for (the latest few), per opinion. */
  private readonly opinions = new Map<string, Map<string, OpinionPart>>();

  /** Each opened file's summary as of the day (without a day: everything recorded), in the order given. */
  summaries(files: readonly CaseFile[], asOf: Day | undefined): CaseSummary[] {
    return files.map((file) => (this.parts(file, asOf).summary ??= caseSummary(file, asOf)));
  }

  /** Each opened file's counts for compliance by country as of the day. */
  counts(files: readonly CaseFile[], asOf: Day): CaseCounts[] {
    return files.map((file) => (this.parts(file, asOf).counts ??= caseCounts(file, asOf)));
  }

  /**
   * Every opinion as of the day, from `files` in caseId order (the first case that records an opinion gives its
   * mechanism and dates, as in opinionViews); an opinion whose files are all as they were keeps its view.
   */
  opinionViews(files: readonly CaseFile[], asOf: Day): OpinionView[] {
    const recording = new Map<string, CaseFile[]>();
    for (const file of files) {
      for (const { opinionId } of file.opinions) {
        const list = recording.get(opinionId);
        if (!list) recording.set(opinionId, [file]);
        else if (list[list.length - 1] !== file) list.push(file);
      }
    }
    const known = this.opinionsOf(String(asOf));
    const next = new Map<string, OpinionPart>();
    // A file's state as of the day is kept only until the last of its opinions has its view: holding 10k of them at
    // once, at a start, grew the heap by tens of megabytes that stayed for the life of the process.
    const uses = new Map<CaseFile, number>();
    for (const cases of recording.values()) for (const file of cases) uses.set(file, (uses.get(file) ?? 0) + 1);
    const states = new Map<CaseFile, CaseAsOf>();
    const stateOf = (file: CaseFile) => {
      let state = states.get(file);
      if (!state) {
        states.set(file, (state = caseAsOf(file, asOf)));
        // The case's row needs the same reading: made now, it is not read again (most of a summary's cost).
        this.parts(file, asOf).summary ??= caseSummaryOf(state);
      }
      return state;
    };
    const views: OpinionView[] = [];
    for (const [opinionId, cases] of recording) {
      let part = known.get(opinionId);
      if (!part || !sameFiles(part.files, cases)) {
        part = { files: cases, view: opinionViewsOf(cases.map(stateOf), asOf, opinionId)[0] };
      }
      for (const file of cases) {
        const left = uses.get(file)! - 1;
        uses.set(file, left);
        if (left === 0) states.delete(file);
      }
      next.set(opinionId, part);
      if (part.view) views.push(part.view);
    }
    this.opinions.set(String(asOf), next);
    return views;
  }

  private parts(file: CaseFile, day: Day | undefined): FileParts {
    let parts = this.files.get(file);
    if (!parts || parts.day !== day) this.files.set(file, (parts = { day }));
    return parts;
  }

  private opinionsOf(day: string): Map<string, OpinionPart> {
    const known = this.opinions.get(day) ?? new Map<string, OpinionPart>();
    this.opinions.delete(day);
    // Two days at once (today and one looked back at): more would keep views of every day anyone asked for.
    if (this.opinions.size >= 2) this.opinions.delete(this.opinions.keys().next().value!);
    return known;
  }
}

const sameFiles = (a: readonly CaseFile[], b: readonly CaseFile[]): boolean =>
  a.length === b.length && a.every((file, i) => file === b[i]);

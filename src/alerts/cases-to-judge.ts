import { widerScope, type AlertScope } from '../../projections/alerts/alert-rules';
import { OpinionIndex } from '../../projections/alerts/opinion-index';
import type { CaseFile } from '../../domain/case/case-file';
import { caseFilesProjection } from '../../projections/case-file/case-file.projection';
import type { ReadModels } from '../read-side/read-models';

/** What one evaluation judges. */
export interface CasesJudged {
  /** Opened case files as the read side holds them. */
  files: CaseFile[];
  /** The part of each case's alerts to judge; undefined: every alert of every case. */
  scopes?: ReadonlyMap<string, AlertScope>;
  /** For each opinion the files record, every opened case that records it (a rule compares their records). */
  casesRecording: Map<string, CaseFile[]>;
}

/**
 * Which cases an evaluation judges: every opened case, or the cases named and those sharing an opinion with one of
 * them, found in an index of which cases record each opinion, kept up to date a case at a time.
 */
export class CasesToJudge {
  private readonly opinions = new OpinionIndex();
  private indexed = false;

  constructor(private readonly readModels: ReadModels) {}

  /** `cases` with the part of their alerts that changed; undefined: every case. */
  select(cases: ReadonlyMap<string, AlertScope> | undefined): CasesJudged {
    const scopes = cases === undefined ? undefined : this.scopesWithCasesSharingAnOpinion(cases);
    const files = scopes === undefined ? this.indexEveryCase() : this.filesOf(scopes.keys());
    const casesRecording = new Map<string, CaseFile[]>();
    for (const file of files) {
      for (const opinionId of this.opinions.opinionsRecordedBy(file.caseId)) {
        if (!casesRecording.has(opinionId))
          casesRecording.set(opinionId, this.filesOf(this.opinions.casesRecording(opinionId)));
      }
    }
    return { files, scopes, casesRecording };
  }

  private indexEveryCase(): CaseFile[] {
    const files = [...this.readModels.all<CaseFile>(caseFilesProjection.name).values()].filter((f) => f.opened);
    this.opinions.rebuild(files);
    this.indexed = true;
    return files;
  }

  /**
   * The cases named with their scopes and, as an event in one may change how a shared opinion is judged, the opinions
   * of those sharing one with a case whose opinions are to be judged.
   */
  private scopesWithCasesSharingAnOpinion(cases: ReadonlyMap<string, AlertScope>): Map<string, AlertScope> {
    // The cases sharing an opinion are found in an index of every case, built once (a start-up that judged only the
    // cases recorded since the last judgement did not build it).
    if (!this.indexed) this.indexEveryCase();
    const scopes = new Map(cases);
    const opinionsOnly: AlertScope = { opinions: true, inquiryIds: new Set() };
    for (const [caseId, scope] of cases) {
      this.opinions.update(caseId, this.readModels.get<CaseFile>(caseFilesProjection.name, caseId));
      if (!scope.opinions) continue;
      for (const opinionId of this.opinions.opinionsRecordedBy(caseId)) {
        for (const id of this.opinions.casesRecording(opinionId)) {
          const known = scopes.get(id);
          scopes.set(id, known ? widerScope(known, opinionsOnly) : opinionsOnly);
        }
      }
    }
    return scopes;
  }

  /** Opened case files as the read side holds them, in the order given. */
  private filesOf(caseIds: Iterable<string>): CaseFile[] {
    const files: CaseFile[] = [];
    for (const caseId of caseIds) {
      const file = this.readModels.get<CaseFile>(caseFilesProjection.name, caseId);
      if (file?.opened) files.push(file);
    }
    return files;
  }
}

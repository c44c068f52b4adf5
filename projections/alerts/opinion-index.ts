import type { CaseFile } from '../../domain/case/case-file';

/**
 * Which opened cases record each opinion, kept up to date a case at a time. After an event the alert process
 * manager judges one case and those that share an opinion with it; finding them by scanning every case file
 * made each judgement cost as much as the whole ledger.
 */
export class OpinionIndex {
  private readonly casesOf = new Map<string, Set<string>>();
  private readonly opinionsOf = new Map<string, readonly string[]>();

  /** Forgets everything, then indexes these files: the start-up and daily judgements. */
  rebuild(files: Iterable<CaseFile>): void {
    this.casesOf.clear();
    this.opinionsOf.clear();
    for (const file of files) this.update(file.caseId, file);
  }

  /** What the case records now; `undefined` or an unopened file records nothing. */
  update(caseId: string, file: CaseFile | undefined): void {
    const now = file?.opened ? [...new Set(file.opinions.map((o) => o.opinionId))] : [];
    for (const opinionId of this.opinionsOf.get(caseId) ?? []) {
      if (now.includes(opinionId)) continue;
      const cases = this.casesOf.get(opinionId);
      cases?.delete(caseId);
      if (cases?.size === 0) this.casesOf.delete(opinionId);
    }
    for (const opinionId of now) {
      const cases = this.casesOf.get(opinionId) ?? new Set<string>();
      cases.add(caseId);
      this.casesOf.set(opinionId, cases);
    }
    if (now.length > 0) this.opinionsOf.set(caseId, now);
    else this.opinionsOf.delete(caseId);
  }

  opinionsRecordedBy(caseId: string): readonly string[] {
    return this.opinionsOf.get(caseId) ?? [];
  }

  /** The cases that record the opinion, ordered by caseId as the read side lists them. */
  casesRecording(opinionId: string): string[] {
    return [...(this.casesOf.get(opinionId) ?? [])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

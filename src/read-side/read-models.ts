import { Injectable } from '@nestjs/common';
import type { Position } from '../event-store/event-store.port';
import { comparePositions, formatPosition } from '../event-store/position';

export interface DocumentSource {
  one(projection: string, key: string): unknown;
  /** In the order of `keys`, undefined where there is no document. */
  many(projection: string, keys: readonly string[]): unknown[];
  /** Every document as held (its summary, for projections that summarise), from the file. */
  scan(projection: string): Iterable<[string, unknown]>;
  /** One top-level field of every document, from the file. */
  field(projection: string, name: string): Array<[string, unknown]>;
  /** Projections whose documents are kept on file only (none of them in memory). */
  keptOnFile: ReadonlySet<string>;
}

/**
 * The read models as the queries see them: documents in memory per projection (summaries, for
 * projections that summarise), the position they reflect, and a version that changes with every
 * committed batch (for caches). A whole document is asked for by key with `document`.
 */
@Injectable()
export class ReadModels {
  private documents = new Map<string, Map<string, unknown>>();
  private source?: DocumentSource;
  private waiters = new Set<{ position: Position; resolve(ok: boolean): void; timer: NodeJS.Timeout }>();
  position: Position | undefined;
  version = 0;

  all<Doc>(projection: string): ReadonlyMap<string, Doc> {
    return (this.documents.get(projection) ?? new Map()) as ReadonlyMap<string, Doc>;
  }

  /** The document as held in memory: a summary, for projections that summarise. */
  get<Doc>(projection: string, key: string): Doc | undefined {
    return this.documents.get(projection)?.get(key) as Doc | undefined;
  }

  /** The whole document, from the read-model file when memory holds only its summary. */
  document<Doc>(projection: string, key: string): Doc | undefined {
    return (this.source ? this.source.one(projection, key) : this.get(projection, key)) as Doc | undefined;
  }

  /** Whole documents for these keys, in their order; those with no document are left out. */
  wholeDocuments<Doc>(projection: string, keys: readonly string[]): Doc[] {
    const found = this.source ? this.source.many(projection, keys) : keys.map((key) => this.get(projection, key));
    return found.filter((doc) => doc !== undefined) as Doc[];
  }

  /**
   * Every document of a projection as held: from memory, or for a projection kept on file only, its summaries
   * read from the file (a pass over all of them: for queries, cached by the caller).
   */
  scan<Doc>(projection: string): Iterable<[string, Doc]> {
    if (this.source?.keptOnFile.has(projection)) return this.source.scan(projection) as Iterable<[string, Doc]>;
    return this.all<Doc>(projection).entries();
  }

  /** Every document's key and one of its top-level fields: for a projection kept on file only, without parsing it. */
  field(projection: string, name: string): Array<[string, unknown]> {
    if (this.source?.keptOnFile.has(projection)) return this.source.field(projection, name);
    return [...this.all<Record<string, unknown>>(projection)].map(([key, doc]) => [key, doc[name]]);
  }

  /** Where whole documents come from: the runner, which owns the read-model file. */
  useDocumentSource(source: DocumentSource): void {
    this.source = source;
  }

  /** The checkpoint to show on answers: `commit/prepare`, or `none` before any event. */
  checkpoint(): string {
    return this.position ? formatPosition(this.position) : 'none';
  }

  replaceAll(documents: Map<string, Map<string, unknown>>, position: Position | undefined): void {
    this.documents = documents;
    this.advance(position);
  }

  applyChanges(changes: Map<string, Map<string, unknown>>, position: Position): void {
    for (const [projection, docs] of changes) {
      const target = this.documents.get(projection) ?? new Map<string, unknown>();
      for (const [key, doc] of docs) {
        if (doc === undefined) target.delete(key);
        else target.set(key, doc);
      }
      this.documents.set(projection, target);
    }
    this.advance(position);
  }

  /** Resolves true once the read models reflect `position`, false after `timeoutMs`. */
  waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    if (this.reflects(position)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = {
        position,
        resolve,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          resolve(false);
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  reflects(position: Position): boolean {
    return this.position !== undefined && comparePositions(this.position, position) >= 0;
  }

  private advance(position: Position | undefined): void {
    this.position = position;
    this.version++;
    for (const waiter of this.waiters) {
      if (this.reflects(waiter.position)) {
        clearTimeout(waiter.timer);
        this.waiters.delete(waiter);
        waiter.resolve(true);
      }
    }
  }
}

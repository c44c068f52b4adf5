import { Injectable } from '@nestjs/common';
import type { Position } from '../event-store/event-store.port';
import { comparePositions, formatPosition } from '../event-store/position';
import type { DocumentsOnFile, DocumentSource } from './document-source';

/** Summaries read at a time, highest rank first: a page parses in a millisecond or two. */
const RANKED_PAGE = 1000;

/**
 * The read models as the queries see them: documents in memory per projection (summaries, for
 * projections that summarise), the position they reflect, and a version that changes with every
 * committed batch (for caches). A whole document is asked for by key with `document`.
 */
@Injectable()
export class ReadModels {
  private documents = new Map<string, Map<string, unknown>>();
  private source?: DocumentSource;
  /** Notes, when no file holds them (read models in memory only). */
  private readonly notes = new Map<string, string>();
  /** Projections whose documents are still being read into memory, in the background. */
  private onFile = new Map<string, DocumentsOnFile>();
  private reading?: NodeJS.Immediate;
  private waiters = new Set<{ position: Position; resolve(ok: boolean): void; timer: NodeJS.Timeout }>();
  position: Position | undefined;
  version = 0;
  /** The version at which each projection's documents last changed. */
  private readonly changedAt = new Map<string, number>();
  /** The version at which every document was last replaced (a start, a reset, a swapped-in rebuild). */
  private replacedAt = 0;

  /**
   * A version that moves only when this projection's documents change: an answer computed from them
   * alone stays right while it holds, whatever else the store records (a case written that raises no
   * alert leaves every answer about alerts as it was).
   */
  versionOf(projection: string): number {
    return Math.max(this.replacedAt, this.changedAt.get(projection) ?? 0);
  }

  /** Every document held in memory (a summary, for projections that summarise); those still on file are read first. */
  all<Doc>(projection: string): ReadonlyMap<string, Doc> {
    const onFile = this.onFile.get(projection);
    if (onFile) {
      for (let page = onFile.nextPage(); page.length > 0; page = onFile.nextPage()) this.hold(projection, page);
      this.onFile.delete(projection);
    }
    return (this.documents.get(projection) ?? new Map()) as ReadonlyMap<string, Doc>;
  }

  /** The document as held in memory: a summary, for projections that summarise. */
  get<Doc>(projection: string, key: string): Doc | undefined {
    const held = this.documents.get(projection)?.get(key);
    const onFile = this.onFile.get(projection);
    if (held !== undefined || !onFile) return held as Doc | undefined;
    const doc = onFile.one(key);
    if (doc !== undefined) this.hold(projection, [[key, doc]]);
    return doc as Doc | undefined;
  }

  /** False while documents are still being read into memory after a start or a swap. */
  get loaded(): boolean {
    return this.onFile.size === 0;
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

  /**
   * Documents as held, by rank from the highest below `below` down, read from the file a page at a time as they are
   * taken (a caller that stops early reads no more); undefined for a projection the file does not rank.
   */
  rankedBelow<Doc>(projection: string, below = Number.MAX_SAFE_INTEGER): Iterable<[string, Doc]> | undefined {
    const source = this.source;
    if (!source?.ranked.has(projection)) return undefined;
    return (function* () {
      for (let next = below; ;) {
        const page = source.rankedBelow(projection, next, RANKED_PAGE);
        for (const [key, doc] of page) yield [key, doc as Doc];
        if (page.length < RANKED_PAGE) return;
        next = page[page.length - 1][2];
      }
    })();
  }

  /**
   * Documents as held that the file finds by this lookup value (see `ProjectionDefinition.lookups`), in no order;
   * undefined for a projection the file does not look up.
   */
  lookedUp<Doc>(projection: string, value: string): Array<[string, Doc]> | undefined {
    if (!this.source?.lookedUp.has(projection)) return undefined;
    return this.source.lookUp(projection, value) as Array<[string, Doc]>;
  }

  /**
   * How many documents the file finds by this lookup value, counted in its index without reading one; undefined for a
   * projection the file does not look up.
   */
  countLookedUp(projection: string, value: string): number | undefined {
    if (!this.source?.lookedUp.has(projection)) return undefined;
    return this.source.countLookedUp(projection, value);
  }

  /** How many documents a projection has now (for one kept on file only, counted in the file's index). */
  count(projection: string): number {
    if (this.source?.keptOnFile.has(projection)) return this.source.count(projection);
    return this.all(projection).size;
  }

  /**
   * How many documents there are now, and every key in pages of `size` read as they are taken (for a projection kept
   * on file only, from the file without reading a document): no page holds the process up for long.
   */
  keyPages(projection: string, size: number): { count: number; pages: Iterable<string[]> } {
    const source = this.source;
    if (source?.keptOnFile.has(projection)) {
      return {
        count: source.count(projection),
        pages: (function* () {
          for (let after = ''; ;) {
            const page = source.keysAfter(projection, after, size);
            if (page.length > 0) yield page;
            if (page.length < size) return;
            after = page[page.length - 1];
          }
        })(),
      };
    }
    const keys = [...this.all(projection).keys()];
    return {
      count: keys.length,
      pages: (function* () {
        for (let i = 0; i < keys.length; i += size) yield keys.slice(i, i + size);
      })(),
    };
  }

  /**
   * A note that holds for these read models and no others: kept in the read-model file, forgotten
   * when a projection starts over or a rebuild is swapped in.
   */
  note(name: string): string | undefined {
    return this.source ? this.source.note(name) : this.notes.get(name);
  }

  setNote(name: string, value: string): void {
    if (this.source) this.source.setNote(name, value);
    else this.notes.set(name, value);
  }

  /** Where whole documents come from: the runner, which owns the read-model file. */
  useDocumentSource(source: DocumentSource): void {
    this.source = source;
  }

  /** The checkpoint to show on answers: `commit/prepare`, or `none` before any event. */
  checkpoint(): string {
    return this.position ? formatPosition(this.position) : 'none';
  }

  /**
   * Starts over from these documents and, for `onFile`, from documents read into memory in the background a page at
   * a time, so the server answers as soon as its checkpoints are known (at 20k case files, parsing their 128 MB of
   * summaries takes seconds). A query that needs every document first reads the rest at once; one document is
   * read by key. The file is never behind memory (the runner commits a batch to it before applying it here), so a
   * page read later holds the same or a newer version than one applied before.
   */
  replaceAll(
    documents: Map<string, Map<string, unknown>>,
    position: Position | undefined,
    onFile = new Map<string, DocumentsOnFile>(),
  ): void {
    this.documents = documents;
    this.onFile = onFile;
    if (this.reading) clearImmediate(this.reading);
    this.reading = undefined;
    this.readOnInBackground();
    this.advance(position);
    this.replacedAt = this.version;
  }

  private readOnInBackground(): void {
    const next = this.onFile.entries().next();
    if (next.done) return;
    const [projection, onFile] = next.value;
    this.reading = setImmediate(() => {
      this.reading = undefined;
      if (this.onFile.get(projection) !== onFile) return this.readOnInBackground();
      try {
        const page = onFile.nextPage();
        if (page.length > 0) this.hold(projection, page);
        else this.onFile.delete(projection);
      } catch {
        // The file closed under it (shutdown): whoever asks next reads the rest, or meets the same error.
        return;
      }
      this.readOnInBackground();
    }).unref();
  }

  private hold(projection: string, docs: Array<[string, unknown]>): void {
    const target = this.documents.get(projection) ?? new Map<string, unknown>();
    for (const [key, doc] of docs) target.set(key, doc);
    this.documents.set(projection, target);
  }

  /**
   * `changes`: the documents held in memory, per projection; `changed`: every projection whose documents the
   * batch changed, those kept on file only included.
   */
  applyChanges(changes: Map<string, Map<string, unknown>>, position: Position, changed: Iterable<string>): void {
    for (const [projection, docs] of changes) {
      const target = this.documents.get(projection) ?? new Map<string, unknown>();
      for (const [key, doc] of docs) {
        if (doc === undefined) target.delete(key);
        else target.set(key, doc);
      }
      this.documents.set(projection, target);
    }
    this.advance(position);
    for (const projection of changed) this.changedAt.set(projection, this.version);
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

import Database from 'better-sqlite3';
import type { ProjectedEvent, ProjectionDefinition } from '../../projections/projection';
import { isBusy, withoutWaiting } from '../event-store/sqlite-busy';
import type { Position } from '../event-store/event-store.port';
import { parsePosition } from '../event-store/position';
import type { DocumentChange, Indexing } from './document-change';
import { commitBatch, storedBatch, storedChange, writeChanges, type StoredChange } from './read-model.commit';
import { indexUnindexed, NOTE, openCurrent, prepareStatements, WRITER } from './read-model.schema';

/** Documents read at once: a page of case files parses in a few tens of milliseconds. */
const PAGE = 250;

/** A whole document with what it weighs on file: its row's text, and the events stored after it (see `tails`). */
export interface WeighedDocument<Doc> {
  doc: Doc;
  base: number;
  tail: number;
}

type Fold = ProjectionDefinition<unknown>['evolve'];

export interface ProjectionCheckpoint {
  position: Position | undefined;
  version: number;
}

/**
 * The read models' file: documents per projection (with, for projections that summarise, the
 * summary the server keeps in memory), each projection's checkpoint and version, and a
 * `generation` that the replay CLI bumps when it swaps a rebuilt set in, so a running server
 * notices and reloads. Changes and checkpoints of a batch commit in one transaction.
 */
export class ReadModelDb {
  private readonly db: Database.Database;
  private readonly statements: ReturnType<typeof prepareStatements>;
  /** The `evolve` of each projection that stores changes: what a document's tail is folded with. */
  private readonly folds = new Map<string, Fold>();

  /** `scratch`: see `configure`. */
  constructor(
    readonly path: string,
    options: { scratch?: boolean } = {},
  ) {
    this.db = openCurrent(path, options);
    this.statements = prepareStatements(this.db);
  }

  /** Projections that store changes (`storesChanges`): their documents are read back with their tails folded in. */
  foldTailsWith(definitions: ReadonlyArray<ProjectionDefinition<unknown>>): this {
    for (const d of definitions) if (d.storesChanges) this.folds.set(d.name, d.evolve.bind(d));
    return this;
  }

  generation(): number {
    return Number(this.statements.generation.get());
  }

  checkpoint(projection: string): ProjectionCheckpoint | undefined {
    const row = this.statements.checkpoint.get(projection) as { position: string | null; version: number } | undefined;
    if (!row) return undefined;
    return { position: row.position ? parsePosition(row.position) : undefined, version: row.version };
  }

  /** Every document of a projection as the read side holds it (see `page`), a page at a time. */
  *documents<Doc>(projection: string, summarize?: (doc: Doc) => Doc): Generator<[string, Doc]> {
    for (let page = this.page(projection, '', PAGE, summarize); page.length > 0;) {
      yield* page;
      page = this.page(projection, page[page.length - 1][0], PAGE, summarize);
    }
  }

  /**
   * Documents as the read side holds them (their summary, for projections that summarise), in key order after
   * `afterKey`. A document stored before its projection summarised is summarised here and the summary stored, so the
   * next start reads only summaries.
   */
  page<Doc>(projection: string, afterKey: string, limit: number, summarize?: (doc: Doc) => Doc): Array<[string, Doc]> {
    this.assertFoldable(projection);
    const statement = summarize ? this.statements.summaryPage : this.statements.documentPage;
    const rows = statement.all(projection, afterKey, limit) as Array<[string, string | null, string | null]>;
    return this.held(projection, rows, summarize);
  }

  /** One document as the read side holds it (see `page`), or undefined. */
  heldDocument<Doc>(projection: string, key: string, summarize?: (doc: Doc) => Doc): Doc | undefined {
    if (!summarize) return this.document<Doc>(projection, key);
    const row = this.statements.summaryOf.get(projection, key) as [string, string | null, string | null] | undefined;
    return row ? this.held(projection, [row], summarize)[0][1] : undefined;
  }

  private held<Doc>(
    projection: string,
    rows: Array<[string, string | null, string | null]>,
    summarize?: (doc: Doc) => Doc,
  ): Array<[string, Doc]> {
    const missing: Array<[string, Doc]> = [];
    const folds = this.folds.has(projection);
    const held = rows.map(([key, summary, doc]): [string, Doc] => {
      // A document with a tail has a stale summary: it is made again from the whole document, tail folded in.
      if (folds && this.statements.hasTail.get(projection, key) !== undefined) {
        const whole = this.document<Doc>(projection, key)!;
        return [key, summarize ? summarize(whole) : whole];
      }
      if (summary !== null) return [key, JSON.parse(summary) as Doc];
      const whole = JSON.parse(doc!) as Doc;
      if (!summarize) return [key, whole];
      const made = summarize(whole);
      missing.push([key, made]);
      return [key, made];
    });
    if (missing.length > 0 && !this.db.readonly) {
      // Kept for the next start, if the file is free now: a read never waits for another connection's lock.
      try {
        withoutWaiting(this.db, () =>
          this.db.transaction(() => {
            for (const [key, made] of missing) this.statements.setSummary.run(JSON.stringify(made), projection, key);
          })(),
        );
      } catch (error) {
        if (!isBusy(error)) throw error;
      }
    }
    return held;
  }

  /**
   * Documents as the read side holds them (see `page`), with their rank, from the highest rank below `belowRank`
   * down: a page of a ranked projection's newest documents read through its index, without the rest.
   */
  ranked<Doc>(
    projection: string,
    belowRank: number,
    limit: number,
    summarize?: (doc: Doc) => Doc,
  ): Array<[string, Doc, number]> {
    const rows = this.statements.rankedPage.all(projection, belowRank, limit) as Array<
      [string, string | null, string | null, number]
    >;
    const held = this.held(
      projection,
      rows.map(([key, summary, doc]) => [key, summary, doc]),
      summarize,
    );
    return held.map(([key, doc], i) => [key, doc, rows[i][3]]);
  }

  /** A file from before ranks or lookups indexed once (see `indexUnindexed` in read-model.schema.ts). */
  indexUnindexed(indexing: readonly Indexing[]): number {
    return indexUnindexed(this.db, this.statements, indexing);
  }

  /** Documents as the read side holds them (see `page`) that the file finds by this value, in no order. */
  lookedUp<Doc>(projection: string, value: string, summarize?: (doc: Doc) => Doc): Array<[string, Doc]> {
    const rows = this.statements.lookedUp.all(projection, value) as Array<[string, string | null, string | null]>;
    return this.held(projection, rows, summarize);
  }

  /** How many documents the file finds by this value: a count over the lookups index, no document read. */
  countLookedUp(projection: string, value: string): number {
    return this.statements.countLookedUp.get(projection, value) as number;
  }

  /** Keys after `after`, in key order, without reading the documents (the index holds them). */
  keysAfter(projection: string, after: string, limit: number): string[] {
    return this.statements.keysAfter.all(projection, after, limit) as string[];
  }

  count(projection: string): number {
    return this.statements.count.get(projection) as number;
  }

  /**
   * A note kept beside the read models, valid for exactly these documents: a reset or a swapped-in
   * rebuild forgets every note (see the alerts' start-up judgement).
   */
  note(name: string): string | undefined {
    return this.statements.note.get(NOTE + name) as string | undefined;
  }

  /** Refused at once (SQLITE_BUSY) rather than waited for while another connection holds the file's lock. */
  setNote(name: string, value: string): void {
    withoutWaiting(this.db, () => this.statements.setNote.run(NOTE + name, value));
  }

  /** Whole documents for many keys, in their order: one pass over the rows, parsing only those asked for. */
  documentsByKey<Doc>(projection: string, keys: readonly string[]): Array<Doc | undefined> {
    const at = new Map(keys.map((key, i) => [key, i]));
    const found = new Array<Doc | undefined>(keys.length).fill(undefined);
    for (const [key, doc] of this.statements.documents.iterate(projection) as Iterable<[string, string]>) {
      const i = at.get(key);
      if (i !== undefined) found[i] = JSON.parse(doc) as Doc;
    }
    const fold = this.folds.get(projection);
    if (fold)
      found.forEach((doc, i) => doc !== undefined && (found[i] = this.withTail(fold, projection, keys[i], doc)));
    return found;
  }

  /** One whole document, or undefined. */
  document<Doc>(projection: string, key: string): Doc | undefined {
    return this.weighedDocument<Doc>(projection, key)?.doc;
  }

  /** One whole document, its tail folded in, with what its row and its tail weigh (in UTF-16 code units). */
  weighedDocument<Doc>(projection: string, key: string): WeighedDocument<Doc> | undefined {
    const text = this.statements.document.get(projection, key) as string | undefined;
    if (text === undefined) return undefined;
    let doc = JSON.parse(text) as Doc;
    let tail = 0;
    const fold = this.folds.get(projection);
    if (!fold) this.assertFoldable(projection);
    else {
      for (const event of this.statements.tail.all(projection, key) as string[]) {
        tail += event.length;
        doc = fold(doc, JSON.parse(event) as ProjectedEvent, key) as Doc;
      }
    }
    return { doc, base: text.length, tail };
  }

  /**
   * A projection's documents with tails read without its fold would be stale, silently: a file opened without
   * `foldTailsWith` refuses to read them instead.
   */
  private assertFoldable(projection: string): void {
    if (this.folds.has(projection) || this.statements.anyTail.get(projection) === undefined) return;
    throw new Error(
      `read models: ${projection} keeps changes beside its documents; open ${this.path} with foldTailsWith`,
    );
  }

  private withTail<Doc>(fold: Fold, projection: string, key: string, doc: Doc): Doc {
    const events = this.statements.tail.all(projection, key) as string[];
    return events.reduce((d, event) => fold(d, JSON.parse(event) as ProjectedEvent, key) as Doc, doc);
  }

  /** Starts a projection over: no documents, no checkpoint, the given version. */
  reset(projection: string, version: number): void {
    this.db.transaction(() => {
      this.statements.clear.run(projection);
      this.statements.clearLookups.run(projection);
      this.statements.clearTails.run(projection);
      this.statements.setCheckpoint.run(projection, null, version);
      this.statements.clearNotes.run();
    })();
  }

  /**
   * Makes `writer` the one instance that commits to this file from now on, and returns the one before it. Two
   * servers writing one file would each store checkpoints over the other's documents: the last to start wins,
   * and the other's next commit is refused.
   */
  claim(writer: string): string | undefined {
    return this.db
      .transaction(() => {
        const before = this.writer();
        this.statements.setNote.run(WRITER, writer);
        return before;
      })
      .immediate();
  }

  /** The instance that claimed the file last, if any did. */
  writer(): string | undefined {
    return this.statements.note.get(WRITER) as string | undefined;
  }

  /** Commits a batch on this connection (see `commitBatch`); the server's runner commits in a thread instead. */
  commit(
    generation: number,
    changes: DocumentChange[],
    checkpoints: Array<{ projection: string; position: Position; version: number }>,
    writer?: string,
  ): boolean {
    return commitBatch(this.db, this.statements, storedBatch(generation, changes, checkpoints, writer));
  }

  /** Document changes alone, in one transaction: how a rebuild fills its fresh file. */
  writeDocuments(changes: DocumentChange[]): void {
    this.writeStored(changes.map(storedChange));
  }

  /** The same, as texts already made (by a rebuild's folding thread). */
  writeStored(changes: readonly StoredChange[]): void {
    this.db.transaction(() => writeChanges(this.statements, changes))();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

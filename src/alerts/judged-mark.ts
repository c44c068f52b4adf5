import type { Position } from '../event-store/event-store.port';
import { comparePositions, formatPosition, parsePosition } from '../event-store/position';
import type { ReadModels } from '../read-side/read-models';
import { isBusy } from '../event-store/sqlite-busy';

const NOTE = 'alerts-judged';
const PERSIST_AFTER_MS = 1_000;

interface Stored {
  day: string;
  basis: string;
  upTo: string | null;
}

/**
 * How far the alert rules have been judged, kept beside the read models so that a restart judges only what
 * changed instead of every case (at 20k cases and 345k alerts raised, seconds of start-up): every case as of `day`,
 * the last day all were judged, and each case again after its events up to `upTo`. It holds only for the same day,
 * the same rules and settings (`basis`) and these read models (a rebuild swapped in or a projection started over
 * forgets it); with any doubt the start-up judges every case. Written a second after it moves, so a crash costs at
 * most that second's cases being judged again, never an alert missed: it moves only after the alerts are stored.
 */
export class JudgedMark {
  private day?: string;
  private upTo?: Position;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly readModels: ReadModels,
    private readonly basis: string,
  ) {}

  /**
   * The stored mark, when it still holds for `today`: cases with events after the position it answers must be
   * judged again ('start': all that have any). Undefined: judge every case.
   */
  resume(today: string): Position | 'start' | undefined {
    const stored = this.read();
    if (!stored || stored.day !== today || stored.basis !== this.basis) return undefined;
    this.day = stored.day;
    this.upTo = stored.upTo === null ? undefined : parsePosition(stored.upTo);
    return this.upTo ?? 'start';
  }

  /** Every case was judged as of `day` on read models at `upTo`. */
  judgedAll(day: string, upTo: Position | undefined): void {
    this.day = day;
    this.upTo = upTo;
    this.schedule();
  }

  /** Every case with events up to `upTo` was judged again: nothing after the day's full judgement is left out. */
  advance(upTo: Position | undefined): void {
    if (this.day === undefined || !upTo || (this.upTo && comparePositions(upTo, this.upTo) <= 0)) return;
    this.upTo = upTo;
    this.schedule();
  }

  /** Writes the mark now (shutdown); a read-model file already closed keeps the last one written. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.day === undefined) return;
    const stored: Stored = { day: this.day, basis: this.basis, upTo: this.upTo ? formatPosition(this.upTo) : null };
    try {
      this.readModels.setNote(NOTE, JSON.stringify(stored));
    } catch (error) {
      // Locked by another connection (the read-model writer mid-commit): written at the next turn instead of waiting.
      if (isBusy(error)) this.schedule();
      // Closed or read-only: the next start judges a little more, nothing is lost.
    }
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), PERSIST_AFTER_MS).unref();
  }

  private read(): Stored | undefined {
    const text = this.readModels.note(NOTE);
    if (text === undefined) return undefined;
    try {
      const stored = JSON.parse(text) as Stored;
      if (stored.upTo !== null) parsePosition(stored.upTo);
      return stored;
    } catch {
      return undefined;
    }
  }
}

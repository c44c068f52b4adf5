/** What every view gets, and what it hands back so the page can refresh it when something is recorded. */
import type { Api } from '../api.js';
import type { LiveEvent } from '../api-types.js';
import type { Route } from '../router.js';

export interface ViewContext {
  api: Api;
  route: Route;
  /** The day shown, YYYY-MM-DD: the one picked, else the server's today. */
  day: string;
  /** Another day than today was picked (`?asOf=`): a view of the ledger as it stood then. */
  picked: boolean;
  /** The element the view draws into; it is put on the page once the first draw is done. */
  root: HTMLElement;
  /** Reports the checkpoint of an answer, for the footer. */
  seen(checkpoint: string | undefined): void;
}

export interface ViewHandle {
  /** Heading and window title. */
  title: string;
  /** Re-reads and redraws the data, keeping what the user set (filters, sort, open details). */
  refresh(): Promise<void>;
  /** Whether a recorded event may change what this view shows. */
  concerns(event: LiveEvent): boolean;
  dispose?(): void;
}

export type View = (context: ViewContext) => Promise<ViewHandle>;

/** Events of case streams change every view that counts cases; `alerts` only the alerts. */
export const isCaseEvent = (event: LiveEvent): boolean => event.stream.startsWith('case-');

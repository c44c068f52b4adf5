/**
 * Routes in the URL's hash (`#/cases/kz-whatsapp-group-2018?asOf=2023-09-26`), so every view, filter and day can be
 * bookmarked and shared, and the server only ever serves one page.
 */
import { parseRoute, type Route } from './routes.js';

export type { Route, RouteName } from './routes.js';

export const currentRoute = (): Route => parseRoute(location.hash);

/** A link to a route, keeping the day shown (`asOf`) unless told otherwise. */
export function routeHref(path: string, query: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  const asOf = currentRoute().query.get('asOf');
  if (asOf) params.set('asOf', asOf);
  for (const [name, value] of Object.entries(query)) {
    if (value) params.set(name, value);
    else params.delete(name);
  }
  const search = params.toString();
  return `#/${path}${search ? `?${search}` : ''}`;
}

export const caseHref = (caseId: string, query: Record<string, string | undefined> = {}): string =>
  routeHref(`cases/${encodeURIComponent(caseId)}`, query);

/**
 * Changes the current route's query without a new history entry or a re-render: for filters and sort order, which
 * the view applies itself (a re-render would take the focus out of the search box).
 */
export function replaceQuery(updates: Record<string, string | undefined>): void {
  const route = currentRoute();
  for (const [name, value] of Object.entries(updates)) {
    if (value) route.query.set(name, value);
    else route.query.delete(name);
  }
  const [path] = location.hash.split('?');
  const search = route.query.toString();
  history.replaceState(history.state, '', `${path || '#/opinions'}${search ? `?${search}` : ''}`);
}

/** Routes as the URL's hash names them (`#/cases/kz-whatsapp-group-2018?asOf=2023-09-26`): parsing only, no DOM. */

export type RouteName = 'opinions' | 'cases' | 'case' | 'history' | 'authorities' | 'countries' | 'alerts' | 'new-case';

export interface Route {
  name: RouteName;
  /** For `case` and `history`. */
  caseId?: string;
  query: URLSearchParams;
}

const LISTS: readonly RouteName[] = ['opinions', 'cases', 'authorities', 'countries', 'alerts'];

export function parseRoute(hash: string): Route {
  const [path, search = ''] = hash.replace(/^#/, '').split('?');
  const query = new URLSearchParams(search);
  const [first, second, third] = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (first === 'cases' && second && third === 'history') return { name: 'history', caseId: second, query };
  if (first === 'cases' && second === 'new') return { name: 'new-case', query };
  if (first === 'cases' && second) return { name: 'case', caseId: second, query };
  const name = LISTS.find((n) => n === first) ?? 'opinions';
  return { name, query };
}

/**
 * The links from the other views to what auditors and advocates take away: a case's history (for keys that may
 * audit) and an opinion's printable follow-up submission.
 */
import type { Api } from '../api.js';
import { h } from '../dom.js';
import { currentRoute, routeHref } from '../router.js';

export const historyHref = (caseId: string): string => routeHref(`cases/${encodeURIComponent(caseId)}/history`);

/**
 * Shown only once the key in use proves it may audit: the verification of this case answers only auditors and admins
 * (and is what the history page opens with anyway). Without a key, or with a viewer's or recorder's, nothing shows.
 */
export function auditLink(api: Api, caseId: string): HTMLElement {
  const holder = h('p', { class: 'audit-link', hidden: true });
  if (!api.key) return holder;
  api
    .get(`/cases/${encodeURIComponent(caseId)}/verify`)
    .then(() => {
      holder.append(h('a', { href: historyHref(caseId) }, 'History, corrections and chain verification'));
      holder.hidden = false;
    })
    .catch(() => undefined);
  return holder;
}

/** The printable follow-up page as of the day shown (the server's today when none is picked). */
export function followUpLink(opinionId: string): HTMLAnchorElement {
  const asOf = currentRoute().query.get('asOf');
  const query = new URLSearchParams({ format: 'html', ...(asOf ? { asOf } : {}) });
  return h(
    'a',
    {
      class: 'follow-up-link',
      href: `/opinions/${encodeURIComponent(opinionId)}/follow-up?${query.toString()}`,
      target: '_blank',
      rel: 'noopener',
      'data-with-key': true,
    },
    'Follow-up submission (print)',
  );
}

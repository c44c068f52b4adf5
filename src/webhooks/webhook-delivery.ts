import { createHmac } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import type { AlertView } from '../../projections/alerts/alerts.projection';

/** Delivery ids are UUID v5 of alertId and URL: every instance, every restart names one delivery the same way. */
const DELIVERY_NAMESPACE = '9e4b7c2a-1f3d-4a8e-b5c6-2d7f0e9a1b34';

export const deliveryIdOf = (alertId: string, url: string): string => uuidv5(`${alertId}\n${url}`, DELIVERY_NAMESPACE);

/** What a receiver gets: the alert as GET /alerts shows it, and where to read more. */
export interface WebhookBody {
  deliveryId: string;
  alert: AlertView;
  links: { case: string; opinion?: string };
}

export function webhookBody(deliveryId: string, alert: AlertView, publicUrl: string): string {
  const links: WebhookBody['links'] = { case: `${publicUrl}/cases/${alert.caseId}` };
  if (alert.opinionId !== undefined) links.opinion = `${publicUrl}/opinions/${encodeURIComponent(alert.opinionId)}`;
  const body: WebhookBody = { deliveryId, alert, links };
  return JSON.stringify(body);
}

/** `sha256=<hex HMAC-SHA256 of the exact body bytes>`: what a receiver recomputes with the shared secret. */
export const signatureOf = (body: string, secret: string): string =>
  `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

/**
 * Wait before the attempt after `attempt` failed ones: exponential back-off with full jitter, a random time between
 * zero and base·2^(attempt−1), capped. The jitter spreads retries of many deliveries (and instances) that failed
 * together, so a receiver coming back is not hit by all of them in the same instant.
 */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt - 1, 52));
  return Math.floor(random() * ceiling);
}

/** A URL fit for logs and listings: no user name or password, which some receivers put there. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.href;
  } catch {
    return '(invalid URL)';
  }
}

/** Only the origin: paths of hosted webhooks often carry a token. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid URL)';
  }
}

import { createHmac } from 'node:crypto';
import type { AlertView } from '../../projections/alerts/alerts.projection';
import { backoffDelay, deliveryIdOf, originOf, redactUrl, signatureOf, webhookBody } from './webhook-delivery';

const alert: AlertView = {
  rule: 'opinion.follow_up_overdue',
  alertId: 'opinion.follow_up_overdue:kz-whatsapp-group-2018:A/HRC/WGAD/2021/33',
  caseId: 'kz-whatsapp-group-2018',
  country: 'KZ',
  asOf: '2023-09-26',
  opinionId: 'A/HRC/WGAD/2021/33',
  mechanism: 'WGAD',
  followUpDueOn: { earliest: '2022-03-01', latest: '2022-03-30' },
  status: 'not_implemented',
  revision: 0,
  raisedAt: '2023-09-26T08:00:00.000Z',
};

describe('webhook deliveries', () => {
  it('names a delivery by its alert and URL, the same everywhere', () => {
    const id = deliveryIdOf(alert.alertId, 'https://a.example/hook');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deliveryIdOf(alert.alertId, 'https://a.example/hook')).toBe(id);
    expect(deliveryIdOf(alert.alertId, 'https://b.example/hook')).not.toBe(id);
  });

  it('sends the alert with links to its opinion and case on the public address', () => {
    const body = JSON.parse(webhookBody('d-1', alert, 'https://ledger.example.org'));
    expect(body).toEqual({
      deliveryId: 'd-1',
      alert,
      links: {
        case: 'https://ledger.example.org/cases/kz-whatsapp-group-2018',
        opinion: 'https://ledger.example.org/opinions/A%2FHRC%2FWGAD%2F2021%2F33',
      },
    });
    const { opinionId: _opinionId, ...withoutOpinion } = alert;
    expect(JSON.parse(webhookBody('d-2', withoutOpinion as AlertView, 'http://x')).links).toEqual({
      case: 'http://x/cases/kz-whatsapp-group-2018',
    });
  });

  it('signs the exact body with HMAC-SHA256', () => {
    const body = webhookBody('d-1', alert, 'http://x');
    const expected = createHmac('sha256', 'shh').update(Buffer.from(body)).digest('hex');
    expect(signatureOf(body, 'shh')).toBe(`sha256=${expected}`);
  });

  it('backs off exponentially with full jitter, up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, 1000, 10_000, () => 0.999999))).toEqual([
      999, 1999, 3999, 7999, 9999, 9999,
    ]);
    expect(backoffDelay(3, 1000, 10_000, () => 0)).toBe(0);
    expect(backoffDelay(2000, 1000, 10_000, () => 0.5)).toBe(5000);
  });

  it('keeps credentials and paths out of what it shows and logs', () => {
    expect(redactUrl('https://user:pw@hooks.example/x?y=1')).toBe('https://hooks.example/x?y=1');
    expect(redactUrl('https://hooks.example/x')).toBe('https://hooks.example/x');
    expect(originOf('https://user:pw@hooks.example/T0/B1/secret')).toBe('https://hooks.example');
  });
});

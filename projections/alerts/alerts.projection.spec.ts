import { foldDocuments, type ProjectedEvent } from '../projection';
import { day, exampleFiles } from '../views/case-files.fixture';
import { alertsDue } from './alert-rules';
import { ALERT_RAISED, ALERTS_STREAM, type AlertRaised } from './alert.events';
import { alertLookupOf, alertsProjection, alertViews, newestAlerts, type AlertView } from './alerts.projection';

const raised = (data: AlertRaised, revision: number): ProjectedEvent => ({
  stream: ALERTS_STREAM,
  revision,
  type: ALERT_RAISED,
  data,
  metadata: { recordedAt: `2023-09-26T00:00:0${revision}.000Z`, actor: 'alerts' },
});

describe('alertsProjection and alertViews', () => {
  const due = alertsDue(exampleFiles()[0], day('2023-09-26'), { inquiryResponseDays: 10 });
  const docs = (): Map<string, AlertView> => foldDocuments(alertsProjection, due.map(raised));

  it('keeps one document per alertId, with its revision and when it was raised', () => {
    const all = docs();
    expect(all.size).toBe(4);
    expect(all.get(due[0].alertId)).toEqual({ ...due[0], revision: 0, raisedAt: '2023-09-26T00:00:00.000Z' });
  });

  it('lists the newest first', () => {
    expect(alertViews(docs().values()).map((a) => a.revision)).toEqual([3, 2, 1, 0]);
  });

  it('filters by rule, case and opinion (an inquiry about the opinion matches it)', () => {
    const all = [...docs().values()];
    expect(alertViews(all, { rule: 'inquiry.unanswered' }).map((a) => a.revision)).toEqual([3, 2]);
    expect(alertViews(all, { caseId: 'kz-whatsapp-group-2018' })).toHaveLength(4);
    expect(alertViews(all, { caseId: 'kz-other' })).toEqual([]);
    expect(alertViews(all, { opinionId: 'A/HRC/WGAD/2021/33', rule: 'opinion.follow_up_overdue' })).toHaveLength(1);
    expect(alertViews(all, { opinionId: 'A/HRC/WGAD/2021/33' })).toHaveLength(4);
  });

  it('summarised as memory holds them, lists and filters the same alerts in the same order', () => {
    const whole = [...docs().values()];
    const summaries = whole.map(alertsProjection.summarize!);
    expect(JSON.stringify(summaries).length).toBeLessThan(JSON.stringify(whole).length / 2);
    for (const filter of [{}, { rule: 'inquiry.unanswered' as const }, { opinionId: 'A/HRC/WGAD/2021/33' }]) {
      const ids = (list: AlertView[]) => alertViews(list, filter).map((a) => a.alertId);
      expect(ids(summaries)).toEqual(ids(whole));
    }
  });

  it('passes every other stream and type by, and keeps the first raising of an alertId', () => {
    expect(alertsProjection.keysOf({ ...raised(due[0], 0), stream: 'case-x' })).toEqual([]);
    expect(alertsProjection.keysOf({ ...raised(due[0], 0), type: 'Other' })).toEqual([]);
    const twice = foldDocuments(alertsProjection, [raised(due[0], 0), raised({ ...due[0], asOf: '2024-01-01' }, 7)]);
    expect(twice.get(due[0].alertId)).toMatchObject({ revision: 0, asOf: '2023-09-26' });
  });

  it('from alerts newest first, gives what alertViews gives and reads no further than the page', () => {
    const all = [...docs().values()].sort((a, b) => b.revision - a.revision);
    let read = 0;
    const counted = function* () {
      for (const alert of all) {
        read++;
        yield alert;
      }
    };
    expect(newestAlerts(counted(), { limit: 2 })).toEqual(alertViews(all, { limit: 2 }));
    expect(read).toBe(2);
    for (const filter of [
      {},
      { rule: 'inquiry.unanswered' as const, limit: 1 },
      { before: 2 },
      { before: 3, limit: 1 },
    ]) {
      expect(newestAlerts(all, filter)).toEqual(alertViews(all, filter));
    }
    expect(newestAlerts(all, { before: 3, limit: 1 }).map((a) => a.revision)).toEqual([2]);
  });

  it('ranks an alert by its revision in the alerts stream', () => {
    const alert = docs().get(due[2].alertId)!;
    expect(alertsProjection.rank!(alert)).toBe(2);
  });

  it('finds by its lookups every alert a case or opinion filter keeps, from the summary as from the whole alert', () => {
    const inquiry = due.find((a) => a.rule === 'inquiry.unanswered')!;
    const aboutNoOpinion = {
      ...inquiry,
      alertId: 'inquiry.unanswered:kz-other:q9',
      caseId: 'kz-other',
      opinionId: undefined,
    };
    const all = [...foldDocuments(alertsProjection, [...due, aboutNoOpinion].map(raised)).values()];
    for (const filter of [
      { caseId: 'kz-whatsapp-group-2018' },
      { caseId: 'kz-other' },
      { caseId: 'kz-nobody' },
      { opinionId: 'A/HRC/WGAD/2021/33' },
      { opinionId: 'A/HRC/WGAD/2021/33', rule: 'inquiry.unanswered' as const, limit: 1 },
      { caseId: 'kz-whatsapp-group-2018', opinionId: 'A/HRC/WGAD/2099/1' },
    ]) {
      const lookup = alertLookupOf(filter)!;
      const found = all.filter((alert) =>
        alertsProjection.lookups!(alertsProjection.summarize!(alert)).includes(lookup),
      );
      expect(alertViews(found, filter)).toEqual(alertViews(all, filter));
      expect(found.length).toBeLessThan(all.length);
    }
    expect(alertLookupOf({ rule: 'inquiry.unanswered', limit: 3 })).toBeUndefined();
  });
});

import { parseRoute } from '../../src/dashboard/web/routes';

describe('the auditor’s desk route', () => {
  it('is #/cases/{caseId}/history, with the replay and the row in the query', () => {
    const route = parseRoute('#/cases/kz-whatsapp-group-2018/history?knownAt=2023-09-26T12:00:00Z&event=3');
    expect(route).toMatchObject({ name: 'history', caseId: 'kz-whatsapp-group-2018' });
    expect(route.query.get('knownAt')).toBe('2023-09-26T12:00:00Z');
    expect(route.query.get('event')).toBe('3');
    expect(parseRoute('#/cases/kz-whatsapp-group-2018')).toMatchObject({ name: 'case' });
    expect(parseRoute('#/cases/kz-whatsapp-group-2018/elsewhere')).toMatchObject({ name: 'case' });
  });
});

import { parseRoute } from '../../src/dashboard/web/routes';

describe('dashboard routes', () => {
  it('reads the view, the case and the query from the hash', () => {
    expect(parseRoute('')).toMatchObject({ name: 'opinions' });
    expect(parseRoute('#/authorities?asOf=2023-09-26').query.get('asOf')).toBe('2023-09-26');
    const route = parseRoute('#/cases/kz-whatsapp-group-2018?inquiry=f18-1');
    expect(route).toMatchObject({ name: 'case', caseId: 'kz-whatsapp-group-2018' });
    expect(route.query.get('inquiry')).toBe('f18-1');
    expect(parseRoute('#/cases')).toMatchObject({ name: 'cases' });
    expect(parseRoute('#/nowhere')).toMatchObject({ name: 'opinions' });
  });
});

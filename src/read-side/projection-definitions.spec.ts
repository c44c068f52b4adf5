import type { ProjectionProvider } from './projection.decorator';
import { PROJECTION_DEFINITIONS } from './projection-definitions';
import { PROJECTION_PROVIDERS } from './projection-providers';

describe('projection definitions', () => {
  it('are the ones the app registers, so a rebuild thread folds every projection the server runs', () => {
    const registered = PROJECTION_PROVIDERS.map((P) => (new P() as ProjectionProvider).definition);
    expect(PROJECTION_DEFINITIONS).toEqual(registered);
  });
});

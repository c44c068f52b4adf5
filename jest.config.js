/** Test kinds, each runnable alone: `npx jest --selectProjects unit|int|e2e|browser`. */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
};
const base = { transform, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };
const roots = ['<rootDir>/src', '<rootDir>/projections', '<rootDir>/test'];

module.exports = {
  testTimeout: 30000,
  projects: [
    {
      ...base,
      displayName: 'unit',
      roots,
      testMatch: ['**/*.spec.ts'],
      testPathIgnorePatterns: ['\\.int\\.spec\\.ts$', '\\.e2e\\.spec\\.ts$', '\\.browser\\.spec\\.ts$'],
    },
    { ...base, displayName: 'int', roots, testMatch: ['**/*.int.spec.ts'] },
    { ...base, displayName: 'e2e', roots, testMatch: ['**/*.e2e.spec.ts'] },
    { ...base, displayName: 'browser', roots, testMatch: ['**/*.browser.spec.ts'] },
  ],
};

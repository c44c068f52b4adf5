/** Test kinds, each runnable alone: `npx jest --selectProjects unit|int|e2e|browser`. */
const swc = (parser) => [
  '@swc/jest',
  {
    jsc: { parser, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
    module: { type: 'commonjs' },
  },
];
const transform = {
  '^.+\\.ts$': swc({ syntax: 'typescript', decorators: true }),
  // NestJS 12 ships ES modules; jest's module loader cannot require them, so they are compiled too.
  '^.+\\.m?js$': swc({ syntax: 'ecmascript', decorators: true, importAttributes: true }),
};
const base = {
  transform,
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|file-type|strtok3|token-types|@tokenizer|uint8array-extras|any-ascii)/)'],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  // The dashboard's browser modules import each other as './x.js' (what the browser loads); here that is ./x.ts.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};
const roots = ['<rootDir>/src', '<rootDir>/domain', '<rootDir>/projections', '<rootDir>/test', '<rootDir>/bench'];

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

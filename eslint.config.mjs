// @ts-check
import eslint from '@eslint/js';
import eslintPluginPrettierRecommended from 'eslint-plugin-prettier/recommended';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** The domain and the read-model logic stay plain TypeScript: no framework, no I/O. */
const pureCode = {
  patterns: [
    { group: ['@nestjs/*', 'rxjs', 'rxjs/*', 'class-validator', 'class-transformer'], message: 'keep the domain and projections framework-free' },
    { group: ['better-sqlite3', '@eventstore/*', '@grpc/*', 'node:fs', 'fs', 'node:fs/*', 'fs/*', 'node:net', 'node:http', 'http', 'https', 'node:child_process'], message: 'keep the domain and projections free of I/O' },
    { regex: '(^|/)src/', message: 'the pure code may use the case domain and the calendar only, nothing else of the app' },
  ],
};

export default tseslint.config(
  { ignores: ['eslint.config.mjs', 'jest.config.js', 'dist/**', 'node_modules/**', 'src/dashboard/public/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  eslintPluginPrettierRecommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest }, sourceType: 'commonjs' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The dashboard's modules run in the browser, compiled on their own: they may import only each other.
  {
    files: ['src/dashboard/web/**/*.ts'],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'module' },
  },
  {
    files: ['src/dashboard/web/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./)', message: 'stay inside src/dashboard/web' }] }],
    },
  },
  {
    files: ['src/dashboard/web/views/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!\\.\\.?/)|^\\.\\./\\.\\./', message: 'stay inside src/dashboard/web' }] },
      ],
    },
  },
  {
    files: ['domain/**/*.ts', 'projections/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', pureCode] },
  },
  // The case and the calendar are what the read side is built from: they never depend on it.
  {
    files: ['domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...pureCode.patterns, { regex: '(^|/)projections/', message: 'the domain does not depend on the read side' }] },
      ],
    },
  },
);

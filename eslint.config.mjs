// @ts-check
import eslint from '@eslint/js';
import eslintPluginPrettierRecommended from 'eslint-plugin-prettier/recommended';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Which area may import which (and that the domain and the projections stay free of framework and I/O) is
// checked by dependency-cruiser: .dependency-cruiser.cjs, run by `npm run lint:dependencies`.

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
);

/**
 * The import rules between the areas (docs/architecture.md). `npm run lint` runs them through
 * scripts/check-dependencies.mjs, which also folds the module graph into areas and fails on any cycle
 * between areas. Type-only imports count: a type is as much a dependency as a value.
 */
// Resolved paths: a package is `node_modules/<name>/...`, a Node built-in its bare name.
const FRAMEWORK = '^(node_modules/)?(@nestjs|rxjs|class-validator|class-transformer|nestjs-pino|pino|prom-client|express|helmet)($|/)';
const IO =
  '^(node_modules/)?(better-sqlite3|@eventstore|@grpc|fs|node:fs|net|node:net|http|node:http|https|node:https|child_process|node:child_process|worker_threads|node:worker_threads|dgram|node:dgram)($|/)';
const PURE = '^(domain|projections)/';
const NOT_SPEC = '\\.spec\\.ts$|\\.fixture\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'pure-no-framework',
      comment: 'The case, the calendar and the projections are plain TypeScript: no framework.',
      severity: 'error',
      from: { path: PURE, pathNot: NOT_SPEC },
      to: { path: FRAMEWORK },
    },
    {
      name: 'pure-no-io',
      comment: 'The case, the calendar and the projections do no I/O: the caller passes everything in.',
      severity: 'error',
      from: { path: PURE, pathNot: NOT_SPEC },
      to: { path: IO },
    },
    {
      name: 'pure-no-app',
      comment: 'The pure code uses only itself: never src/.',
      severity: 'error',
      from: { path: PURE, pathNot: NOT_SPEC },
      to: { path: '^src/' },
    },
    {
      name: 'domain-not-read-side',
      comment: 'The read side is built from the domain, never the reverse.',
      severity: 'error',
      from: { path: '^domain/', pathNot: NOT_SPEC },
      to: { path: '^projections/' },
    },
    {
      name: 'calendar-alone',
      comment: 'The calendar is arithmetic on days that everything may use: it uses nothing.',
      severity: 'error',
      from: { path: '^domain/calendar/', pathNot: NOT_SPEC },
      to: { path: '^(domain/case|projections|src)/' },
    },
    {
      name: 'no-module-cycle',
      comment: 'No module imports itself back, through any path (reported, not yet failing the build).',
      severity: 'warn',
      from: { pathNot: NOT_SPEC },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    moduleSystems: ['cjs', 'es6'],
  },
};

import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { transformFileSync } from '@swc/core';

const root = join(__dirname, '..', '..');

/**
 * Compiles src/, domain/, projections/ and bench/ to plain JavaScript (swc, the same settings as the
 * tests), so the server, the CLI and the workloads start as in production: from compiled files,
 * not through a loader that compiles at start-up. Takes a second or two; `nest build` (tsc) would
 * take half a minute. Returns the folder that holds src/ and bench/.
 */
export function build(outDir: string): string {
  for (const folder of ['src', 'domain', 'projections', 'bench']) {
    for (const file of walk(join(root, folder))) {
      if (!file.endsWith('.ts') || file.endsWith('.spec.ts')) continue;
      const { code } = transformFileSync(file, {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
        sourceMaps: false,
      });
      const out = join(outDir, relative(root, file)).replace(/\.ts$/, '.js');
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, code);
    }
  }
  // The app reads its own version from package.json (the OpenAPI document), one folder above src/.
  copyFileSync(join(root, 'package.json'), join(outDir, 'package.json'));
  // A build outside the project (`--dir=/tmp/...`) finds the project's packages through a link beside it.
  const modules = join(outDir, 'node_modules');
  if (!existsSync(modules)) symlinkSync(join(root, 'node_modules'), modules, 'dir');
  return outDir;
}

/**
 * The dashboard's browser modules and files where the built server serves them (`dashboard/public` beside `src/`), as
 * `npm run build:dashboard` makes them: for the workloads that drive it in a browser.
 */
export function buildDashboard(outDir: string): void {
  const publicDir = join(outDir, 'dashboard', 'public');
  const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  run([require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.dashboard.json', '--outDir', publicDir]);
  run(['scripts/copy-dashboard-assets.mjs', publicDir]);
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

// Copies the dashboard's static files (HTML, CSS, images) beside its compiled modules, and names in index.html every
// module main.js imports, directly or not (`<link rel="modulepreload">`): the browser then fetches them all at once,
// instead of learning of each level of imports only when the one above it has come.
// Usage: node scripts/copy-dashboard-assets.mjs [outDir]   (default: dist/dashboard/public)
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';

const source = 'src/dashboard/web';
const target = process.argv[2] ?? 'dist/dashboard/public';
mkdirSync(target, { recursive: true });
for (const name of readdirSync(source)) {
  if (/\.(html|css|svg|ico|png)$/.test(name)) cpSync(join(source, name), join(target, name));
}

/** Every module reachable from `entry` through static imports, entry first. */
function imported(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(
      /^(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+\.js)'/gm,
    )) {
      visit(join(dirname(file), spec));
    }
  };
  visit(entry);
  return [...seen];
}

const index = join(target, 'index.html');
const main = join(target, 'main.js');
if (existsSync(main) && existsSync(index)) {
  const links = imported(main)
    .slice(1)
    .map(
      (file) =>
        `    <link rel="modulepreload" href="/dashboard/${relative(target, file).split(/[\\/]/).join(posix.sep)}" />`,
    )
    .join('\n');
  const html = readFileSync(index, 'utf8').replace(
    /^(\s*<script type="module" src="\/dashboard\/main\.js"><\/script>)$/m,
    `${links}\n$1`,
  );
  writeFileSync(index, html);
}

// Copies the dashboard's static files (HTML, CSS, images) beside its compiled modules.
// Usage: node scripts/copy-dashboard-assets.mjs [outDir]   (default: dist/dashboard/public)
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const source = 'src/dashboard/web';
const target = process.argv[2] ?? 'dist/dashboard/public';
mkdirSync(target, { recursive: true });
for (const name of readdirSync(source)) {
  if (/\.(html|css|svg|ico|png)$/.test(name)) cpSync(join(source, name), join(target, name));
}

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * `npm start` and the CLI run `dist/` as built, without compiling (a restart must be quick). So that
 * a start after the sources changed does not serve old code silently, the build writes a digest of
 * the sources it compiled, and a start compares it with the sources beside it. An installed tree
 * without sources (the container image) has nothing to compare and says nothing.
 */

const STAMP = 'build-stamp.json';
const SOURCE_DIRS = ['src', 'domain', 'projections'];

export interface BuildStamp {
  readonly sources: string;
  readonly files: number;
}

/** SHA-256 over every source file's path and bytes, in a fixed order; `undefined` without sources. */
export function digestSources(root: string): BuildStamp | undefined {
  const files = SOURCE_DIRS.flatMap((dir) => listFiles(root, join(root, dir))).sort();
  if (files.length === 0) return undefined;
  const hash = createHash('sha256');
  for (const file of files)
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(root, file)))
      .update('\0');
  return { sources: hash.digest('hex'), files: files.length };
}

export function writeBuildStamp(root: string, distDir = join(root, 'dist')): BuildStamp {
  const stamp = digestSources(root);
  if (!stamp) throw new Error(`no sources under ${root} to stamp`);
  writeFileSync(join(distDir, STAMP), JSON.stringify(stamp) + '\n');
  return stamp;
}

/** A sentence for the operator when `dist/` was not built from the sources beside it, else `undefined`. */
export function staleBuildWarning(root: string, distDir = join(root, 'dist')): string | undefined {
  const current = digestSources(root);
  if (!current) return undefined;
  const stampFile = join(distDir, STAMP);
  if (!existsSync(stampFile))
    return `${distDir} has no build stamp: run \`npm run build\` to serve the sources in ${root}`;
  const built = JSON.parse(readFileSync(stampFile, 'utf8')) as BuildStamp;
  if (built.sources === current.sources) return undefined;
  return `the sources changed since ${distDir} was built (${built.files} files then, ${current.files} now): this is the old code; run \`npm run build\``;
}

function listFiles(root: string, dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(root, path);
    // Specs are not compiled into dist/, so changing one does not make a build stale.
    return entry.isFile() && !entry.name.endsWith('.spec.ts') ? [relative(root, path)] : [];
  });
}

// The dependency rules of .dependency-cruiser.cjs, and one more: the areas (src/<area>, domain/<area>,
// projections) depend one way. Each import between two areas is an edge; any strongly connected group
// of two or more areas is a cycle, reported with one import per edge so it can be undone.
import { createRequire } from 'node:module';
import { cruise } from 'dependency-cruiser';

const require = createRequire(import.meta.url);
const config = require('../.dependency-cruiser.cjs');
const ROOTS = ['src', 'domain', 'projections'];

/** `src/cases/dto/x.ts` → `src/cases`; `src/main.ts` → `src` (the composition root); `projections/...` → `projections`. */
export function areaOf(path) {
  const parts = path.split('/');
  if (parts[0] === 'projections') return 'projections';
  if (parts.length <= 2) return parts[0];
  return `${parts[0]}/${parts[1]}`;
}

const isSpec = (path) => /\.(spec|fixture)\.ts$/.test(path);

/** Tarjan's strongly connected components over the area graph; only groups of two or more. */
export function areaCycles(edges) {
  const next = new Map();
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, new Set());
    if (!next.has(to)) next.set(to, new Set());
    next.get(from).add(to);
  }
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const groups = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v)) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const group = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!idx.has(v)) visit(v);
  return groups;
}

async function main() {
  const { output } = await cruise(ROOTS, { validate: true, ruleSet: config, ...config.options }, undefined, {
    tsConfig: { fileName: 'tsconfig.json' },
  });
  const problems = [];
  const warnings = [];
  for (const v of output.summary.violations) {
    const list = v.rule.severity === 'error' ? problems : warnings;
    list.push(`${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle: ${v.cycle.map((c) => c.name ?? c).join(' → ')})` : ''}`);
  }
  const edges = [];
  const example = new Map();
  for (const m of output.modules) {
    if (!ROOTS.some((r) => m.source.startsWith(`${r}/`)) || isSpec(m.source)) continue;
    for (const d of m.dependencies) {
      if (!ROOTS.some((r) => d.resolved.startsWith(`${r}/`))) continue;
      const from = areaOf(m.source);
      const to = areaOf(d.resolved);
      if (from === to) continue;
      edges.push({ from, to });
      const key = `${from} → ${to}`;
      if (!example.has(key)) example.set(key, `${m.source} → ${d.resolved}`);
    }
  }
  const cycles = areaCycles(edges);
  for (const group of cycles) {
    const inside = [...example.entries()].filter(([key]) => {
      const [from, to] = key.split(' → ');
      return group.includes(from) && group.includes(to);
    });
    problems.push(`areas in a cycle: ${group.join(', ')}\n${inside.map(([k, e]) => `    ${k}   (${e})`).join('\n')}`);
  }
  const areas = new Set(edges.flatMap((e) => [e.from, e.to]));
  process.stdout.write(
    `dependencies: ${output.summary.totalCruised} modules, ${areas.size} areas, ${new Set(edges.map((e) => `${e.from}>${e.to}`)).size} area edges, ${cycles.length} area cycles, ${output.summary.error} rule errors, ${output.summary.warn} warnings\n`,
  );
  if (warnings.length > 0) process.stderr.write(`warnings:\n${warnings.join('\n')}\n`);
  if (problems.length > 0) {
    process.stderr.write(problems.join('\n') + '\n');
    process.exitCode = 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

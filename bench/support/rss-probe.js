// Preloaded into the server and the CLI (node -r): reports the process's own peak resident set,
// process.resourceUsage().maxRSS, when asked (SIGUSR2) and at exit, as a line in BENCH_RSS_FILE.
'use strict';
const { appendFileSync } = require('node:fs');

const file = process.env.BENCH_RSS_FILE;
if (file) {
  const report = (when) =>
    appendFileSync(file, JSON.stringify({ when, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
  process.on('SIGUSR2', () => report('asked'));
  process.on('exit', () => report('exit'));
}

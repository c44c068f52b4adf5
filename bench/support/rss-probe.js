// Preloaded into the server and the CLI (node -r): reports the process's own peak resident set,
// process.resourceUsage().maxRSS, when the bench asks over the IPC channel, and at exit as a line
// in BENCH_RSS_FILE. (Not on a signal: the server's shutdown hooks take SIGUSR2 as "stop".)
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { appendFileSync } = require('node:fs');

const peak = () => process.resourceUsage().maxRSS / 1024;
if (process.channel) {
  process.channel.unref();
  process.on('message', (message) => {
    if (message === 'maxRss') process.send({ maxRssMb: peak() });
  });
}
const file = process.env.BENCH_RSS_FILE;
if (file) process.on('exit', () => appendFileSync(file, JSON.stringify({ when: 'exit', maxRssMb: peak() }) + '\n'));

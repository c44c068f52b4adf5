// The real server (src/main.ts), started warm: the app's modules load first (seconds on a loaded
// machine), the process prints `loaded`, and only SIGUSR2 runs main.ts's bootstrap. The crash test
// spawns the next server while the current one takes load, so a restart after SIGKILL costs Nest's
// boot alone. Nothing here changes what the server does once it runs.
import '../../src/app.module';
import '../../src/app.setup';
import '@nestjs/core';
import '@nestjs/platform-express';

const idle = setInterval(() => undefined, 1 << 30);
process.once('SIGUSR2', () => {
  clearInterval(idle);
  void import('../../src/main');
});
process.stdout.write('loaded\n');

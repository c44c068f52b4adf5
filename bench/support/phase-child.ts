// The child side of runPhase: runs one workload and answers with its figures and memory peak.
import type { Figures } from './phase';

process.once('message', (message: { workload: string; entry: string; args: unknown }) => {
  void (async () => {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const workload = require(`../workloads/${message.workload}`) as Record<
        string,
        (args: unknown) => Promise<Figures>
      >;
      const figures = await workload[message.entry](message.args);
      const maxRssMb = process.resourceUsage().maxRSS / 1024;
      process.send!({ ok: true, figures, maxRssMb }, () => process.exit(0));
    } catch (error) {
      process.send!({ ok: false, error: (error as Error)?.stack ?? String(error) }, () => process.exit(1));
    }
  })();
});

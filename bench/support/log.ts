/** Progress goes to stderr, so that stdout holds only the table. */
export const log = (message: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
};

export const perSecond = (count: number, seconds: number): number => Math.round(count / seconds);

export const since = (started: bigint): number => Number(process.hrtime.bigint() - started) / 1e9;

export const now = (): bigint => process.hrtime.bigint();

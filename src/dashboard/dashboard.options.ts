import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the built dashboard lives and how often the live feed proves it is alive; tests override both. */
export interface DashboardOptions {
  /** The folder `npm run build` fills with index.html, styles.css and the compiled modules. */
  publicDir: string;
  /** Proxies and browsers give up on a silent stream; a heartbeat also lets the page notice a dead one. */
  heartbeatMs: number;
}

export const DASHBOARD_OPTIONS = Symbol('DASHBOARD_OPTIONS');

export const DEFAULT_HEARTBEAT_MS = 15_000;

/**
 * The compiled server runs from dist/src/dashboard and the dashboard is built into dist/dashboard/public; run from
 * source (jest, ts-node) the same folder is reached from src/dashboard through dist/.
 */
export function defaultPublicDir(from: string = __dirname): string {
  const candidates = [resolve(from, '../../dashboard/public'), resolve(from, '../../dist/dashboard/public')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0];
}

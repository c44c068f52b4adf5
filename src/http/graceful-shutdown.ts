import type { Server } from 'node:http';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { HttpDrain } from './http-drain';

/**
 * SIGTERM / SIGINT, in this order: stop accepting connections and refuse new requests; let the
 * requests in flight finish (their appends included); then close the app, whose hooks let the
 * projections apply what the store holds and checkpoint it, and then close the stores. Exits 0
 * when all of that finished in time, 1 otherwise.
 *
 * Nest's own enableShutdownHooks closes the app first and the listener only midway, and re-raises
 * the signal at the end (exit code 143), so the server installs this instead.
 */
export function shutDownOnSignals(app: NestExpressApplication, timeoutSeconds: number): void {
  const logger = new Logger('Shutdown');
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) return logger.warn(`${signal} again: already shutting down`);
    started = true;
    shutDown(app, signal, timeoutSeconds * 1000, logger).then(
      (clean) => exitSoon(clean ? 0 : 1),
      (error: unknown) => {
        logger.error(`shutdown failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        exitSoon(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

async function shutDown(
  app: NestExpressApplication,
  signal: NodeJS.Signals,
  timeoutMs: number,
  logger: Logger,
): Promise<boolean> {
  const drain = app.get(HttpDrain);
  const server = app.getHttpServer() as Server;
  logger.log(`${signal}: refusing new requests, finishing ${drain.requestsInFlight} in flight`);
  drain.start();
  server.close();
  server.closeIdleConnections();
  const idle = await drain.idle(timeoutMs);
  if (!idle) logger.warn(`${drain.requestsInFlight} requests still in flight after ${timeoutMs} ms: closing anyway`);
  server.closeIdleConnections();
  await app.close();
  logger.log('stopped: projections checkpointed, stores closed');
  return idle;
}

/** Lets stdout drain, then exits even if a stray handle would keep the process up. */
function exitSoon(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 1000).unref();
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { destination } from 'pino';
import pinoPretty from 'pino-pretty';
import type { AppConfig } from '../config/app.config';
import type { RequestWithId } from '../http/request-id.middleware';

/**
 * What must never reach a log line, wherever a careless `logger.debug(obj)` puts it: API keys
 * (the Authorization header, and key specs), the webhook secret and signatures, cookies.
 * Serializers below already keep request headers out; this is the second line.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-signature"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers["x-signature"]',
  'config.apiKeys[*].secret',
  'config.alertWebhookSecret',
  '*.authorization',
  '*.secret',
  '*.apiKey',
  '*.webhookSecret',
  '*.alertWebhookSecret',
  '*.signature',
];

/**
 * nestjs-pino: JSON lines in production (NODE_ENV=production), pretty lines otherwise; every line
 * of a request carries its id (the X-Request-Id the request-id middleware settled on).
 */
export function loggerParams(config: AppConfig): Params {
  const production = config.nodeEnv === 'production';
  return {
    pinoHttp: [
      {
        level: config.logLevel,
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
        genReqId: (request: IncomingMessage) => (request as RequestWithId).id ?? 'unknown',
        customAttributeKeys: { reqId: 'requestId' },
        // Method, route and status are what operators search by; headers and bodies are left out.
        serializers: {
          req: (request: { id?: unknown; method?: string; url?: string }) => ({
            id: request.id,
            method: request.method,
            url: request.url,
          }),
          res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
        },
        customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
          error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
      },
      // Pretty printing in this thread, not a worker transport: nothing is lost at process exit.
      production
        ? destination({ dest: 1, sync: true })
        : pinoPretty({ colorize: process.stdout.isTTY, sync: true, singleLine: true }),
    ],
  };
}

import { registerAs } from '@nestjs/config';
import { isValidTimeZone, tryDayFromIso } from '../../domain/calendar/calendar-day';

/**
 * Every setting the app reads, parsed and checked once at start. A bad value stops start-up with
 * a message naming the variable: the server never runs half-configured.
 */
export interface AppConfig {
  port: number;
  eventStore: 'sqlite' | 'esdb';
  sqlitePath: string;
  sqliteSynchronous: 'full' | 'normal';
  esdbConnectionString?: string;
  readModelPath: string;
  apiKeys?: ApiKeySpec[];
  readsRequireKey: boolean;
  reportingTimezone: string;
  inquiryResponseDays: number;
  alertWebhookUrls: string[];
  alertWebhookSecret?: string;
  /** Attempts per delivery before it goes to the dead-letter list. */
  alertWebhookMaxAttempts: number;
  /** Back-off before the second attempt; it doubles per attempt up to the cap, with full jitter. */
  alertWebhookBaseDelayMs: number;
  alertWebhookMaxDelayMs: number;
  /** How long one POST may take before it counts as failed. */
  alertWebhookTimeoutMs: number;
  /** The server's address as receivers reach it: links in webhook bodies start with it. */
  publicUrl: string;
  /** A fixed "today" (YYYY-MM-DD) for demos and tests. */
  now?: string;
  nodeEnv: string;
  logLevel: string;
  /** Requests a minute per API key (anonymous callers: per IP); 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Largest JSON body accepted, in kilobytes. */
  bodyLimitKb: number;
  /** Origins allowed cross-origin requests; empty: CORS stays off. */
  corsOrigins: string[];
  /** /health/ready answers 503 when a read model is more events than this behind the store. */
  readyMaxLagEvents: number;
  /** How long SIGTERM waits for in-flight requests and the read models before closing anyway. */
  shutdownTimeoutSeconds: number;
  /** Threads `replay` folds the SQLite store in; 0: one per core. */
  rebuildThreads: number;
}

export const ROLES = ['viewer', 'recorder', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export interface ApiKeySpec {
  role: Role;
  name: string;
  secret: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const read = <T>(name: string, fallback: T, parse: (raw: string) => T | string): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = parse(raw.trim());
    if (typeof value === 'string' && value.startsWith('!')) {
      problems.push(`${name}=${JSON.stringify(raw)}: ${value.slice(1)}`);
      return fallback;
    }
    return value as T;
  };
  const oneOf =
    <T extends string>(...allowed: T[]) =>
    (raw: string): T | string =>
      (allowed as string[]).includes(raw.toLowerCase())
        ? (raw.toLowerCase() as T)
        : `!must be one of ${allowed.join(', ')}`;
  const integer = (min: number, max: number) => (raw: string) =>
    /^\d+$/.test(raw) && +raw >= min && +raw <= max ? Number(raw) : `!must be a whole number from ${min} to ${max}`;

  const config: AppConfig = {
    port: read('PORT', 3000, integer(0, 65535)),
    eventStore: read('EVENT_STORE', 'sqlite' as const, oneOf('sqlite', 'esdb')),
    sqlitePath: read('SQLITE_PATH', './data/events.db', (raw) => raw),
    sqliteSynchronous: read('SQLITE_SYNCHRONOUS', 'full' as const, oneOf('full', 'normal')),
    esdbConnectionString: read('ESDB_CONNECTION_STRING', undefined as string | undefined, (raw) =>
      /^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kurrent):\/\//.test(raw)
        ? raw
        : '!must start with esdb:// or esdb+discover://',
    ),
    readModelPath: read('READ_MODEL_PATH', './data/read-models.db', (raw) => raw),
    apiKeys: read('API_KEYS', undefined as ApiKeySpec[] | undefined, parseApiKeys),
    readsRequireKey: read('READS_REQUIRE_KEY', false, (raw) =>
      ['true', '1', 'yes'].includes(raw.toLowerCase())
        ? true
        : ['false', '0', 'no'].includes(raw.toLowerCase())
          ? false
          : '!must be true or false',
    ),
    reportingTimezone: read('REPORTING_TIMEZONE', 'UTC', (raw) =>
      isValidTimeZone(raw) ? raw : '!not an IANA time zone',
    ),
    inquiryResponseDays: read('INQUIRY_RESPONSE_DAYS', 10, integer(1, 3650)),
    alertWebhookUrls: read('ALERT_WEBHOOK_URLS', [] as string[], parseUrls),
    alertWebhookSecret: read('ALERT_WEBHOOK_SECRET', undefined as string | undefined, (raw) => raw),
    alertWebhookMaxAttempts: read('ALERT_WEBHOOK_MAX_ATTEMPTS', 8, integer(1, 100)),
    alertWebhookBaseDelayMs: read('ALERT_WEBHOOK_BASE_DELAY_MS', 30_000, integer(1, 86_400_000)),
    alertWebhookMaxDelayMs: read('ALERT_WEBHOOK_MAX_DELAY_MS', 3_600_000, integer(1, 604_800_000)),
    alertWebhookTimeoutMs: read('ALERT_WEBHOOK_TIMEOUT_MS', 10_000, integer(100, 300_000)),
    publicUrl: '',
    now: read('NOW', undefined as string | undefined, (raw) =>
      /^\d{4}-\d{2}-\d{2}$/.test(raw) && tryDayFromIso(raw) !== undefined ? raw : '!must be a calendar date YYYY-MM-DD',
    ),
    nodeEnv: env.NODE_ENV ?? 'development',
    logLevel: read('LOG_LEVEL', 'info', oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent')),
    // Generous by default: a guard against a runaway client, not a quota; tests and benchmarks stay under it.
    rateLimitPerMinute: read('RATE_LIMIT_PER_MINUTE', 600_000, integer(0, 100_000_000)),
    bodyLimitKb: read('BODY_LIMIT_KB', 1024, integer(1, 102_400)),
    corsOrigins: read('CORS_ORIGINS', [] as string[], parseOrigins),
    readyMaxLagEvents: read('READY_MAX_LAG_EVENTS', 1000, integer(0, 100_000_000)),
    shutdownTimeoutSeconds: read('SHUTDOWN_TIMEOUT_SECONDS', 25, integer(1, 3600)),
    // 0: one per core. 1 folds in one thread, leaving the other cores to a server that shares the machine.
    rebuildThreads: read('REBUILD_THREADS', 0, integer(0, 64)),
  };
  config.publicUrl = read('PUBLIC_URL', `http://localhost:${config.port}`, parsePublicUrl);
  if (config.alertWebhookMaxDelayMs < config.alertWebhookBaseDelayMs) {
    problems.push('ALERT_WEBHOOK_MAX_DELAY_MS: must not be below ALERT_WEBHOOK_BASE_DELAY_MS');
  }
  if (config.eventStore === 'esdb' && !config.esdbConnectionString) {
    problems.push('ESDB_CONNECTION_STRING: required when EVENT_STORE=esdb');
  }
  if (config.alertWebhookUrls.length > 0 && !config.alertWebhookSecret) {
    problems.push('ALERT_WEBHOOK_SECRET: required when ALERT_WEBHOOK_URLS is set');
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}

function parseApiKeys(raw: string): ApiKeySpec[] | string {
  const keys: ApiKeySpec[] = [];
  for (const [i, triple] of raw.split(',').entries()) {
    const [role, name, ...secretParts] = triple.trim().split(':');
    const secret = secretParts.join(':');
    if (!(ROLES as readonly string[]).includes(role)) return `!key ${i + 1}: role must be one of ${ROLES.join(', ')}`;
    if (!name || !/^[\w.@-]{1,64}$/.test(name)) return `!key ${i + 1}: name must be 1-64 letters, digits, . _ @ -`;
    if (secret.length < 16) return `!key ${i + 1} (${name}): secret must be at least 16 characters`;
    if (keys.some((k) => k.secret === secret)) return `!key ${i + 1} (${name}): secret used twice`;
    keys.push({ role: role as Role, name, secret });
  }
  return keys;
}

function parseUrls(raw: string): string[] | string {
  const urls = raw
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  for (const url of urls) {
    try {
      const { protocol } = new URL(url);
      if (protocol !== 'http:' && protocol !== 'https:') return `!${url} is not http(s)`;
    } catch {
      return `!${url} is not a URL`;
    }
  }
  return urls;
}

/** An http(s) base address without a trailing slash, so links are `${publicUrl}/opinions/…`. */
function parsePublicUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return '!must be an http(s) URL';
    if (url.search || url.hash) return '!must not have a query or fragment';
    return url.href.replace(/\/+$/, '');
  } catch {
    return '!not a URL';
  }
}

function parseOrigins(raw: string): string[] | string {
  const origins = raw
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    try {
      const url = new URL(origin);
      if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin) {
        return `!${origin} is not an origin like https://example.org (scheme, host, optional port; no path)`;
      }
    } catch {
      return `!${origin} is not an origin like https://example.org`;
    }
  }
  return origins;
}

/** The settings as a @nestjs/config namespace: inject with `@Inject(appConfig.KEY)`. */
export const appConfig = registerAs('app', (): AppConfig => loadConfig(process.env));

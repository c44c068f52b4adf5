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
  /** Requests a minute per API key name, over all routes; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Requests a minute per address for callers without a valid key, over all routes; 0 turns it off. */
  anonymousRateLimitPerMinute: number;
  /** Answers of the read side kept serialised, in megabytes (least recently used out first). */
  answerCacheMb: number;
  /** Answers for an `asOf` day computed a minute for one address without a key; 0: no limit. */
  anonymousAsOfPerMinute: number;
  /** Live event streams (GET /events) held open at once, in all and from one address. */
  liveStreamsMax: number;
  liveStreamsPerAddress: number;
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

/** Ten a second from one address: a person with the dashboard open, not a script sweeping days. */
export const ANONYMOUS_DEFAULT_PER_MINUTE = 600;

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

/** Variables whose values hold secrets (keys, credentials in a URL, webhook tokens): never echoed. */
const SECRET_BEARING = new Set(['API_KEYS', 'ALERT_WEBHOOK_SECRET', 'ALERT_WEBHOOK_URLS', 'ESDB_CONNECTION_STRING']);

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const read = <T>(name: string, fallback: T, parse: (raw: string) => T | string): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = parse(raw.trim());
    if (typeof value === 'string' && value.startsWith('!')) {
      // A variable that holds secrets is named, never shown: the message goes to logs and terminals.
      problems.push(
        SECRET_BEARING.has(name) ? `${name}: ${value.slice(1)}` : `${name}=${JSON.stringify(raw)}: ${value.slice(1)}`,
      );
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
    alertWebhookSecret: read('ALERT_WEBHOOK_SECRET', undefined as string | undefined, (raw) => {
      const weak = raw.length < 16 ? 'at least 16 characters' : weakness(raw);
      return weak ? `!too easy to guess (${weak})` : raw;
    }),
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
    anonymousRateLimitPerMinute: 0,
    answerCacheMb: read('ANSWER_CACHE_MB', 64, integer(1, 65_536)),
    anonymousAsOfPerMinute: read('ANONYMOUS_AS_OF_PER_MINUTE', 30, integer(0, 100_000_000)),
    liveStreamsMax: read('LIVE_STREAMS_MAX', 500, integer(1, 100_000)),
    liveStreamsPerAddress: read('LIVE_STREAMS_PER_ADDRESS', 8, integer(1, 100_000)),
    bodyLimitKb: read('BODY_LIMIT_KB', 1024, integer(1, 102_400)),
    corsOrigins: read('CORS_ORIGINS', [] as string[], parseOrigins),
    readyMaxLagEvents: read('READY_MAX_LAG_EVENTS', 1000, integer(0, 100_000_000)),
    shutdownTimeoutSeconds: read('SHUTDOWN_TIMEOUT_SECONDS', 25, integer(1, 3600)),
    // 0: one per core. 1 folds in one thread, leaving the other cores to a server that shares the machine.
    rebuildThreads: read('REBUILD_THREADS', 0, integer(0, 64)),
  };
  // Anonymous callers get a real limit by default: anyone can be anonymous, from any number of connections.
  config.anonymousRateLimitPerMinute = read(
    'ANONYMOUS_RATE_LIMIT_PER_MINUTE',
    config.rateLimitPerMinute === 0 ? 0 : Math.min(config.rateLimitPerMinute, ANONYMOUS_DEFAULT_PER_MINUTE),
    integer(0, 100_000_000),
  );
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
    const weak = weakness(secret);
    if (weak) return `!key ${i + 1} (${name}): secret too easy to guess (${weak})`;
    if (keys.some((k) => k.secret === secret)) return `!key ${i + 1} (${name}): secret used twice`;
    if (keys.some((k) => k.name === name)) return `!key ${i + 1} (${name}): name used twice (one name, one key)`;
    keys.push({ role: role as Role, name, secret });
  }
  return keys;
}

/** Fewer different characters, or less spread among them, than a secret anyone would have to guess. */
const MIN_DISTINCT = 8;
const MIN_ESTIMATED_BITS = 50;

/**
 * Why a secret is weak, or undefined: too few different characters, or too little Shannon entropy over its
 * characters (length × bits per character). `aaaaaaaaaaaaaaaa` and `abcdabcdabcdabcd` are refused; 16 random
 * base64url characters (about 60 bits by this estimate, 96 in truth) pass.
 */
export function weakness(secret: string): string | undefined {
  const counts = new Map<string, number>();
  for (const ch of secret) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  if (counts.size < MIN_DISTINCT) return `only ${counts.size} different characters; use at least ${MIN_DISTINCT}`;
  const length = [...secret].length;
  let bits = 0;
  for (const count of counts.values()) bits -= count * Math.log2(count / length);
  if (bits < MIN_ESTIMATED_BITS) return `about ${Math.floor(bits)} bits; use a random secret of 22 or more characters`;
  return undefined;
}

function parseUrls(raw: string): string[] | string {
  const urls = raw
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  // Named by their place in the list: a webhook URL often carries a token in its path or query.
  for (const [i, url] of urls.entries()) {
    try {
      const { protocol } = new URL(url);
      if (protocol !== 'http:' && protocol !== 'https:') return `!URL ${i + 1} is not http(s)`;
    } catch {
      return `!URL ${i + 1} is not a URL`;
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

/**
 * The settings as operators may see them in a log line: key names and roles without secrets, the
 * webhook secret left out, credentials cut from the EventStoreDB connection string, and webhook URLs
 * reduced to their origin (a hook's token often sits in its path or query).
 */
export function configForLog(config: AppConfig): Record<string, unknown> {
  const { apiKeys, alertWebhookSecret, esdbConnectionString, alertWebhookUrls, ...rest } = config;
  return {
    ...rest,
    apiKeys: apiKeys?.map(({ role, name }) => ({ role, name })),
    alertWebhookSecret: alertWebhookSecret === undefined ? undefined : '[redacted]',
    esdbConnectionString: esdbConnectionString?.replace(/^([a-z+]+:\/\/)[^@/]*@/i, '$1[redacted]@'),
    alertWebhookUrls: alertWebhookUrls.map((url) => {
      const { origin, pathname, search } = new URL(url);
      return pathname === '/' && !search ? origin : `${origin}/[redacted]`;
    }),
  };
}

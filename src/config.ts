import { z } from 'zod';
import { CACHE_KINDS, type CacheKind, type CacheTtls, DEFAULT_CACHE_TTLS } from './cache/kinds.js';

/**
 * Gateway configuration. `loadConfig` is the only reader of `process.env`; every variable is
 * validated at start, and a bad value stops the server with a message that names the variable.
 */
export interface AppConfig {
  /**
   * `PORT`: TCP port the gateway listens on.
   * @default 4000
   */
  port: number;
  /**
   * `HOST`: interface the gateway binds to.
   * @default '0.0.0.0'
   */
  host: string;
  /**
   * `SWR_ENDPOINT`: base URL of the SWR API, e.g. `https://swr-api.cn-north-4.myhuaweicloud.com`.
   * When unset, `npm start` runs the embedded SWR emulator on a free loopback port.
   */
  swrEndpoint: string | undefined;
  /**
   * `SWR_TIMEOUT_MS`: timeout of one upstream call, in milliseconds.
   * @default 5000
   */
  swrTimeoutMs: number;
  /**
   * `CURSOR_SECRET`: key that signs connection cursors so that a tampered cursor is refused.
   * Set the same value on every replica. The built-in default still detects accidental damage.
   * @default a fixed built-in key
   */
  cursorSecret: string;
  /**
   * `LOG_LEVEL`: pino level (`fatal`, `error`, `warn`, `info`, `debug`, `trace`, `silent`).
   * @default 'info'
   */
  logLevel: LogLevel;
  /**
   * `SWR_MAX_CONCURRENCY`: most SWR calls in flight at once for one GraphQL request.
   * @default 16
   */
  swrMaxConcurrency: number;
  /**
   * `SWR_MAX_SOCKETS`: most connections open to SWR at once, for the whole process. They are kept
   * alive and reused; a call that finds them all busy waits for one, within its time limit.
   * @default 256
   */
  swrMaxSockets: number;
  /**
   * `SWR_RETRIES`: most retries of one idempotent GET (network errors, 5xx, 429, 409 "system busy").
   * @default 2
   */
  swrRetries: number;
  /**
   * `SWR_COALESCE`: identical SWR GETs of the same caller in flight at once, across GraphQL
   * requests, are sent once and every request gets the result. `false` turns it off (identical GETs
   * are then shared only within one request).
   * @default true
   */
  swrCoalesce: boolean;
  /**
   * `SWR_RETRY_BUDGET`: most retries one GraphQL request may spend in total, so a failing SWR is
   * not hammered.
   * @default 10
   */
  swrRetryBudget: number;
  /**
   * `SWR_BREAKER_THRESHOLD`: consecutive failed SWR calls that open the circuit breaker.
   * @default 5
   */
  swrBreakerThreshold: number;
  /**
   * `SWR_BREAKER_COOLDOWN_MS`: how long the breaker stays open before a half-open probe.
   * @default 10000
   */
  swrBreakerCooldownMs: number;
  /**
   * `SWR_BREAKER_MIN_CALLERS`: distinct callers (tokens) whose calls must be among the failures
   * before the breaker opens, so that one caller's failures never cut the others off.
   * @default 3
   */
  swrBreakerMinCallers: number;
  /**
   * `RATE_LIMIT_COOLDOWN_MS`: after SWR throttled a caller (429, 403 `SVCSTG.SWR.4031032`/`4031042`)
   * and the gateway gave up, how long that caller's further calls fail fast with `RATE_LIMITED`
   * and no SWR call; also the `retryAfterMs` the caller is told. A longer `Retry-After` from SWR
   * wins, up to 60 s.
   * @default 2000
   */
  rateLimitCooldownMs: number;
  /**
   * `REQUEST_TIMEOUT_MS`: deadline of a whole GraphQL request; SWR calls still running then are
   * aborted.
   * @default 15000
   */
  requestTimeoutMs: number;
  /**
   * `MAX_DEPTH`: deepest selection nesting accepted.
   * @default 12
   */
  maxDepth: number;
  /**
   * `MAX_ALIASES`: most aliases in one operation.
   * @default 30
   */
  maxAliases: number;
  /**
   * `MAX_TOKENS`: most lexical tokens in one document.
   * @default 3000
   */
  maxTokens: number;
  /**
   * `MAX_DIRECTIVES`: most directives in one operation.
   * @default 50
   */
  maxDirectives: number;
  /**
   * `MAX_COST`: highest query cost accepted; `first`/`last` multiply the cost of their subtree.
   * The default admits the shared-images page operation at 100 items.
   * @default 10000
   */
  maxCost: number;
  /**
   * `MAX_ENTITIES`: most distinct entities one request may load by key through `node(id:)`,
   * `nodes(ids:)` and `_entities(representations:)`, each of which can cost an SWR call. The
   * default is the largest page, so a router's `_entities` call for one page fits.
   * @default 100
   */
  maxEntities: number;
  /**
   * `MAX_BODY_BYTES`: largest request body accepted.
   * @default 102400
   */
  maxBodyBytes: number;
  /**
   * `CORS_ORIGINS`: comma-separated origins allowed to call from a browser (e.g.
   * `https://console.example.com`). Unset: no cross-origin access.
   * @default []
   */
  corsOrigins: string[];
  /**
   * `GRAPHQL_INTROSPECTION`: `false` turns schema introspection (and field suggestions) off.
   * @default true
   */
  introspection: boolean;
  /**
   * `ROUTER_SECRET`: while introspection is off, `_service { sdl }` answers only a caller that
   * sends this value in the `X-Router-Secret` header (the federation router, the composition
   * tool). Unset: `_service` is refused to everyone while introspection is off.
   */
  routerSecret: string | undefined;
  /**
   * `PERSISTED_OPERATIONS`: `off` (default), `allow` (persisted ids accepted besides documents) or
   * `only` (ad-hoc documents are refused).
   * @default 'off'
   */
  persistedOperations: 'off' | 'allow' | 'only';
  /**
   * `OTEL_EXPORTER_OTLP_ENDPOINT`: OTLP/HTTP endpoint for traces. Unset: tracing is off.
   */
  otlpEndpoint: string | undefined;
  /**
   * `SHUTDOWN_TIMEOUT_MS`: on SIGTERM, how long requests in flight may take to finish.
   * @default 10000
   */
  shutdownTimeoutMs: number;
  /**
   * `HTTP_HEADERS_TIMEOUT_MS`: most time a client may take to send a request's headers; then it
   * gets 408 and the connection is closed (node:http `headersTimeout`).
   * @default 10000
   */
  httpHeadersTimeoutMs: number;
  /**
   * `HTTP_RECEIVE_TIMEOUT_MS`: most time a client may take to send a whole request, headers and
   * body; then it gets 408 and the connection is closed (node:http `requestTimeout`). At least
   * `HTTP_HEADERS_TIMEOUT_MS`.
   * @default 30000
   */
  httpReceiveTimeoutMs: number;
  /**
   * `HTTP_KEEP_ALIVE_TIMEOUT_MS`: how long an idle keep-alive connection stays open
   * (node:http `keepAliveTimeout`).
   * @default 5000
   */
  httpKeepAliveTimeoutMs: number;
  /**
   * `HTTP_MAX_CONNECTIONS`: most client connections open at once; further ones are closed on
   * arrival (node:http `maxConnections`).
   * @default 1000
   */
  httpMaxConnections: number;
  /** The per-caller cache of SWR GET results (`CACHE` and the variables below). */
  cache: CacheConfig;
}

/** The per-caller cache of SWR GET results. Off unless `CACHE` says otherwise. */
export interface CacheConfig {
  /**
   * `CACHE`: `off`, `memory` (a bounded LRU in each process) or `redis` (shared by every replica).
   * @default 'off'
   */
  store: 'off' | 'memory' | 'redis';
  /**
   * `REDIS_URL`: `redis://[[user]:password@]host[:port][/db]`, or `rediss://` for TLS. Required
   * with `CACHE=redis`.
   */
  redisUrl: string | undefined;
  /**
   * `CACHE_SECRET`: key of the HMAC-SHA256 that stands for a caller's token in cache keys; at
   * least 32 characters, the same on every replica. Required with `CACHE=redis`. With
   * `CACHE=memory` and no secret, each process draws a random one (its entries are its own).
   */
  secret: string | undefined;
  /**
   * `CACHE_PREFIX`: prefix of every key, so several deployments can share one Redis.
   * @default 'swr-bff:'
   */
  prefix: string;
  /**
   * `CACHE_MEMORY_MB`: size limit of the `memory` store, in MiB; least recently used entries go.
   * @default 64
   */
  memoryMb: number;
  /**
   * `CACHE_REDIS_TIMEOUT_MS`: how long one Redis operation may take; after that it counts as a
   * miss and the request goes to SWR.
   * @default 50
   */
  redisTimeoutMs: number;
  /**
   * `CACHE_TTL_LIST_S`, `CACHE_TTL_REPOSITORY_S`, `CACHE_TTL_TAGS_S`, `CACHE_TTL_SHARES_S`,
   * `CACHE_TTL_NAMESPACES_S`: seconds an entry of each kind is served; `0` never caches that kind.
   * @default { list: 30, repository: 60, tags: 60, shares: 30, namespaces: 300 }
   */
  ttlSeconds: CacheTtls;
}

/** The client-facing HTTP limits `listen` applies. */
export type HttpServerLimits = Pick<
  AppConfig,
  'httpHeadersTimeoutMs' | 'httpReceiveTimeoutMs' | 'httpKeepAliveTimeoutMs' | 'httpMaxConnections'
>;

/** Defaults of {@link HttpServerLimits} (see `AppConfig`). */
export const DEFAULT_HTTP_SERVER_LIMITS: HttpServerLimits = {
  httpHeadersTimeoutMs: 10_000,
  httpReceiveTimeoutMs: 30_000,
  httpKeepAliveTimeoutMs: 5_000,
  httpMaxConnections: 1000,
};

/** Configuration of the stand-alone emulator (`npm run emulator`). */
export interface EmulatorConfig {
  /**
   * `EMULATOR_PORT`: TCP port of the stand-alone emulator.
   * @default 4010
   */
  port: number;
  /**
   * `EMULATOR_HOST`: interface the stand-alone emulator binds to.
   * @default '127.0.0.1'
   */
  host: string;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Raised when the environment holds a bad value; the message names every offending variable. */
export class ConfigError extends Error {
  override name = 'ConfigError' as const;
}

const DEFAULT_CURSOR_SECRET = 'swr-bff-default-cursor-key';

/**
 * True when cursors are signed with the key printed in this file (`CURSOR_SECRET` unset): anyone
 * can then forge a cursor, and only replicas that all use it accept each other's cursors.
 */
export function usesBuiltInCursorSecret(config: Pick<AppConfig, 'cursorSecret'>): boolean {
  return config.cursorSecret === DEFAULT_CURSOR_SECRET;
}

const port = (fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number between 0 and 65535')
    .transform(Number)
    .pipe(z.number().int().min(0).max(65535, 'must be a whole number between 0 and 65535'))
    .default(fallback);

const positiveInt = (fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a positive whole number')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be a positive whole number'))
    .default(fallback);

const wholeNumber = (fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number (0 or more)')
    .transform(Number)
    .default(fallback);

/** A URL whose scheme is one of `protocols`, with a host; `message` says what is expected. */
const urlWith = (protocols: readonly string[], message: string) =>
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value);
        return protocols.includes(url.protocol) && url.hostname !== '';
      } catch {
        return false;
      }
    }, message);

const httpUrl = urlWith(
  ['http:', 'https:'],
  'must be an http(s) URL such as https://swr-api.cn-north-4.myhuaweicloud.com',
).transform((value) => value.replace(/\/+$/, ''));

/** A browser origin for `CORS_ORIGINS`: http(s), with its example a console, not SWR. */
const originUrl = urlWith(
  ['http:', 'https:'],
  'must list http(s) origins such as https://console.example.com',
).transform((value) => value.replace(/\/+$/, ''));

const redisUrl = urlWith(
  ['redis:', 'rediss:'],
  'must be a redis:// or rediss:// URL such as redis://:password@redis.internal:6379',
);

type TtlVariable = `CACHE_TTL_${Uppercase<CacheKind>}_S`;
const ttlVariable = (kind: CacheKind) => `CACHE_TTL_${kind.toUpperCase()}_S` as TtlVariable;

const cacheTtlEnv = Object.fromEntries(
  CACHE_KINDS.map((kind) => [ttlVariable(kind), wholeNumber(DEFAULT_CACHE_TTLS[kind])]),
) as Record<TtlVariable, ReturnType<typeof wholeNumber>>;

const appEnv = z
  .object({
    PORT: port(4000),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    SWR_ENDPOINT: httpUrl.optional(),
    SWR_TIMEOUT_MS: positiveInt(5000),
    CURSOR_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    SWR_MAX_CONCURRENCY: positiveInt(16),
    SWR_MAX_SOCKETS: positiveInt(256),
    SWR_RETRIES: wholeNumber(2),
    SWR_COALESCE: z.enum(['true', 'false']).default('true'),
    SWR_RETRY_BUDGET: wholeNumber(10),
    SWR_BREAKER_THRESHOLD: positiveInt(5),
    SWR_BREAKER_COOLDOWN_MS: positiveInt(10_000),
    SWR_BREAKER_MIN_CALLERS: positiveInt(3),
    RATE_LIMIT_COOLDOWN_MS: positiveInt(2000),
    REQUEST_TIMEOUT_MS: positiveInt(15_000),
    MAX_DEPTH: positiveInt(12),
    MAX_ALIASES: positiveInt(30),
    MAX_TOKENS: positiveInt(3000),
    MAX_DIRECTIVES: positiveInt(50),
    MAX_COST: positiveInt(10_000),
    MAX_ENTITIES: positiveInt(100),
    MAX_BODY_BYTES: positiveInt(102_400),
    CORS_ORIGINS: z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((origin) => origin.trim())
          .filter((origin) => origin.length > 0),
      )
      .pipe(z.array(originUrl))
      .default([]),
    GRAPHQL_INTROSPECTION: z.enum(['true', 'false']).default('true'),
    ROUTER_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    PERSISTED_OPERATIONS: z.enum(['off', 'allow', 'only']).default('off'),
    OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
    SHUTDOWN_TIMEOUT_MS: positiveInt(10_000),
    CACHE: z.enum(['off', 'memory', 'redis']).default('off'),
    REDIS_URL: redisUrl.optional(),
    CACHE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    CACHE_PREFIX: z
      .string()
      .regex(/^[\x21-\x7e]{1,64}$/, 'must be 1 to 64 printable characters without spaces')
      .default('swr-bff:'),
    CACHE_MEMORY_MB: positiveInt(64),
    CACHE_REDIS_TIMEOUT_MS: positiveInt(50),
    ...cacheTtlEnv,
    HTTP_HEADERS_TIMEOUT_MS: positiveInt(DEFAULT_HTTP_SERVER_LIMITS.httpHeadersTimeoutMs),
    HTTP_RECEIVE_TIMEOUT_MS: positiveInt(DEFAULT_HTTP_SERVER_LIMITS.httpReceiveTimeoutMs),
    HTTP_KEEP_ALIVE_TIMEOUT_MS: positiveInt(DEFAULT_HTTP_SERVER_LIMITS.httpKeepAliveTimeoutMs),
    HTTP_MAX_CONNECTIONS: positiveInt(DEFAULT_HTTP_SERVER_LIMITS.httpMaxConnections),
  })
  .refine((env) => env.HTTP_HEADERS_TIMEOUT_MS <= env.HTTP_RECEIVE_TIMEOUT_MS, {
    path: ['HTTP_HEADERS_TIMEOUT_MS'],
    message: 'must not be above HTTP_RECEIVE_TIMEOUT_MS',
  });
/**
 * Every environment variable `loadConfig` reads, by name. Any other variable is ignored, so a
 * deployment that sets one (a misspelt name, a setting that does not exist) has no effect.
 */
export const GATEWAY_ENV_VARIABLES: readonly string[] = Object.keys(appEnv.shape);

const gatewayEnv = appEnv.superRefine((env, context) => {
  if (env.CACHE !== 'redis') return;
  if (env.REDIS_URL === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['REDIS_URL'],
      message: 'is required with CACHE=redis',
    });
  }
  if (env.CACHE_SECRET === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['CACHE_SECRET'],
      message: 'is required with CACHE=redis (the same value on every replica)',
    });
  }
});

const emulatorEnv = z.object({
  EMULATOR_PORT: port(4010),
  EMULATOR_HOST: z.string().trim().min(1).default('127.0.0.1'),
});

type Env = Record<string, string | undefined>;

/** Empty strings count as unset, as they do in most deployment tools. */
function withoutEmpty(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
}

function parseEnv<T extends z.ZodType>(schema: T, env: Env): z.infer<T> {
  const result = schema.safeParse(withoutEmpty(env));
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.');
    const value = env[variable];
    const hidden = variable.includes('SECRET') || variable === 'REDIS_URL';
    const shown = value === undefined || hidden ? '' : ` (got "${value}")`;
    return `${variable}: ${issue.message}${shown}`;
  });
  throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
}

/** Reads and validates the gateway configuration from `env`. Throws `ConfigError`. */
export function loadConfig(env: Env = process.env): AppConfig {
  const parsed = parseEnv(gatewayEnv, env);
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    swrEndpoint: parsed.SWR_ENDPOINT,
    swrTimeoutMs: parsed.SWR_TIMEOUT_MS,
    cursorSecret: parsed.CURSOR_SECRET ?? DEFAULT_CURSOR_SECRET,
    logLevel: parsed.LOG_LEVEL,
    swrMaxConcurrency: parsed.SWR_MAX_CONCURRENCY,
    swrMaxSockets: parsed.SWR_MAX_SOCKETS,
    swrRetries: parsed.SWR_RETRIES,
    swrCoalesce: parsed.SWR_COALESCE === 'true',
    swrRetryBudget: parsed.SWR_RETRY_BUDGET,
    swrBreakerThreshold: parsed.SWR_BREAKER_THRESHOLD,
    swrBreakerCooldownMs: parsed.SWR_BREAKER_COOLDOWN_MS,
    swrBreakerMinCallers: parsed.SWR_BREAKER_MIN_CALLERS,
    rateLimitCooldownMs: parsed.RATE_LIMIT_COOLDOWN_MS,
    requestTimeoutMs: parsed.REQUEST_TIMEOUT_MS,
    maxDepth: parsed.MAX_DEPTH,
    maxAliases: parsed.MAX_ALIASES,
    maxTokens: parsed.MAX_TOKENS,
    maxDirectives: parsed.MAX_DIRECTIVES,
    maxCost: parsed.MAX_COST,
    maxEntities: parsed.MAX_ENTITIES,
    maxBodyBytes: parsed.MAX_BODY_BYTES,
    corsOrigins: parsed.CORS_ORIGINS,
    introspection: parsed.GRAPHQL_INTROSPECTION === 'true',
    routerSecret: parsed.ROUTER_SECRET,
    persistedOperations: parsed.PERSISTED_OPERATIONS,
    otlpEndpoint: parsed.OTEL_EXPORTER_OTLP_ENDPOINT,
    shutdownTimeoutMs: parsed.SHUTDOWN_TIMEOUT_MS,
    httpHeadersTimeoutMs: parsed.HTTP_HEADERS_TIMEOUT_MS,
    httpReceiveTimeoutMs: parsed.HTTP_RECEIVE_TIMEOUT_MS,
    httpKeepAliveTimeoutMs: parsed.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    httpMaxConnections: parsed.HTTP_MAX_CONNECTIONS,
    cache: {
      store: parsed.CACHE,
      redisUrl: parsed.REDIS_URL,
      secret: parsed.CACHE_SECRET,
      prefix: parsed.CACHE_PREFIX,
      memoryMb: parsed.CACHE_MEMORY_MB,
      redisTimeoutMs: parsed.CACHE_REDIS_TIMEOUT_MS,
      ttlSeconds: Object.fromEntries(
        CACHE_KINDS.map((kind) => [kind, parsed[ttlVariable(kind)]]),
      ) as Record<CacheKind, number>,
    },
  };
}

/** Reads and validates the stand-alone emulator configuration from `env`. Throws `ConfigError`. */
export function loadEmulatorConfig(env: Env = process.env): EmulatorConfig {
  const parsed = parseEnv(emulatorEnv, env);
  return { port: parsed.EMULATOR_PORT, host: parsed.EMULATOR_HOST };
}

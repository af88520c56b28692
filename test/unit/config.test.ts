import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadEmulatorConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      port: 4000,
      host: '0.0.0.0',
      swrEndpoint: undefined,
      swrTimeoutMs: 5000,
      logLevel: 'info',
    });
  });

  it('reads every variable and trims a trailing slash from the endpoint', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      SWR_ENDPOINT: 'https://swr-api.cn-north-4.myhuaweicloud.com/',
      SWR_TIMEOUT_MS: '2500',
      CURSOR_SECRET: 'a-long-enough-secret',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      swrEndpoint: 'https://swr-api.cn-north-4.myhuaweicloud.com',
      swrTimeoutMs: 2500,
      cursorSecret: 'a-long-enough-secret',
      logLevel: 'debug',
    });
  });

  it('reads MAX_DIRECTIVES, 50 by default', () => {
    expect(loadConfig({}).maxDirectives).toBe(50);
    expect(loadConfig({ MAX_DIRECTIVES: '7' }).maxDirectives).toBe(7);
    expect(() => loadConfig({ MAX_DIRECTIVES: '0' })).toThrow(/MAX_DIRECTIVES/);
  });

  it('shows a browser origin, not an SWR URL, as the example for a bad CORS_ORIGINS', () => {
    let message = '';
    try {
      loadConfig({ CORS_ORIGINS: 'console.example.com' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^ {2}CORS_ORIGINS\b/m);
    expect(message).toContain('https://console.example.com');
    expect(message).not.toMatch(/swr-api|myhuaweicloud/);
  });

  it('reads the hardening variables', () => {
    const config = loadConfig({
      SWR_MAX_CONCURRENCY: '4',
      SWR_MAX_SOCKETS: '64',
      SWR_RETRIES: '0',
      CORS_ORIGINS: 'https://a.example.com, https://b.example.com/',
      GRAPHQL_INTROSPECTION: 'false',
      PERSISTED_OPERATIONS: 'only',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
    });
    expect(config).toMatchObject({
      swrMaxConcurrency: 4,
      swrMaxSockets: 64,
      swrRetries: 0,
      corsOrigins: ['https://a.example.com', 'https://b.example.com'],
      introspection: false,
      persistedOperations: 'only',
      otlpEndpoint: 'http://127.0.0.1:4318',
    });
    expect(loadConfig({})).toMatchObject({
      corsOrigins: [],
      introspection: true,
      swrMaxConcurrency: 16,
      swrMaxSockets: 256,
    });
  });

  it('reads the HTTP server limits, with their documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      httpHeadersTimeoutMs: 10_000,
      httpReceiveTimeoutMs: 30_000,
      httpKeepAliveTimeoutMs: 5_000,
      httpMaxConnections: 1000,
    });
    expect(
      loadConfig({
        HTTP_HEADERS_TIMEOUT_MS: '2000',
        HTTP_RECEIVE_TIMEOUT_MS: '4000',
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000',
        HTTP_MAX_CONNECTIONS: '64',
      }),
    ).toMatchObject({
      httpHeadersTimeoutMs: 2000,
      httpReceiveTimeoutMs: 4000,
      httpKeepAliveTimeoutMs: 65_000,
      httpMaxConnections: 64,
    });
    const headersAboveReceive = () =>
      loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '5000', HTTP_RECEIVE_TIMEOUT_MS: '1000' });
    expect(headersAboveReceive).toThrow(ConfigError);
    expect(headersAboveReceive).toThrow(/HTTP_HEADERS_TIMEOUT_MS.*HTTP_RECEIVE_TIMEOUT_MS/);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', SWR_ENDPOINT: '' })).toMatchObject({
      port: 4000,
      swrEndpoint: undefined,
    });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['SWR_ENDPOINT', 'not a url'],
    ['SWR_ENDPOINT', 'ftp://swr.example.com'],
    ['SWR_TIMEOUT_MS', '0'],
    ['SWR_TIMEOUT_MS', '1.5'],
    ['LOG_LEVEL', 'loud'],
    ['CURSOR_SECRET', 'short'],
    ['SWR_MAX_CONCURRENCY', '0'],
    ['SWR_MAX_SOCKETS', '0'],
    ['CORS_ORIGINS', 'console.example.com'],
    ['GRAPHQL_INTROSPECTION', 'no'],
    ['PERSISTED_OPERATIONS', 'sometimes'],
    ['ROUTER_SECRET', 'short'],
    ['HTTP_HEADERS_TIMEOUT_MS', '0'],
    ['HTTP_RECEIVE_TIMEOUT_MS', 'slow'],
    ['HTTP_KEEP_ALIVE_TIMEOUT_MS', '-5'],
    ['HTTP_MAX_CONNECTIONS', '0'],
  ])('refuses %s=%s with a message that names the variable', (variable, value) => {
    const attempt = () => loadConfig({ [variable]: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(variable);
  });

  it('names every bad variable at once, and never prints a secret', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'y', CURSOR_SECRET: 'tiny' });
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('LOG_LEVEL');
      expect(message).toContain('CURSOR_SECRET');
      expect(message).not.toContain('tiny');
    }
  });
});

describe('loadConfig: the cache', () => {
  const secret = 'a-cache-secret-of-at-least-32-chars';

  it('is off by default, with the documented defaults', () => {
    expect(loadConfig({}).cache).toEqual({
      store: 'off',
      redisUrl: undefined,
      secret: undefined,
      prefix: 'swr-bff:',
      memoryMb: 64,
      redisTimeoutMs: 50,
      ttlSeconds: { list: 30, repository: 60, tags: 60, shares: 30, namespaces: 300 },
    });
  });

  it('reads every cache variable', () => {
    const config = loadConfig({
      CACHE: 'redis',
      REDIS_URL: 'rediss://gateway:p%40ss@redis.internal:6380/2',
      CACHE_SECRET: secret,
      CACHE_PREFIX: 'console-eu:',
      CACHE_MEMORY_MB: '128',
      CACHE_REDIS_TIMEOUT_MS: '30',
      CACHE_TTL_LIST_S: '10',
      CACHE_TTL_REPOSITORY_S: '20',
      CACHE_TTL_TAGS_S: '0',
      CACHE_TTL_SHARES_S: '40',
      CACHE_TTL_NAMESPACES_S: '50',
    });
    expect(config.cache).toEqual({
      store: 'redis',
      redisUrl: 'rediss://gateway:p%40ss@redis.internal:6380/2',
      secret,
      prefix: 'console-eu:',
      memoryMb: 128,
      redisTimeoutMs: 30,
      ttlSeconds: { list: 10, repository: 20, tags: 0, shares: 40, namespaces: 50 },
    });
  });

  it('accepts CACHE=memory without a secret', () => {
    expect(loadConfig({ CACHE: 'memory' }).cache).toMatchObject({
      store: 'memory',
      secret: undefined,
    });
  });

  it('refuses CACHE=redis without CACHE_SECRET or REDIS_URL, naming them', () => {
    expect(() => loadConfig({ CACHE: 'redis', REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(
      /CACHE_SECRET: is required with CACHE=redis/,
    );
    expect(() => loadConfig({ CACHE: 'redis', CACHE_SECRET: secret })).toThrow(
      /REDIS_URL: is required with CACHE=redis/,
    );
  });

  it.each([
    ['CACHE', 'disk'],
    ['REDIS_URL', 'http://redis.internal:6379'],
    ['REDIS_URL', 'redis.internal:6379'],
    ['CACHE_SECRET', 'too-short'],
    ['CACHE_PREFIX', 'has space:'],
    ['CACHE_MEMORY_MB', '0'],
    ['CACHE_REDIS_TIMEOUT_MS', '0'],
    ['CACHE_TTL_LIST_S', '-1'],
    ['CACHE_TTL_NAMESPACES_S', '1.5'],
  ])('refuses %s=%s with a message that names the variable', (variable, value) => {
    const attempt = () => loadConfig({ [variable]: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(variable);
  });

  it('never prints a REDIS_URL, which may hold a password', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://user:hunter2@redis' })).toThrow(ConfigError);
    expect(() => loadConfig({ REDIS_URL: 'http://user:hunter2@redis' })).not.toThrow(/hunter2/);
  });
});

describe('loadEmulatorConfig', () => {
  it('defaults to 127.0.0.1:4010 and validates the port', () => {
    expect(loadEmulatorConfig({})).toEqual({ port: 4010, host: '127.0.0.1' });
    expect(() => loadEmulatorConfig({ EMULATOR_PORT: 'abc' })).toThrow('EMULATOR_PORT');
  });
});

import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { CacheConfig } from '../config.js';
import type { CacheBackend } from './backend.js';
import { MemoryBackend } from './memory-backend.js';
import type { CacheObserver } from './observer.js';
import { ProblemLog } from './problem-log.js';
import { RedisBackend } from './redis-backend.js';
import { CacheStore } from './store.js';

export interface CacheStoreDependencies {
  logger?: Logger;
  observer?: CacheObserver;
  /**
   * Least time between two log lines about cache failures.
   * @default 30000
   */
  problemLogIntervalMs?: number;
}

const PROBLEM_LOG_INTERVAL_MS = 30_000;

/**
 * The store `settings` ask for, or `undefined` when the cache is off. Without `CACHE_SECRET`, the
 * memory store hashes tokens with a random key of its own: its entries live in this process only.
 * (`loadConfig` refuses `CACHE=redis` without a secret.)
 */
export function createCacheStore(
  settings: CacheConfig,
  deps: CacheStoreDependencies = {},
): CacheStore | undefined {
  if (settings.store === 'off') return undefined;
  const problems = new ProblemLog(
    deps.logger,
    deps.problemLogIntervalMs ?? PROBLEM_LOG_INTERVAL_MS,
  );
  let backend: CacheBackend;
  let secret = settings.secret;
  if (settings.store === 'redis') {
    if (settings.redisUrl === undefined || secret === undefined) {
      throw new Error('CACHE=redis needs REDIS_URL and CACHE_SECRET');
    }
    backend = new RedisBackend({
      url: settings.redisUrl,
      timeoutMs: settings.redisTimeoutMs,
      onConnectionError: (error) => {
        deps.observer?.cacheError('connect');
        problems.report('connect', error);
      },
    });
  } else {
    backend = new MemoryBackend(settings.memoryMb * 1024 * 1024);
    secret ??= randomBytes(32).toString('base64url');
  }
  return new CacheStore({
    backend,
    secret,
    prefix: settings.prefix,
    ttls: settings.ttlSeconds,
    problems,
    observer: deps.observer,
  });
}

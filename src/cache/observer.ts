import type { CacheKind } from './kinds.js';

/** The cache operations reported in metrics and logs (`connect`: the Redis connection). */
export type CacheOperation = 'get' | 'set' | 'invalidate' | 'connect';

/**
 * What a cache store reports; `GatewayMetrics` implements it. Every method is called
 * synchronously on the request path and must not throw.
 */
export interface CacheObserver {
  /** One lookup answered: a served entry (`hit`) or not (`miss`, including every failure). */
  cacheLookup(kind: CacheKind, outcome: 'hit' | 'miss'): void;
  /** One round trip to the backend: an MGET, or a pipeline of writes. */
  cacheRoundTrip(operation: Exclude<CacheOperation, 'connect'>): void;
  /**
   * A backend operation that failed or timed out (the request went on as if the cache were off),
   * or a failed attempt to connect to Redis.
   */
  cacheError(operation: CacheOperation): void;
}

export const IGNORE_CACHE_EVENTS: CacheObserver = {
  cacheLookup() {},
  cacheRoundTrip() {},
  cacheError() {},
};

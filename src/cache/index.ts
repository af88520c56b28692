export {
  type CacheStoreDependencies,
  createCacheStore,
} from './create-cache-store.js';
export type { CachedResponse } from './entry.js';
export { CACHE_KINDS, type CacheKind, type CacheTtls, DEFAULT_CACHE_TTLS } from './kinds.js';
export type { CacheObserver, CacheOperation } from './observer.js';
export type {
  CacheInvalidation,
  CacheLookup,
  CacheRead,
  CacheReadOptions,
  CacheStatus,
  CacheStore,
} from './store.js';

/**
 * The per-caller cache of SWR GET results (issue 14). How the SWR read path is meant to use it:
 *
 * ```ts
 * const cache = createCacheStore(config.cache, { logger, observer: observability.metrics });
 * // per request: const tokenHash = cache.hashToken(token);
 * const read = await cache.read(
 *   { tokenHash, kind: 'shares', identity: '/v2/manage/namespaces/ns/repos/r/access-domains',
 *     repository: 'ns/r' },
 *   { refresh: noCacheRequested },
 * );
 * if (read.value) return read.value;           // { body, headers }
 * const fresh = await swrGet();                  // only a successful GET is written
 * read.write({ body: fresh.body, headers: { 'content-range': fresh.contentRange } });
 * // after a 401 from SWR:          void cache.dropToken(tokenHash);
 * // after a sharing mutation:      await cache.invalidate(tokenHash,
 * //                                  { kinds: ['list'], repositories: ['ns/r'] });
 * // on shutdown:                   await cache.close();
 * ```
 */
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

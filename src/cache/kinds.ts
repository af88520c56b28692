/**
 * The kinds of SWR GET results the cache keeps, each with its own TTL and its own generation
 * (see `keys.ts`): `list` (`GET /v2/manage/shared-repositories`), `repository` (repository details),
 * `tags`, `shares` (a repository's share list) and `namespaces`.
 */
export const CACHE_KINDS = ['list', 'repository', 'tags', 'shares', 'namespaces'] as const;

export type CacheKind = (typeof CACHE_KINDS)[number];

/** Seconds an entry of each kind is served; 0 means that kind is never cached. */
export type CacheTtls = Readonly<Record<CacheKind, number>>;

/** The documented defaults of `CACHE_TTL_<KIND>_S`. */
export const DEFAULT_CACHE_TTLS: CacheTtls = {
  list: 30,
  repository: 60,
  tags: 60,
  shares: 30,
  namespaces: 300,
};

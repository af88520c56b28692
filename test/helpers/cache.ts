import type {
  CachedResponse,
  CacheLookup,
  CacheObserver,
  CacheStore,
} from '../../src/cache/index.js';
import type { CacheKind } from '../../src/cache/kinds.js';
import type { CacheOperation } from '../../src/cache/observer.js';
import type { CacheConfig } from '../../src/config.js';

export const TEST_CACHE_SECRET = 'a-test-cache-secret-of-32-chars!';

/** Cache settings for tests: every TTL 60 s unless overridden. */
export function cacheConfig(overrides: Partial<CacheConfig> = {}): CacheConfig {
  return {
    store: 'memory',
    redisUrl: undefined,
    secret: TEST_CACHE_SECRET,
    prefix: 'test:',
    memoryMb: 8,
    redisTimeoutMs: 50,
    ttlSeconds: { list: 60, repository: 60, tags: 60, shares: 60, namespaces: 60 },
    ...overrides,
  };
}

/** Counts what a store reports. */
export class RecordingObserver implements CacheObserver {
  readonly lookups: { kind: CacheKind; outcome: 'hit' | 'miss' }[] = [];
  readonly roundTrips: CacheOperation[] = [];
  readonly errors: CacheOperation[] = [];

  cacheLookup(kind: CacheKind, outcome: 'hit' | 'miss'): void {
    this.lookups.push({ kind, outcome });
  }

  cacheRoundTrip(operation: Exclude<CacheOperation, 'connect'>): void {
    this.roundTrips.push(operation);
  }

  cacheError(operation: CacheOperation): void {
    this.errors.push(operation);
  }

  count(list: 'roundTrips' | 'errors', operation: CacheOperation): number {
    return this[list].filter((entry) => entry === operation).length;
  }
}

export const listLookup = (tokenHash: string, offset = 0): CacheLookup => ({
  tokenHash,
  kind: 'list',
  identity: `/v2/manage/shared-repositories?center=self&limit=20&offset=${offset}`,
});

export const detailsLookup = (tokenHash: string, repository: string): CacheLookup => ({
  tokenHash,
  kind: 'repository',
  identity: `/v2/manage/namespaces/team/repos/${repository}`,
  repository: `team/${repository}`,
});

export const sharesLookup = (tokenHash: string, repository: string): CacheLookup => ({
  tokenHash,
  kind: 'shares',
  identity: `/v2/manage/namespaces/team/repos/${repository}/access-domains`,
  repository: `team/${repository}`,
});

export const response = (body: unknown, contentRange?: string): CachedResponse => ({
  body,
  headers: contentRange === undefined ? {} : { 'content-range': contentRange },
});

/** Reads `lookup` and, on a miss, writes `fresh` and waits for the write. Returns the value read. */
export async function readThrough(
  store: CacheStore,
  lookup: CacheLookup,
  fresh: CachedResponse,
): Promise<CachedResponse | undefined> {
  const read = await store.read(lookup);
  if (read.value === undefined) {
    read.write(fresh);
    await store.flush();
  }
  return read.value;
}

/** The cached value of `lookup`, or undefined. */
export async function cached(
  store: CacheStore,
  lookup: CacheLookup,
): Promise<CachedResponse | undefined> {
  return (await store.read(lookup)).value;
}

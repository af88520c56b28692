import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CacheStore, createCacheStore } from '../../src/cache/index.js';
import type { CacheConfig } from '../../src/config.js';
import {
  cacheConfig,
  cached,
  detailsLookup,
  listLookup,
  RecordingObserver,
  readThrough,
  response,
  sharesLookup,
} from '../helpers/cache.js';
import { startRedisServer, type TestRedisServer } from '../helpers/redis-server.js';

let redis: TestRedisServer;
let prefixCount = 0;

beforeAll(async () => {
  redis = await startRedisServer();
});

afterAll(async () => {
  await redis?.stop();
});

/** The same behaviour from both stores; each test gets a fresh key prefix. */
describe.each(['memory', 'redis'] as const)('the %s cache store', (backend) => {
  const stores: CacheStore[] = [];

  async function makeStore(overrides: Partial<CacheConfig> = {}) {
    const observer = new RecordingObserver();
    const settings = cacheConfig({
      store: backend,
      redisUrl: redis.url,
      redisTimeoutMs: 500,
      prefix: `contract-${++prefixCount}:`,
      ...overrides,
    });
    const store = createCacheStore(settings, { observer }) as CacheStore;
    stores.push(store);
    expect(await store.ready(5000)).toBe(true);
    return { store, observer };
  }

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  it('misses, then serves what was written, body and headers', async () => {
    const { store, observer } = await makeStore();
    const alice = store.hashToken('alice-token');
    const page = response([{ name: 'nginx', size: 2 ** 40 }], '0-0/1');
    expect(await readThrough(store, listLookup(alice), page)).toBeUndefined();
    expect(await cached(store, listLookup(alice))).toEqual(page);
    expect(await cached(store, listLookup(alice, 20))).toBeUndefined();
    expect(observer.lookups.map(({ outcome }) => outcome)).toEqual(['miss', 'hit', 'miss']);
  });

  it('stops serving an entry after the TTL of its kind', async () => {
    const { store } = await makeStore({
      ttlSeconds: { list: 1, repository: 60, tags: 60, shares: 60, namespaces: 60 },
    });
    const alice = store.hashToken('alice-token');
    await readThrough(store, listLookup(alice), response(['a']));
    await readThrough(store, detailsLookup(alice, 'nginx'), response({ name: 'nginx' }));
    expect(await cached(store, listLookup(alice))).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await cached(store, listLookup(alice))).toBeUndefined();
    expect(await cached(store, detailsLookup(alice, 'nginx'))).toEqual(response({ name: 'nginx' }));
  });

  it('never caches a kind whose TTL is 0', async () => {
    const { store, observer } = await makeStore({
      ttlSeconds: { list: 60, repository: 60, tags: 0, shares: 60, namespaces: 60 },
    });
    const alice = store.hashToken('alice-token');
    const tags = { tokenHash: alice, kind: 'tags' as const, identity: '/tags' };
    await readThrough(store, tags, response(['latest']));
    expect(await cached(store, tags)).toBeUndefined();
    expect(observer.roundTrips).toEqual([]);
  });

  it('keeps the entries of two tokens for the same request apart', async () => {
    const { store } = await makeStore();
    const alice = store.hashToken('alice-token');
    const bob = store.hashToken('bob-token');
    expect(alice).not.toBe(bob);
    await readThrough(store, listLookup(alice), response(['alice-repo']));
    expect(await cached(store, listLookup(bob))).toBeUndefined();
    await readThrough(store, listLookup(bob), response(['bob-repo']));
    expect(await cached(store, listLookup(alice))).toEqual(response(['alice-repo']));
    expect(await cached(store, listLookup(bob))).toEqual(response(['bob-repo']));
  });

  it('invalidates one repository and the lists of one caller, nothing else', async () => {
    const { store } = await makeStore();
    const alice = store.hashToken('alice-token');
    const bob = store.hashToken('bob-token');
    for (const token of [alice, bob]) {
      await readThrough(store, listLookup(token), response(['list']));
      for (const repository of ['nginx', 'redis']) {
        await readThrough(store, detailsLookup(token, repository), response({ repository }));
        await readThrough(store, sharesLookup(token, repository), response([]));
      }
    }
    expect(await store.invalidate(alice, { kinds: ['list'], repositories: ['team/nginx'] })).toBe(
      true,
    );
    expect(await cached(store, listLookup(alice))).toBeUndefined();
    expect(await cached(store, detailsLookup(alice, 'nginx'))).toBeUndefined();
    expect(await cached(store, sharesLookup(alice, 'nginx'))).toBeUndefined();
    expect(await cached(store, detailsLookup(alice, 'redis'))).toBeDefined();
    expect(await cached(store, sharesLookup(alice, 'redis'))).toBeDefined();
    expect(await cached(store, listLookup(bob))).toBeDefined();
    expect(await cached(store, detailsLookup(bob, 'nginx'))).toBeDefined();
    await readThrough(store, listLookup(alice), response(['fresh']));
    expect(await cached(store, listLookup(alice))).toEqual(response(['fresh']));
  });

  it('drops every entry of one token and keeps the others', async () => {
    const { store } = await makeStore();
    const alice = store.hashToken('alice-token');
    const bob = store.hashToken('bob-token');
    for (const token of [alice, bob]) {
      await readThrough(store, listLookup(token), response(['list']));
      await readThrough(store, detailsLookup(token, 'nginx'), response({}));
    }
    expect(await store.dropToken(alice)).toBe(true);
    expect(await cached(store, listLookup(alice))).toBeUndefined();
    expect(await cached(store, detailsLookup(alice, 'nginx'))).toBeUndefined();
    expect(await cached(store, listLookup(bob))).toBeDefined();
    expect(await cached(store, detailsLookup(bob, 'nginx'))).toBeDefined();
  });

  it('never serves a write that raced an invalidation', async () => {
    const { store } = await makeStore();
    const alice = store.hashToken('alice-token');
    const before = await store.read(sharesLookup(alice, 'nginx'));
    await store.invalidate(alice, { repositories: ['team/nginx'] });
    before.write(response(['read before the mutation']));
    await store.flush();
    expect(await cached(store, sharesLookup(alice, 'nginx'))).toBeUndefined();
  });

  it('skips the entry on refresh, and the refreshed write replaces it', async () => {
    const { store, observer } = await makeStore();
    const alice = store.hashToken('alice-token');
    await readThrough(store, listLookup(alice), response(['old']));
    const refresh = await store.read(listLookup(alice), { refresh: true });
    expect(refresh.value).toBeUndefined();
    refresh.write(response(['new']));
    await store.flush();
    expect(await cached(store, listLookup(alice))).toEqual(response(['new']));
    expect(observer.lookups.map(({ outcome }) => outcome)).toEqual(['miss', 'hit']);
  });

  it('hands out independent copies of an entry', async () => {
    const { store } = await makeStore();
    const alice = store.hashToken('alice-token');
    await readThrough(store, listLookup(alice), response([{ name: 'nginx' }]));
    const first = (await cached(store, listLookup(alice)))?.body as { name: string }[];
    first[0] = { name: 'changed by a caller' };
    expect(await cached(store, listLookup(alice))).toEqual(response([{ name: 'nginx' }]));
  });
});

import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type CachedResponse,
  type CacheLookup,
  type CacheStore,
  createCacheStore,
} from '../../src/cache/index.js';
import type { CacheConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
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

const ALICE = 'MIIalice-token-0123456789abcdefghijklmnopqrstuvwxyz';
const BOB = 'MIIbob-token-9876543210zyxwvutsrqponmlkjihgfedcba';
let prefixCount = 0;

/** Calls of one command since the last `CONFIG RESETSTAT`, from `INFO commandstats`. */
async function commandCalls(admin: Redis, command: string): Promise<number> {
  const stats = await admin.info('commandstats');
  const match = new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(stats);
  return match ? Number(match[1]) : 0;
}

async function within<T>(ms: number, operation: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await operation();
  expect(performance.now() - started).toBeLessThan(ms);
  return result;
}

/** Writes `fresh` until a read serves it (a 50 ms timeout may miss on a busy machine). */
async function eventuallyServes(store: CacheStore, lookup: CacheLookup, fresh: CachedResponse) {
  const deadline = Date.now() + 10_000;
  while ((await readThrough(store, lookup, fresh)) === undefined && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(await cached(store, lookup)).toEqual(fresh);
}

describe('the redis cache store', () => {
  let redis: TestRedisServer;
  let admin: Redis;
  const stores: CacheStore[] = [];

  async function makeStore(
    overrides: Partial<CacheConfig> = {},
    deps: Parameters<typeof createCacheStore>[1] = {},
  ) {
    const observer = new RecordingObserver();
    const settings = cacheConfig({
      store: 'redis',
      redisUrl: redis.url,
      redisTimeoutMs: 500,
      prefix: `redis-${++prefixCount}:`,
      ...overrides,
    });
    const store = createCacheStore(settings, { observer, ...deps }) as CacheStore;
    stores.push(store);
    expect(await store.ready(5000)).toBe(true);
    return { store, observer, prefix: settings.prefix };
  }

  beforeAll(async () => {
    redis = await startRedisServer();
    admin = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  });

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  afterAll(async () => {
    admin?.disconnect();
    await redis?.stop();
  });

  it('stores each entry with its TTL as PX, under prefix v1:tokenHash:kind:identity', async () => {
    const { store, prefix } = await makeStore({
      ttlSeconds: { list: 30, repository: 60, tags: 60, shares: 60, namespaces: 300 },
    });
    const alice = store.hashToken(ALICE);
    await readThrough(store, listLookup(alice), response(['nginx'], '0-0/1'));
    const key = `${prefix}v1:${alice}:list:${listLookup(alice).identity}`;
    expect(await admin.keys(`${prefix}*`)).toEqual([key]);
    const ttl = await admin.pttl(key);
    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
    expect(JSON.parse((await admin.get(key)) as string)).toMatchObject({
      v: 1,
      b: ['nginx'],
      h: { 'content-range': '0-0/1' },
    });
  });

  it('keeps two tokens apart, and no key or value in Redis holds a token', async () => {
    const { store, prefix } = await makeStore();
    const alice = store.hashToken(ALICE);
    const bob = store.hashToken(BOB);
    for (const [token, name] of [
      [alice, 'alice'],
      [bob, 'bob'],
    ] as const) {
      await readThrough(store, listLookup(token), response([`${name}-repo`]));
      await readThrough(store, sharesLookup(token, 'nginx'), response([name]));
    }
    await store.invalidate(alice, { kinds: ['list'] });
    await store.dropToken(bob);
    const keys = await admin.keys(`${prefix}*`);
    expect(keys).toHaveLength(6);
    const values = await admin.mget(...keys);
    for (const text of [...keys, ...values]) {
      expect(text).not.toContain(ALICE);
      expect(text).not.toContain(BOB);
      expect(text).not.toContain('alice-token');
    }
  });

  it('serves 200 concurrent lookups alternating two tokens each its own entries', async () => {
    const { store } = await makeStore();
    const callers = [
      { tokenHash: store.hashToken(ALICE), name: 'alice' },
      { tokenHash: store.hashToken(BOB), name: 'bob' },
    ];
    const round = () =>
      Promise.all(
        Array.from({ length: 200 }, async (_, index) => {
          const { tokenHash, name } = callers[index % 2] as (typeof callers)[number];
          const lookup = listLookup(tokenHash, (index % 10) * 20);
          const read = await store.read(lookup);
          if (read.value === undefined) read.write(response({ name, page: index % 10 }));
          return { name, page: index % 10, value: read.value };
        }),
      );
    await round();
    await store.flush();
    const answers = await round();
    for (const { name, page, value } of answers) {
      expect(value).toEqual(response({ name, page }));
    }
  });

  it('shares entries and invalidations between two replicas on one Redis', async () => {
    const { store: replicaA } = await makeStore({ prefix: 'replicas:' });
    const { store: replicaB, observer: observerB } = await makeStore({ prefix: 'replicas:' });
    const aliceA = replicaA.hashToken(ALICE);
    const aliceB = replicaB.hashToken(ALICE);
    expect(aliceB).toBe(aliceA);
    await readThrough(replicaA, listLookup(aliceA), response(['list']));
    await readThrough(replicaA, sharesLookup(aliceA, 'nginx'), response(['bob-domain']));
    await readThrough(replicaA, detailsLookup(aliceA, 'redis'), response({ name: 'redis' }));
    expect(await cached(replicaB, listLookup(aliceB))).toEqual(response(['list']));
    expect(await cached(replicaB, sharesLookup(aliceB, 'nginx'))).toEqual(response(['bob-domain']));
    expect(observerB.lookups.every(({ outcome }) => outcome === 'hit')).toBe(true);

    await replicaA.invalidate(aliceA, { kinds: ['list'], repositories: ['team/nginx'] });
    expect(await cached(replicaB, listLookup(aliceB))).toBeUndefined();
    expect(await cached(replicaB, sharesLookup(aliceB, 'nginx'))).toBeUndefined();
    expect(await cached(replicaB, detailsLookup(aliceB, 'redis'))).toBeDefined();

    await replicaB.dropToken(aliceB);
    expect(await cached(replicaA, detailsLookup(aliceA, 'redis'))).toBeUndefined();
  });

  it('does not share entries between deployments with different prefixes', async () => {
    const { store: blue } = await makeStore({ prefix: 'blue:' });
    const { store: green } = await makeStore({ prefix: 'green:' });
    await readThrough(blue, listLookup(blue.hashToken(ALICE)), response(['blue']));
    expect(await cached(green, listLookup(green.hashToken(ALICE)))).toBeUndefined();
  });

  it('reads the lookups of one tick in one MGET and writes them in one round trip', async () => {
    const { store, observer } = await makeStore();
    const tokens = [store.hashToken(ALICE), store.hashToken(BOB)];
    const lookups = Array.from({ length: 68 }, (_, index) => {
      const token = tokens[index % 2] as string;
      return index % 4 < 2 ? listLookup(token, index * 20) : detailsLookup(token, `repo-${index}`);
    });
    await admin.config('RESETSTAT');
    const misses = await Promise.all(lookups.map((lookup) => store.read(lookup)));
    expect(await commandCalls(admin, 'mget')).toBe(1);
    misses.forEach((read, index) => {
      read.write(response({ index }));
    });
    await store.flush();
    expect(await commandCalls(admin, 'set')).toBe(68);
    expect(observer.count('roundTrips', 'set')).toBe(1);

    await admin.config('RESETSTAT');
    const hits = await Promise.all(lookups.map((lookup) => store.read(lookup)));
    expect(await commandCalls(admin, 'mget')).toBe(1);
    expect(hits.map((read) => read.value)).toEqual(lookups.map((_, index) => response({ index })));
    expect(observer.count('roundTrips', 'get')).toBe(2);
  });

  it('reads a garbage value as a miss, and overwrites it', async () => {
    const { store, prefix, observer } = await makeStore();
    const alice = store.hashToken(ALICE);
    const key = `${prefix}v1:${alice}:list:${listLookup(alice).identity}`;
    const garbage = [
      'not json {',
      '"a string"',
      'null',
      JSON.stringify({ v: 2, g: '0.0.-', b: ['future'], h: {} }),
      JSON.stringify({ v: 1, g: '0.0.-', h: {} }),
      JSON.stringify({ v: 1, g: '0.0.-', b: [], h: { 'content-range': 5 } }),
      JSON.stringify({ v: 1, g: 7, b: [], h: {} }),
    ];
    for (const value of garbage) {
      await admin.set(key, value);
      expect(await cached(store, listLookup(alice))).toBeUndefined();
    }
    await readThrough(store, listLookup(alice), response(['good']));
    expect(await cached(store, listLookup(alice))).toEqual(response(['good']));
    await admin.set(`${prefix}v1:${alice}:gen`, '\u0000garbage');
    expect(await cached(store, listLookup(alice))).toBeUndefined();
    expect(observer.errors).toEqual([]);
  });

  it('authenticates as the ACL user in REDIS_URL', async () => {
    const secured = await startRedisServer({ user: { name: 'gateway', password: 'p@ss:word' } });
    try {
      const { store } = await makeStore({ redisUrl: secured.url });
      const alice = store.hashToken(ALICE);
      await readThrough(store, listLookup(alice), response(['as gateway']));
      expect(await cached(store, listLookup(alice))).toEqual(response(['as gateway']));
    } finally {
      await Promise.all(stores.splice(0).map((store) => store.close()));
      await secured.stop();
    }
  });

  it('authenticates with the password in REDIS_URL', async () => {
    const secured = await startRedisServer({ password: 's3cret/pass word' });
    try {
      const { store } = await makeStore({ redisUrl: secured.url });
      const alice = store.hashToken(ALICE);
      await readThrough(store, listLookup(alice), response(['behind auth']));
      expect(await cached(store, listLookup(alice))).toEqual(response(['behind auth']));

      const observer = new RecordingObserver();
      const wrong = createCacheStore(
        cacheConfig({ store: 'redis', redisUrl: `redis://:wrong@127.0.0.1:${secured.port}` }),
        { observer },
      ) as CacheStore;
      stores.push(wrong);
      expect(await wrong.ready(300)).toBe(false);
      expect(await cached(wrong, listLookup(alice))).toBeUndefined();
      expect(observer.count('errors', 'get')).toBe(1);
    } finally {
      await Promise.all(stores.splice(0).map((store) => store.close()));
      await secured.stop();
    }
  });
});

describe('the redis cache store when Redis fails', () => {
  let redis: TestRedisServer;

  beforeAll(async () => {
    redis = await startRedisServer();
  });

  afterAll(async () => {
    await redis?.stop();
  });

  async function makeStore(lines: string[] = []) {
    const observer = new RecordingObserver();
    const logger = createLogger('warn', { write: (line: string) => lines.push(line) });
    const store = createCacheStore(
      cacheConfig({
        store: 'redis',
        redisUrl: redis.url,
        redisTimeoutMs: 50,
        prefix: `faults-${++prefixCount}:`,
      }),
      { observer, logger, problemLogIntervalMs: 60_000 },
    ) as CacheStore;
    expect(await store.ready(5000)).toBe(true);
    return { store, observer };
  }

  it('answers misses while Redis is stopped, logs once, and recovers after a restart', async () => {
    const lines: string[] = [];
    const { store, observer } = await makeStore(lines);
    try {
      const alice = store.hashToken(ALICE);
      await eventuallyServes(store, listLookup(alice), response(['before']));

      const getErrorsBefore = observer.count('errors', 'get');
      await redis.stop();
      for (let attempt = 0; attempt < 10; attempt += 1) {
        const read = await within(1000, () => store.read(listLookup(alice)));
        expect(read.value).toBeUndefined();
        read.write(response(['dropped']));
        await within(1000, () => store.flush());
        expect(await within(1000, () => store.invalidate(alice, { kinds: ['list'] }))).toBe(false);
        expect(await within(1000, () => store.dropToken(alice))).toBe(false);
      }
      expect(observer.count('errors', 'get') - getErrorsBefore).toBe(10);
      expect(observer.count('errors', 'invalidate')).toBe(20);
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0] as string)).toMatchObject({
        level: 40,
        msg: 'cache unavailable, serving from SWR',
      });
      expect(lines[0]).not.toContain(ALICE);
      expect(lines[0]).not.toContain(alice);

      await redis.restart();
      expect(await store.ready(10_000)).toBe(true);
      await eventuallyServes(store, listLookup(alice), response(['after']));
    } finally {
      await store.close();
    }
  });

  it('resolves every operation within the timeout while Redis is paused', async () => {
    const { store, observer } = await makeStore();
    try {
      const alice = store.hashToken(ALICE);
      await eventuallyServes(store, listLookup(alice), response(['before']));
      const getErrorsBefore = observer.count('errors', 'get');
      redis.pause();
      try {
        const reads = await within(1000, () =>
          Promise.all([store.read(listLookup(alice)), store.read(listLookup(alice, 20))]),
        );
        expect(reads.map((read) => read.value)).toEqual([undefined, undefined]);
        const read = await within(1000, () => store.read(listLookup(alice)));
        read.write(response(['dropped']));
        await within(1000, () => store.flush());
        expect(await within(1000, () => store.invalidate(alice, { kinds: ['list'] }))).toBe(false);
      } finally {
        redis.resume();
      }
      expect(observer.count('errors', 'get') - getErrorsBefore).toBe(2);
      await eventuallyServes(store, listLookup(alice), response(['after']));
    } finally {
      await store.close();
    }
  });
});

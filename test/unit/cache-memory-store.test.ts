import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type CacheStore, createCacheStore } from '../../src/cache/index.js';
import { MEMORY_ENTRY_OVERHEAD_BYTES, MemoryBackend } from '../../src/cache/memory-backend.js';
import { GatewayMetrics } from '../../src/observability/metrics.js';
import {
  cacheConfig,
  cached,
  listLookup,
  readThrough,
  response,
  TEST_CACHE_SECRET,
} from '../helpers/cache.js';

function memoryStore(overrides: Parameters<typeof cacheConfig>[0] = {}, metrics?: GatewayMetrics) {
  return createCacheStore(cacheConfig({ store: 'memory', ...overrides }), {
    observer: metrics,
  }) as CacheStore;
}

async function metricValue(metrics: GatewayMetrics, name: string): Promise<number | undefined> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((entry) => entry.name === name);
  return (metric?.values as { value: number }[] | undefined)?.[0]?.value;
}

describe('the memory cache store', () => {
  it('is not built when CACHE=off', () => {
    expect(createCacheStore(cacheConfig({ store: 'off' }))).toBeUndefined();
  });

  it('hashes a token with HMAC-SHA256 of CACHE_SECRET, base64url', () => {
    const store = memoryStore();
    const expected = createHmac('sha256', TEST_CACHE_SECRET).update('token').digest('base64url');
    expect(store.hashToken('token')).toBe(expected);
    expect(expected).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(memoryStore({ secret: `${TEST_CACHE_SECRET}x` }).hashToken('token')).not.toBe(expected);
  });

  it('draws a random secret per process when CACHE_SECRET is unset', () => {
    const first = memoryStore({ secret: undefined });
    const second = memoryStore({ secret: undefined });
    expect(first.hashToken('token')).toBe(first.hashToken('token'));
    expect(first.hashToken('token')).not.toBe(second.hashToken('token'));
  });

  it('stays within CACHE_MEMORY_MB, evicting the least recently used entries', async () => {
    const store = memoryStore({ memoryMb: 1 });
    const alice = store.hashToken('alice');
    const body = 'x'.repeat(10_000);
    await readThrough(store, listLookup(alice, 0), response(body));
    for (let page = 1; page <= 300; page += 1) {
      await readThrough(store, listLookup(alice, page * 20), response(body));
      if (page % 50 === 0) expect(await cached(store, listLookup(alice, 0))).toBeDefined();
    }
    const usage = store.status().usage;
    expect(usage?.bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(usage?.bytes).toBeGreaterThan(900 * 1024);
    expect(usage?.entries).toBeLessThan(110);
    expect(await cached(store, listLookup(alice, 0))).toBeDefined();
    expect(await cached(store, listLookup(alice, 20))).toBeUndefined();
    expect(await cached(store, listLookup(alice, 300 * 20))).toBeDefined();
  });

  it('returns entries of any text intact and counts them by their UTF-8 bytes', async () => {
    const backend = new MemoryBackend(1024 * 1024);
    const text = `{"b":"é漢🙂${'x'.repeat(1000)}"}`;
    await backend.setMany([{ key: 'k', value: text, ttlMs: 60_000 }]);
    expect(await backend.getMany(['k', 'absent'])).toEqual([text, null]);
    expect(backend.usage().bytes).toBe(
      'k'.length + Buffer.byteLength(text) + MEMORY_ENTRY_OVERHEAD_BYTES,
    );
    expect(Buffer.byteLength(text)).toBeGreaterThan(text.length);
  });

  it('reports its size, lookups and round trips in /metrics', async () => {
    let store: CacheStore | undefined;
    const metrics = new GatewayMetrics({ cache: () => store?.status() });
    expect(await metricValue(metrics, 'swr_bff_cache_memory_bytes')).toBe(0);
    store = memoryStore({}, metrics);
    const alice = store.hashToken('alice');
    await readThrough(store, listLookup(alice), response(['nginx']));
    await cached(store, listLookup(alice));
    const bytes = await metricValue(metrics, 'swr_bff_cache_memory_bytes');
    expect(bytes).toBe(store.status().usage?.bytes);
    expect(bytes).toBeGreaterThan(100);
    expect(await metricValue(metrics, 'swr_bff_cache_entries')).toBe(1);
    const text = await metrics.registry.metrics();
    expect(text).toContain('swr_bff_cache_lookups_total{kind="list",outcome="miss"} 1');
    expect(text).toContain('swr_bff_cache_lookups_total{kind="list",outcome="hit"} 1');
    expect(text).toContain('swr_bff_cache_round_trips_total{operation="get"} 2');
    expect(text).toContain('swr_bff_cache_round_trips_total{operation="set"} 1');
    expect(text).not.toContain(alice);
  });
});

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CacheStore, createCacheStore } from '../../src/cache/index.js';
import { createEmulator } from '../../src/emulator/emulator.js';
import { type EmulatorServer, startEmulatorServer } from '../../src/emulator/http-server.js';
import { SwrClient } from '../../src/swr/client.js';
import { createSharedReads } from '../../src/swr/shared-reads.js';
import { createSwrUpstream } from '../../src/swr/upstream.js';
import { cacheConfig, TEST_CACHE_SECRET } from '../helpers/cache.js';
import { type RunningChild, runEntry } from '../helpers/child-process.js';
import { TEST_SETTINGS } from '../helpers/gateway.js';
import { startRedisServer, type TestRedisServer } from '../helpers/redis-server.js';

const PAGE = `{
  sharedRepositories(center: SELF, first: 5) {
    totalCount
    nodes { domainName namespace name repository { description } shares { accessDomain } }
  }
}`;

/** Long, distinctive tokens: any trace of them in Redis would be found by a scan. */
const ALICE = 'replica-token-alice-3b1f9c0e7a42d8f6';
const BOB = 'replica-token-bob-c47e1a90b2d35f18';
/**
 * Warms both replicas (code paths compiled, Redis connected) before the first measured view: on a
 * loaded machine, a cold process can stall past `CACHE_REDIS_TIMEOUT_MS` and rightly read a miss.
 */
const WARM_UP = 'replica-token-warm-up-5e0d2c7b91a3f468';
const PREFIX = 'replicas:';
const REDIS_TIMEOUT_MS = 50;

interface PageResult {
  data?: {
    sharedRepositories: {
      nodes: { domainName: string; name: string; shares: { accessDomain: string }[] }[];
    };
  };
  errors?: unknown[];
}

interface Replica {
  run: RunningChild;
  url: string;
}

async function startReplica(env: Record<string, string>): Promise<Replica> {
  const run = runEntry('src/server.ts', {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    CURSOR_SECRET: 'replicas-cursor-secret-0123456789',
    CACHE: 'redis',
    CACHE_SECRET: TEST_CACHE_SECRET,
    CACHE_PREFIX: PREFIX,
    CACHE_REDIS_TIMEOUT_MS: String(REDIS_TIMEOUT_MS),
    ...env,
  });
  const line = await run.waitForLine(/swr-bff is listening/, 30_000);
  return { run, url: (JSON.parse(line) as { url: string }).url };
}

async function view(
  replica: Replica,
  token: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: PageResult }> {
  const response = await fetch(replica.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query: PAGE }),
  });
  return { status: response.status, body: (await response.json()) as PageResult };
}

/** Lets a replica send the cache writes of the request it just answered. */
const settleWrites = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('two gateway processes sharing one Redis', () => {
  const emulator = createEmulator();
  let upstream: EmulatorServer;
  let redis: TestRedisServer;
  let a: Replica;
  let b: Replica;

  beforeAll(async () => {
    redis = await startRedisServer();
    upstream = await startEmulatorServer(emulator, { port: 0, host: '127.0.0.1' });
    const env = { SWR_ENDPOINT: upstream.url, REDIS_URL: redis.url };
    [a, b] = await Promise.all([startReplica(env), startReplica(env)]);
    for (const replica of [a, b]) {
      for (let round = 0; round < 3; round += 1) await view(replica, WARM_UP);
    }
  }, 60_000);

  afterAll(async () => {
    for (const replica of [a, b]) {
      replica?.run.child.kill('SIGTERM');
      await replica?.run.exited();
    }
    await upstream?.close();
    await redis?.stop();
  });

  it('a view on replica A, then the same view on B: B makes no SWR call', async () => {
    const first = await view(a, ALICE);
    expect(first.body.errors).toBeUndefined();
    await settleWrites();
    emulator.resetCalls();
    const second = await view(b, ALICE);
    expect(emulator.callCount()).toBe(0);
    expect(second.body).toEqual(first.body);
  });

  it('a deleteRepositoryShare through A: the next read through B shows it gone', async () => {
    const before = await view(b, ALICE);
    const repo = before.body.data?.sharedRepositories.nodes.find((node) => node.shares.length > 0);
    if (repo === undefined) throw new Error('no shared repository among the first five');
    const accessDomain = repo.shares[0]?.accessDomain as string;
    const { namespace } = emulator
      .account(ALICE)
      .sharedRepositories('self')
      .find((item) => item.name === repo.name) as { namespace: string };
    const response = await fetch(a.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ALICE}` },
      body: JSON.stringify({
        query: `mutation ($input: DeleteRepositoryShareInput!) {
          deleteRepositoryShare(input: $input) { deletedShareId }
        }`,
        variables: { input: { namespace, name: repo.name, accessDomain } },
      }),
    });
    const deleted = (await response.json()) as { errors?: unknown[] };
    expect(deleted.errors).toBeUndefined();
    expect(emulator.callCount('deleteRepoDomains')).toBe(1);

    emulator.resetCalls();
    const after = await view(b, ALICE);
    const node = after.body.data?.sharedRepositories.nodes.find((item) => item.name === repo.name);
    // A repository whose last share ended leaves the SELF list altogether.
    expect(node?.shares.map((share) => share.accessDomain) ?? []).not.toContain(accessDomain);
    expect(emulator.callCount('listSharedRepositories')).toBe(1);
  });

  it('invalidateAfterShareWrite from another process reaches B too', async () => {
    // The function the write road calls, from a third, in-process replica, after a write sent
    // straight to the emulator.
    const before = await view(b, ALICE);
    const repo = before.body.data?.sharedRepositories.nodes.find((node) => node.shares.length > 0);
    if (repo === undefined) throw new Error('no shared repository left among the first five');
    const accessDomain = repo.shares[0]?.accessDomain as string;
    const { namespace } = emulator
      .account(ALICE)
      .sharedRepositories('self')
      .find((item) => item.name === repo.name) as { namespace: string };
    const path = `v2/manage/namespaces/${namespace}/repositories/${repo.name.replaceAll('/', '$')}/access-domains/${accessDomain}`;
    const deleted = await fetch(`${upstream.url}/${path}`, {
      method: 'DELETE',
      headers: { 'X-Auth-Token': ALICE },
    });
    expect(deleted.status).toBeLessThan(300);
    expect((await view(b, ALICE)).body).toEqual(before.body);

    const cache = createCacheStore(
      cacheConfig({ store: 'redis', redisUrl: redis.url, prefix: PREFIX }),
    ) as CacheStore;
    try {
      await cache.ready(5000);
      const shared = createSharedReads({ cache, coalesce: true });
      const upstreamOfC = createSwrUpstream({ ...TEST_SETTINGS, swrEndpoint: upstream.url });
      const c = new SwrClient(upstreamOfC, { token: ALICE, requestId: 'replica-c', shared });
      await c.invalidateAfterShareWrite(namespace, repo.name);
    } finally {
      await cache.close();
    }
    const after = await view(b, ALICE);
    const node = after.body.data?.sharedRepositories.nodes.find((item) => item.name === repo.name);
    // A repository whose last share ended leaves the SELF list altogether.
    expect(node?.shares.map((share) => share.accessDomain) ?? []).not.toContain(accessDomain);
  });

  it('keeps two accounts apart under 200 concurrent requests, and Redis holds no token', async () => {
    const expected = (token: string) =>
      emulator
        .account(token)
        .sharedRepositories('self')
        .slice(0, 5)
        .map((item) => item.name);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, index) => {
        const token = index % 2 === 0 ? ALICE : BOB;
        return view(index % 4 < 2 ? a : b, token).then((result) => ({ token, result }));
      }),
    );
    const ownDomain = (token: string) => emulator.account(token).sharedRepositories('self')[0];
    for (const { token, result } of results) {
      expect(result.status).toBe(200);
      expect(result.body.errors).toBeUndefined();
      const nodes = result.body.data?.sharedRepositories.nodes ?? [];
      expect(nodes.map((node) => node.name)).toEqual(expected(token));
      expect(nodes.every((node) => node.domainName === ownDomain(token)?.domain_name)).toBe(true);
    }
    await settleWrites();

    const client = new Redis(redis.url);
    try {
      const keys = await client.keys('*');
      expect(keys.length).toBeGreaterThan(10);
      const values = await client.mget(...keys);
      for (const text of [...keys, ...values.map((value) => value ?? '')]) {
        expect(text).not.toContain(ALICE);
        expect(text).not.toContain(BOB);
        expect(text).not.toContain('replica-token');
      }
    } finally {
      client.disconnect();
    }
  });

  it('serves every request while Redis is paused, each within the cache timeouts plus SWR time', async () => {
    redis.pause();
    try {
      for (const replica of [a, b]) {
        const started = performance.now();
        const result = await view(replica, BOB, { 'x-request-id': 'while-paused' });
        const elapsedMs = performance.now() - started;
        expect(result.status).toBe(200);
        expect(result.body.errors).toBeUndefined();
        // A handful of sequential lookups, each cut at REDIS_TIMEOUT_MS, plus a few local SWR
        // calls: a cache that waited for Redis would take REQUEST_TIMEOUT_MS (15 s) or more.
        expect(elapsedMs).toBeLessThan(10 * REDIS_TIMEOUT_MS + 2000);
      }
    } finally {
      redis.resume();
    }
  });

  it('fails no request when Redis stops in the middle of a run, and caches again once it is back', async () => {
    const statuses: number[] = [];
    const errors: unknown[] = [];
    for (let index = 0; index < 12; index++) {
      if (index === 4) await redis.stop();
      const { status, body } = await view(index % 2 === 0 ? a : b, index % 3 === 0 ? ALICE : BOB);
      statuses.push(status);
      if (body.errors !== undefined) errors.push(body.errors);
    }
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(errors).toEqual([]);

    await redis.restart();
    const deadline = Date.now() + 15_000;
    let repeatCalls = Number.POSITIVE_INFINITY;
    while (repeatCalls > 0 && Date.now() < deadline) {
      await view(a, ALICE);
      await settleWrites();
      emulator.resetCalls();
      const repeat = await view(b, ALICE);
      expect(repeat.body.errors).toBeUndefined();
      repeatCalls = emulator.callCount();
      if (repeatCalls > 0) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(repeatCalls).toBe(0);
  }, 30_000);
});

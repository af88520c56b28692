import { afterEach, describe, expect, it } from 'vitest';
import { type CacheStore, createCacheStore } from '../../src/cache/index.js';
import { createEmulator, type Emulator } from '../../src/emulator/emulator.js';
import { SwrClient } from '../../src/swr/client.js';
import { createSharedReads } from '../../src/swr/shared-reads.js';
import { createSwrUpstream } from '../../src/swr/upstream.js';
import { cacheConfig } from '../helpers/cache.js';
import {
  createTestGateway,
  errorCodes,
  TEST_SETTINGS,
  type TestGateway,
} from '../helpers/gateway.js';

const PAGE = `{
  sharedRepositories(center: SELF, first: 5) {
    totalCount
    nodes { namespace name repository { description } shares { accessDomain } }
  }
}`;

interface PageData {
  sharedRepositories: {
    totalCount: number;
    nodes: { namespace: string; name: string; shares: { accessDomain: string }[] }[];
  };
}

const gateways: TestGateway[] = [];
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.app.close()));
});

function cachedGateway(): TestGateway {
  const gateway = createTestGateway({ settings: { cache: cacheConfig() } });
  gateways.push(gateway);
  return gateway;
}

async function view(gateway: TestGateway, token = 'alice', headers: Record<string, string> = {}) {
  const result = await gateway.query(PAGE, {}, { token, headers });
  await gateway.app.cache?.flush();
  return result as { data?: PageData; errors?: unknown };
}

/** A shared repository of `token` with at least one share, and one of its sharing accounts. */
function sharedWithSomeone(emulator: Emulator, token: string) {
  const account = emulator.account(token);
  for (const item of account.sharedRepositories('self').slice(0, 5)) {
    const domains = account.accessDomains(item.namespace, item.name) ?? [];
    const first = domains[0];
    if (first !== undefined) return { item, accessDomain: first.access_domain };
  }
  throw new Error(`${token} shares none of its first five repositories`);
}

async function deleteShare(
  emulator: Emulator,
  token: string,
  repo: { namespace: string; name: string },
  accessDomain: string,
): Promise<void> {
  const path = `/namespaces/${repo.namespace}/repositories/${repo.name.replaceAll('/', '$')}/access-domains/${accessDomain}`;
  const response = await emulator.fetch(`http://swr.emulator.test/v2/manage${path}`, {
    method: 'DELETE',
    headers: { 'X-Auth-Token': token },
  });
  expect(response.status).toBeLessThan(300);
}

const sharesOf = (data: PageData | undefined, name: string) =>
  data?.sharedRepositories.nodes
    .find((node) => node.name === name)
    ?.shares.map((s) => s.accessDomain);

describe('the SWR cache (CACHE=memory) in the app', () => {
  it('answers a repeat view without any SWR call, with the same data', async () => {
    const gateway = cachedGateway();
    const first = await view(gateway);
    expect(first.errors).toBeUndefined();
    expect(gateway.emulator.callCount()).toBeGreaterThan(5);
    gateway.emulator.resetCalls();
    const second = await view(gateway);
    expect(second).toEqual(first);
    expect(gateway.emulator.callCount()).toBe(0);
  });

  it("never serves one token's entries to another", async () => {
    const gateway = cachedGateway();
    await view(gateway, 'alice');
    gateway.emulator.resetCalls();
    const bob = await view(gateway, 'bob');
    expect(gateway.emulator.callCount('listSharedRepositories')).toBe(1);
    expect(gateway.emulator.calls.every((call) => call.token === 'bob')).toBe(true);
    const own = gateway.emulator.account('bob').sharedRepositories('self').slice(0, 5);
    expect(bob.data?.sharedRepositories.nodes.map((node) => node.name)).toEqual(
      own.map((item) => item.name),
    );
  });

  it('skips and refreshes the entries for a request with Cache-Control: no-cache', async () => {
    const gateway = cachedGateway();
    const { item, accessDomain } = sharedWithSomeone(gateway.emulator, 'alice');
    await view(gateway);
    await deleteShare(gateway.emulator, 'alice', item, accessDomain);
    const stale = await view(gateway);
    expect(sharesOf(stale.data, item.name)).toContain(accessDomain);

    gateway.emulator.resetCalls();
    const fresh = await view(gateway, 'alice', { 'cache-control': 'no-cache' });
    expect(gateway.emulator.callCount()).toBeGreaterThan(5);
    expect(sharesOf(fresh.data, item.name)).not.toContain(accessDomain);

    gateway.emulator.resetCalls();
    const after = await view(gateway);
    expect(gateway.emulator.callCount()).toBe(0);
    expect(after).toEqual(fresh);
  });

  it("drops the token's entries when SWR answers 401 for it", async () => {
    const gateway = cachedGateway();
    await view(gateway);
    const fault = gateway.emulator.faults.inject({
      route: 'listSharedRepositories',
      response: { status: 401, body: { error_code: 'SVCSTG.SWR.4010001', error_msg: 'expired' } },
    });
    const refused = await view(gateway, 'alice', { 'cache-control': 'no-cache' });
    expect(errorCodes(refused as never)).toContain('UNAUTHENTICATED');
    fault.remove();
    gateway.emulator.resetCalls();
    await view(gateway);
    expect(gateway.emulator.callCount('listSharedRepositories')).toBe(1);
    expect(gateway.emulator.callCount('listRepoDomains')).toBe(5);
  });

  it('keeps the entries of other tokens after a 401 for one', async () => {
    const gateway = cachedGateway();
    await view(gateway, 'bob');
    await view(gateway, 'expired');
    gateway.emulator.resetCalls();
    await view(gateway, 'bob');
    expect(gateway.emulator.callCount()).toBe(0);
  });
});

describe('invalidateAfterShareWrite', () => {
  const stores: CacheStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  function world() {
    const emulator = createEmulator();
    const upstream = createSwrUpstream(TEST_SETTINGS, emulator.fetch);
    const cache = createCacheStore(cacheConfig()) as CacheStore;
    stores.push(cache);
    const shared = createSharedReads({ cache, coalesce: true });
    const client = (token: string) => new SwrClient(upstream, { token, requestId: 'test', shared });
    return { emulator, cache, client };
  }

  it("makes the caller's lists and that repository's shares stale, and nobody else's", async () => {
    const { emulator, cache, client } = world();
    const { item, accessDomain } = sharedWithSomeone(emulator, 'alice');
    const list = { center: 'self' as const, window: { limit: 5, offset: 0 } };
    const before = await client('alice').listRepoDomains(item.namespace, item.name);
    await client('alice').listSharedRepositories(list);
    await client('bob').listSharedRepositories(list);
    await cache.flush();
    await deleteShare(emulator, 'alice', item, accessDomain);
    emulator.resetCalls();
    expect(await client('alice').listRepoDomains(item.namespace, item.name)).toEqual(before);
    expect(emulator.callCount()).toBe(0);

    await client('alice').invalidateAfterShareWrite(item.namespace, item.name);
    const after = await client('alice').listRepoDomains(item.namespace, item.name);
    expect(after.map((domain) => domain.access_domain)).not.toContain(accessDomain);
    await client('alice').listSharedRepositories(list);
    await client('bob').listSharedRepositories(list);
    expect(emulator.callCount('listRepoDomains')).toBe(1);
    expect(
      emulator.calls
        .filter((call) => call.route === 'listSharedRepositories')
        .map((call) => call.token),
    ).toEqual(['alice']);
  });
});

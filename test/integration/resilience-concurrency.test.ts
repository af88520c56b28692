import type { ExecutionResult } from 'graphql';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { App } from '../../src/app.js';
import { createTestGateway } from '../helpers/gateway.js';

const ROUTE = 'listSharedRepositories';

interface Connection {
  totalCount?: number;
  nodes?: { name: string }[];
  pageInfo?: { endCursor: string | null };
}

async function run(
  app: App,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<ExecutionResult<Record<string, Connection>>> {
  const response = await app.yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer alice' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as never;
}

/** Runs fake timers (the emulator's `delayMs`) until `promise` settles. */
async function settle<T>(promise: Promise<T>): Promise<T> {
  let done = false;
  const watched = promise.finally(() => {
    done = true;
  });
  for (let turn = 0; turn < 10_000 && !done; turn++) {
    await vi.advanceTimersByTimeAsync(1);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return watched;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('identical calls within one request', () => {
  it('are sent once: two aliases asking for the same page make one SWR call', async () => {
    const gateway = createTestGateway();
    const result = await run(
      gateway.app,
      `{
        a: sharedRepositories(center: SELF, first: 5) { totalCount nodes { name } }
        b: sharedRepositories(center: SELF, first: 5) { totalCount nodes { name } }
      }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.b).toEqual(result.data?.a);
    expect(gateway.emulator.callCount(ROUTE)).toBe(1);
  });

  it('with SWR_COALESCE=false, are sent once per request, never shared across requests', async () => {
    const gateway = createTestGateway({ settings: { swrCoalesce: false } });
    const query = '{ sharedRepositories(center: SELF, first: 5) { totalCount } }';
    await Promise.all([run(gateway.app, query), run(gateway.app, query)]);
    expect(gateway.emulator.callCount(ROUTE)).toBe(2);
  });

  it('while different pages are separate calls', async () => {
    const gateway = createTestGateway();
    const page = await run(
      gateway.app,
      '{ sharedRepositories(center: SELF, first: 5) { pageInfo { endCursor } } }',
    );
    const cursor = page.data?.sharedRepositories?.pageInfo?.endCursor;
    expect(cursor).toEqual(expect.any(String));
    gateway.emulator.resetCalls();
    const result = await run(
      gateway.app,
      `query ($c: String) {
        a: sharedRepositories(center: SELF, first: 5) { totalCount }
        b: sharedRepositories(center: SELF, first: 5, after: $c) { totalCount }
      }`,
      { c: cursor },
    );
    expect(result.errors).toBeUndefined();
    expect(gateway.emulator.calls.map((call) => call.query.offset)).toEqual(['0', '5']);
  });
});

describe('the fan-out cap', () => {
  it('keeps at most swrMaxConcurrency SWR calls in flight for one request, results in order', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const cap = 4;
    const gateway = createTestGateway({
      settings: { swrMaxConcurrency: cap, maxAliases: 100, maxCost: 1_000_000, maxTokens: 100_000 },
    });
    gateway.emulator.faults.inject({ route: ROUTE, delayMs: 50 });
    const fields = Array.from(
      { length: 40 },
      (_, i) => `p${i + 1}: sharedRepositories(center: SELF, first: ${i + 1}) { nodes { name } }`,
    );
    const result = await settle(run(gateway.app, `{ ${fields.join(' ')} }`));

    expect(result.errors).toBeUndefined();
    expect(gateway.emulator.callCount(ROUTE)).toBe(40);
    expect(gateway.emulator.maxInFlight).toBe(cap);
    const all = gateway.emulator.account('alice').sharedRepositories('self');
    for (let i = 1; i <= 40; i++) {
      const names = result.data?.[`p${i}`]?.nodes?.map((node) => node.name);
      expect(names, `p${i}`).toEqual(all.slice(0, i).map((item) => item.name));
    }
  });

  it('applies per request: two requests may each use the whole cap', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    // Without coalescing, so that the second request's identical calls are its own.
    const gateway = createTestGateway({ settings: { swrMaxConcurrency: 2, swrCoalesce: false } });
    gateway.emulator.faults.inject({ route: ROUTE, delayMs: 50 });
    const query = `{
      a: sharedRepositories(center: SELF, first: 1) { totalCount }
      b: sharedRepositories(center: SELF, first: 2) { totalCount }
      c: sharedRepositories(center: SELF, first: 3) { totalCount }
    }`;
    await settle(Promise.all([run(gateway.app, query), run(gateway.app, query)]));
    expect(gateway.emulator.callCount(ROUTE)).toBe(6);
    expect(gateway.emulator.maxInFlight).toBe(4);
  });
});

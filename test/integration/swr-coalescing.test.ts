import type { ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createTestGateway, errorCodes } from '../helpers/gateway.js';

const ROUTE = 'listSharedRepositories';
const QUERY = '{ sharedRepositories(center: SELF, first: 5) { totalCount nodes { name } } }';

interface Page {
  sharedRepositories?: { totalCount: number; nodes: { name: string }[] };
}

async function run(app: App, token: string, signal?: AbortSignal): Promise<ExecutionResult<Page>> {
  const response = await app.yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: QUERY }),
    signal,
  });
  return (await response.json()) as ExecutionResult<Page>;
}

/** A gateway whose list calls take `delayMs`, so concurrent requests overlap. */
function slowGateway(settings: { swrCoalesce?: boolean } = {}, delayMs = 100) {
  const gateway = createTestGateway({ settings });
  gateway.emulator.faults.inject({ route: ROUTE, delayMs });
  return gateway;
}

describe('identical SWR GETs across concurrent requests', () => {
  it('are sent once for the same token, and every request gets the result', async () => {
    const gateway = slowGateway();
    const results = await Promise.all(Array.from({ length: 10 }, () => run(gateway.app, 'alice')));
    expect(gateway.emulator.callCount(ROUTE)).toBe(1);
    const expected = gateway.emulator.account('alice').sharedRepositories('self').slice(0, 5);
    for (const result of results) {
      expect(result.errors).toBeUndefined();
      expect(result.data?.sharedRepositories?.nodes.map((node) => node.name)).toEqual(
        expected.map((item) => item.name),
      );
    }
  });

  it('are sent once per token: different tokens never share a call', async () => {
    const gateway = slowGateway();
    const tokens = ['alice', 'bob', 'alice', 'bob', 'carol'];
    const results = await Promise.all(tokens.map((token) => run(gateway.app, token)));
    expect(gateway.emulator.callCount(ROUTE)).toBe(3);
    expect(new Set(gateway.emulator.calls.map((call) => call.token))).toEqual(
      new Set(['alice', 'bob', 'carol']),
    );
    results.forEach((result, index) => {
      const token = tokens[index] as string;
      const own = gateway.emulator.account(token).sharedRepositories('self').slice(0, 5);
      expect(result.data?.sharedRepositories?.nodes.map((node) => node.name)).toEqual(
        own.map((item) => item.name),
      );
    });
  });

  it('keep nothing once settled: the same request later is sent again', async () => {
    const gateway = slowGateway({}, 0);
    await run(gateway.app, 'alice');
    await run(gateway.app, 'alice');
    expect(gateway.emulator.callCount(ROUTE)).toBe(2);
  });

  it('are sent once per request with SWR_COALESCE=false', async () => {
    const gateway = slowGateway({ swrCoalesce: false });
    await Promise.all(Array.from({ length: 4 }, () => run(gateway.app, 'alice')));
    expect(gateway.emulator.callCount(ROUTE)).toBe(4);
  });

  it('share a 401 only between requests of the same token', async () => {
    const gateway = slowGateway();
    const [expiredA, expiredB, alice] = await Promise.all([
      run(gateway.app, 'expired'),
      run(gateway.app, 'expired'),
      run(gateway.app, 'alice'),
    ]);
    expect(errorCodes(expiredA)).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(expiredB)).toEqual(['UNAUTHENTICATED']);
    expect(alice.errors).toBeUndefined();
    expect(gateway.emulator.callCount(ROUTE)).toBe(2);
  });

  it("one request's abort does not fail another request waiting on the same call", async () => {
    const gateway = slowGateway();
    const leaving = new AbortController();
    const first = run(gateway.app, 'alice', leaving.signal).catch((error: unknown) => error);
    const second = run(gateway.app, 'alice');
    await new Promise((resolve) => setTimeout(resolve, 30));
    leaving.abort();
    const result = await second;
    expect(result.errors).toBeUndefined();
    expect(result.data?.sharedRepositories?.nodes).toHaveLength(5);
    await first;
    expect(gateway.emulator.callCount(ROUTE)).toBe(1);
    expect(gateway.emulator.calls[0]?.status).toBe(200);
  });

  it("a request's deadline ends its own wait, not the call a later request waits on", async () => {
    const gateway = createTestGateway({ settings: { requestTimeoutMs: 250, swrRetries: 0 } });
    gateway.emulator.faults.inject({ route: ROUTE, delayMs: 350 });
    const early = run(gateway.app, 'alice');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const late = run(gateway.app, 'alice');
    const earlyResult = await early;
    expect(errorCodes(earlyResult).length).toBeGreaterThan(0);
    const lateResult = await late;
    expect(lateResult.errors).toBeUndefined();
    expect(lateResult.data?.sharedRepositories?.nodes).toHaveLength(5);
    expect(gateway.emulator.callCount(ROUTE)).toBe(1);
  });
});

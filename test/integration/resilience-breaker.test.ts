import type { ExecutionResult } from 'graphql';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { App } from '../../src/app.js';
import type { BreakerState } from '../../src/swr/resilience/breaker-status.js';
import { createTestGateway, errorCodes } from '../helpers/gateway.js';

const ROUTE = 'listSharedRepositories';
const PAGE = '{ sharedRepositories(center: SELF, first: 5) { totalCount } }';
const COOLDOWN = 10_000;

async function run(app: App, token = 'alice'): Promise<ExecutionResult> {
  const response = await app.yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: PAGE }),
  });
  return (await response.json()) as ExecutionResult;
}

/**
 * Threshold 3 and no retries, so that each failing request is exactly one failed attempt. One
 * failing caller is enough (`swrBreakerMinCallers: 1`): these tests are about the breaker's states;
 * how many callers must fail is tested below with the default.
 */
function gatewayWithBreaker() {
  const gateway = createTestGateway({
    settings: {
      swrBreakerThreshold: 3,
      swrBreakerCooldownMs: COOLDOWN,
      swrRetries: 0,
      swrBreakerMinCallers: 1,
    },
  });
  const states: BreakerState[] = [];
  gateway.app.breaker.onStateChange((state) => states.push(state));
  return { ...gateway, states };
}

beforeEach(() => {
  // The breaker's cooldown is measured with Date.now(); nothing else needs fake time.
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the circuit breaker', () => {
  it('opens after N consecutive failures, then fails fast without calling SWR', async () => {
    const { app, emulator, states } = gatewayWithBreaker();
    emulator.faults.inject({ route: ROUTE, response: { status: 503 } });
    for (let n = 0; n < 3; n++) {
      expect(app.breaker.state).toBe('closed');
      expect(errorCodes(await run(app))).toEqual(['UPSTREAM_UNAVAILABLE']);
    }
    expect(app.breaker.state).toBe('open');
    expect(states).toEqual(['open']);
    expect(emulator.callCount()).toBe(3);

    emulator.faults.clear();
    const refused = await run(app, 'bob');
    expect(emulator.callCount()).toBe(3);
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors?.[0]).toMatchObject({
      extensions: { code: 'UPSTREAM_UNAVAILABLE' },
      path: ['sharedRepositories'],
    });
    expect(refused.errors?.[0]?.message).toMatch(
      /^SWR is unavailable; the circuit breaker is open .*GET v2\/manage\/shared-repositories\?center=self&limit=5&offset=0 was not sent/,
    );
    expect(refused.errors?.[0]?.extensions?.upstream).toBeUndefined();
  });

  it('recovers by itself: a half-open probe after the cooldown closes it', async () => {
    const { app, emulator, states } = gatewayWithBreaker();
    emulator.faults.inject({ route: ROUTE, kind: 'reset', times: 3 });
    for (let n = 0; n < 3; n++) await run(app);
    expect(app.breaker.state).toBe('open');

    vi.advanceTimersByTime(COOLDOWN - 1);
    expect(errorCodes(await run(app))).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(emulator.callCount()).toBe(3);

    vi.advanceTimersByTime(1);
    expect(app.breaker.state).toBe('half-open');
    const probe = await run(app);
    expect(probe.errors).toBeUndefined();
    expect(emulator.callCount()).toBe(4);
    expect(app.breaker.state).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
    expect((await run(app)).errors).toBeUndefined();
  });

  it('re-opens for another cooldown when the probe fails', async () => {
    const { app, emulator, states } = gatewayWithBreaker();
    emulator.faults.inject({ route: ROUTE, response: { status: 500 }, times: 4 });
    for (let n = 0; n < 3; n++) await run(app);
    vi.advanceTimersByTime(COOLDOWN);
    expect(errorCodes(await run(app))).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(emulator.callCount()).toBe(4);
    expect(app.breaker.state).toBe('open');
    await run(app);
    expect(emulator.callCount()).toBe(4);
    vi.advanceTimersByTime(COOLDOWN);
    expect((await run(app)).errors).toBeUndefined();
    expect(states).toEqual(['open', 'half-open', 'open', 'half-open', 'closed']);
  });

  it.each([
    ['404', 404, 'NOT_FOUND'],
    ['401', 401, 'UNAUTHENTICATED'],
    ['429', 429, 'RATE_LIMITED'],
  ])('is not opened by %s answers', async (_label, status, code) => {
    const { app, emulator, states } = gatewayWithBreaker();
    emulator.faults.inject({ route: ROUTE, response: { status } });
    // One caller each: a throttled caller cools down without calling SWR again.
    for (let n = 0; n < 6; n++) expect(errorCodes(await run(app, `caller-${n}`))).toEqual([code]);
    expect(emulator.callCount()).toBe(6);
    expect(app.breaker.state).toBe('closed');
    expect(states).toEqual([]);
  });

  it('counts retries as attempts, and is shared by every request of the app', async () => {
    const gateway = createTestGateway({
      settings: {
        swrBreakerThreshold: 3,
        swrRetries: 2,
        swrBreakerCooldownMs: COOLDOWN,
        swrBreakerMinCallers: 1,
      },
    });
    vi.spyOn(Math, 'random').mockReturnValue(0);
    gateway.emulator.faults.inject({ route: ROUTE, response: { status: 503 } });
    let done = false;
    const pending = run(gateway.app, 'alice').finally(() => {
      done = true;
    });
    // The backoff waits are 0 ms fake timeouts: run them as they come.
    for (let turn = 0; turn < 100 && !done; turn++) {
      await vi.advanceTimersByTimeAsync(1);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await pending;
    expect(gateway.emulator.callCount()).toBe(3);
    expect(gateway.app.breaker.state).toBe('open');
    await run(gateway.app, 'carol');
    expect(gateway.emulator.callCount()).toBe(3);
    vi.restoreAllMocks();
  });
});

/** Runs `pending` to the end, firing the 0 ms backoff timers (Math.random is 0) as they come. */
async function settled<T>(pending: Promise<T>): Promise<T> {
  let done = false;
  const tracked = pending.finally(() => {
    done = true;
  });
  for (let turn = 0; turn < 100 && !done; turn++) {
    await vi.advanceTimersByTimeAsync(1);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return tracked;
}

describe('the circuit breaker and who fails', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is not opened by one caller alone: the others keep reaching SWR (default settings)', async () => {
    const { app, emulator, states } = (() => {
      const gateway = createTestGateway();
      const states: BreakerState[] = [];
      gateway.app.breaker.onStateChange((state) => states.push(state));
      return { ...gateway, states };
    })();
    vi.spyOn(Math, 'random').mockReturnValue(0);
    emulator.faults.inject({
      match: (call) => call.token === 'mallory',
      response: { status: 500 },
    });
    // Default threshold 5, 2 retries: two requests are 6 consecutive failed attempts.
    for (let n = 0; n < 4; n++) {
      expect(errorCodes(await settled(run(app, 'mallory')))).toEqual(['UPSTREAM_UNAVAILABLE']);
    }
    expect(emulator.callCount()).toBe(4 * 3);
    expect(app.breaker.state).toBe('closed');

    for (const caller of ['alice', 'bob']) {
      expect((await run(app, caller)).errors).toBeUndefined();
    }
    expect(emulator.callCount()).toBe(4 * 3 + 2);
    expect(states).toEqual([]);
  });

  it('opens when SWR fails for several callers, then refuses everyone without calling SWR', async () => {
    const gateway = createTestGateway({
      settings: { swrBreakerThreshold: 3, swrBreakerCooldownMs: COOLDOWN, swrRetries: 0 },
    });
    const { app, emulator } = gateway;
    emulator.faults.inject({ route: ROUTE, response: { status: 503 } });
    // Three failures of one caller reach the threshold but not the 3 callers (the default).
    for (let n = 0; n < 3; n++) await run(app, 'alice');
    expect(app.breaker.state).toBe('closed');
    await run(app, 'bob');
    expect(app.breaker.state).toBe('closed');
    await run(app, 'carol');
    expect(app.breaker.state).toBe('open');
    expect(emulator.callCount()).toBe(5);

    emulator.faults.clear();
    expect(errorCodes(await run(app, 'dave'))).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(emulator.callCount()).toBe(5);
  });

  it('forgets the failing callers after any success', async () => {
    const gateway = createTestGateway({
      settings: { swrBreakerThreshold: 3, swrRetries: 0 },
    });
    const { app, emulator } = gateway;
    emulator.faults.inject({ match: (call) => call.token !== 'ok', response: { status: 503 } });
    await run(app, 'alice');
    await run(app, 'bob');
    expect((await run(app, 'ok')).errors).toBeUndefined();
    await run(app, 'carol');
    await run(app, 'alice');
    expect(app.breaker.state).toBe('closed');
    await run(app, 'bob');
    expect(app.breaker.state).toBe('open');
    expect(emulator.callCount()).toBe(6);
  });
});

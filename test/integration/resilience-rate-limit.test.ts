import type { ExecutionResult } from 'graphql';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { App } from '../../src/app.js';
import type { Fault } from '../../src/emulator/emulator.js';
import { createTestGateway, errorCodes } from '../helpers/gateway.js';

const ROUTE = 'listSharedRepositories';
const PAGE = '{ sharedRepositories(center: SELF, first: 5) { totalCount } }';
/** SWR's API gateway throttling a user: 429 `APIG.0308`, no `Retry-After`. */
const THROTTLED = { status: 429, body: { error_code: 'APIG.0308', error_msg: 'throttled' } };

async function run(app: App, token: string): Promise<ExecutionResult> {
  const response = await app.yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: PAGE }),
  });
  return (await response.json()) as ExecutionResult;
}

const onlyFor = (token: string): Pick<Fault, 'match'> => ({
  match: (call) => call.token === token,
});

beforeEach(() => {
  // Date only: the cool-down is measured with Date.now(); backoffs (0 ms) run on real timers.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.spyOn(Math, 'random').mockReturnValue(0);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('SWR throttling a caller', () => {
  it('a 429 without Retry-After is not retried: RATE_LIMITED with retryAfterMs, one SWR call', async () => {
    const { app, emulator } = createTestGateway();
    emulator.faults.inject({ ...onlyFor('alice'), route: ROUTE, response: THROTTLED });
    const result = await run(app, 'alice');
    expect(emulator.callCount()).toBe(1);
    expect(errorCodes(result)).toEqual(['RATE_LIMITED']);
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterMs: 2000,
      upstream: { status: 429, errorCode: 'APIG.0308' },
    });
  });

  it('cools the caller down: further calls fail fast with 0 SWR calls, other callers are untouched', async () => {
    const { app, emulator } = createTestGateway({ settings: { rateLimitCooldownMs: 5000 } });
    emulator.faults.inject({ ...onlyFor('alice'), route: ROUTE, response: THROTTLED, times: 1 });
    expect((await run(app, 'alice')).errors?.[0]?.extensions?.retryAfterMs).toBe(5000);
    expect(emulator.callCount()).toBe(1);

    vi.advanceTimersByTime(1500);
    const refused = await run(app, 'alice');
    expect(emulator.callCount()).toBe(1);
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors?.[0]).toMatchObject({
      path: ['sharedRepositories'],
      extensions: { code: 'RATE_LIMITED', retryAfterMs: 3500 },
    });
    expect(refused.errors?.[0]?.extensions?.upstream).toBeUndefined();
    expect(refused.errors?.[0]?.message).toMatch(/^SWR throttled this caller moments ago; GET /);

    expect((await run(app, 'bob')).errors).toBeUndefined();
    expect(emulator.callCount({ route: ROUTE })).toBe(2);

    vi.advanceTimersByTime(3499);
    expect(errorCodes(await run(app, 'alice'))).toEqual(['RATE_LIMITED']);
    expect(emulator.callCount()).toBe(2);
    vi.advanceTimersByTime(1);
    expect((await run(app, 'alice')).errors).toBeUndefined();
    expect(emulator.callCount()).toBe(3);
  });

  it.each([
    ['403 SVCSTG.SWR.4031032', 'SVCSTG.SWR.4031032'],
    ['403 SVCSTG.SWR.4031042', 'SVCSTG.SWR.4031042'],
  ])('treats SWR’s own throttling, %s, alike', async (_label, errorCode) => {
    const { app, emulator } = createTestGateway();
    emulator.faults.inject({
      ...onlyFor('alice'),
      route: ROUTE,
      response: { status: 403, body: [{ errorCode, errorMessage: 'request too frequent' }] },
    });
    const first = await run(app, 'alice');
    expect(first.errors?.[0]?.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterMs: 2000,
      upstream: { status: 403, errorCode },
    });
    expect(errorCodes(await run(app, 'alice'))).toEqual(['RATE_LIMITED']);
    expect(emulator.callCount()).toBe(1);
  });

  it('a Retry-After above 10 s is not waited for: RATE_LIMITED after one call, cooling down that long', async () => {
    const { app, emulator } = createTestGateway();
    emulator.faults.inject({
      ...onlyFor('alice'),
      route: ROUTE,
      response: { ...THROTTLED, headers: { 'Retry-After': '30' } },
      times: 1,
    });
    expect((await run(app, 'alice')).errors?.[0]?.extensions?.retryAfterMs).toBe(30_000);
    expect(emulator.callCount()).toBe(1);
    vi.advanceTimersByTime(29_999);
    expect(errorCodes(await run(app, 'alice'))).toEqual(['RATE_LIMITED']);
    expect(emulator.callCount()).toBe(1);
    vi.advanceTimersByTime(1);
    expect((await run(app, 'alice')).errors).toBeUndefined();
  });

  it('a 429 that outlasts the retries after Retry-After ends with RATE_LIMITED and a cool-down', async () => {
    const { app, emulator } = createTestGateway({ settings: { swrRetries: 1 } });
    emulator.faults.inject({
      ...onlyFor('alice'),
      route: ROUTE,
      response: { ...THROTTLED, headers: { 'Retry-After': '0' } },
    });
    const result = await run(app, 'alice');
    expect(emulator.callCount()).toBe(2);
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterMs: 2000,
    });
    expect(errorCodes(await run(app, 'alice'))).toEqual(['RATE_LIMITED']);
    expect(emulator.callCount()).toBe(2);
  });
});

import type { ExecutionResult } from 'graphql';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { createEmulator, type Emulator, type Fault } from '../../src/emulator/emulator.js';
import { startEmulatorServer } from '../../src/emulator/http-server.js';
import { createTestGateway, errorCodes, TEST_SETTINGS } from '../helpers/gateway.js';

const ROUTE = 'listSharedRepositories';
const PAGE = '{ sharedRepositories(center: SELF, first: 5) { totalCount nodes { name } } }';
const BUSY_BODY = [{ errorCode: 'SVCSTG.SWR.4090023', errorMessage: 'System busy' }];

async function run(app: App, query: string): Promise<ExecutionResult> {
  const response = await app.yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer alice' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as ExecutionResult;
}

/** `n` aliases of the list, each a different page size, so each is its own SWR URL. */
function aliases(n: number): string {
  const fields = Array.from(
    { length: n },
    (_, i) => `p${i + 1}: sharedRepositories(center: SELF, first: ${i + 1}) { totalCount }`,
  );
  return `{ ${fields.join(' ')} }`;
}

/** Lets real I/O and callbacks run (never fake time) until `done()` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1000 && !done(); turn++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(done()).toBe(true);
}

/**
 * Waits until the emulator is idle and stays so. A non-null field's error ends the GraphQL
 * response early, while the other aliases' calls and retries may still be running.
 */
async function idle(emulator: Emulator): Promise<void> {
  for (let quiet = 0; quiet < 20; quiet = emulator.inFlight === 0 ? quiet + 1 : 0) {
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

beforeEach(() => {
  // Full jitter with random() = 0: every backoff is 0 ms, so retries need no waiting.
  vi.spyOn(Math, 'random').mockReturnValue(0);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('retryable faults are retried, and the next request works', () => {
  const cases: Array<[string, Fault]> = [
    ['a dropped connection', { kind: 'reset' }],
    ['500', { response: { status: 500, body: [{ errorCode: 'SVCSTG.SWR.5000008' }] } }],
    ['503', { response: { status: 503 } }],
    ['409 system busy', { response: { status: 409, body: BUSY_BODY } }],
    // A 429 without Retry-After is not retried: see resilience-rate-limit.test.ts.
  ];

  it.each(cases)('%s', async (_label, fault) => {
    const gateway = createTestGateway();
    gateway.emulator.faults.inject({ ...fault, route: ROUTE, times: 1 });
    const result = await run(gateway.app, PAGE);
    expect(result.errors).toBeUndefined();
    expect(gateway.emulator.callCount(ROUTE)).toBe(2);
    expect(gateway.emulator.calls.map((call) => call.status)).toEqual([
      fault.response?.status ?? 0,
      200,
    ]);
    expect((await run(gateway.app, PAGE)).errors).toBeUndefined();
    expect(gateway.emulator.callCount(ROUTE)).toBe(3);
  });

  it('429 with Retry-After: waits exactly that long before the retry', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const gateway = createTestGateway();
    gateway.emulator.faults.inject({
      route: ROUTE,
      times: 1,
      response: { status: 429, body: { error_code: 'APIG.0308' }, headers: { 'Retry-After': '2' } },
    });
    const pending = run(gateway.app, PAGE);
    await until(() => gateway.emulator.calls[0]?.status === 429);
    await vi.advanceTimersByTimeAsync(1999);
    expect(gateway.emulator.callCount(ROUTE)).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const result = await pending;
    expect(result.errors).toBeUndefined();
    expect(gateway.emulator.callCount(ROUTE)).toBe(2);
  });

  it('a truncated body and a reset socket over real HTTP', async () => {
    const emulator = createEmulator();
    const server = await startEmulatorServer(emulator);
    try {
      const app = createApp(
        { ...TEST_SETTINGS, swrEndpoint: server.url },
        { logger: pino({ level: 'silent' }) },
      );
      for (const kind of ['truncate', 'reset'] as const) {
        emulator.resetCalls();
        emulator.faults.inject({ route: ROUTE, kind, times: 1 });
        const result = await run(app, PAGE);
        expect(result.errors, kind).toBeUndefined();
        expect(emulator.callCount(ROUTE), kind).toBe(2);
        expect((await run(app, PAGE)).errors, kind).toBeUndefined();
      }
    } finally {
      await server.close();
    }
  });
});

describe('faults that are not retried', () => {
  const cases: Array<[string, Fault, string]> = [
    [
      '400',
      { response: { status: 400, body: [{ errorCode: 'SVCSTG.SWR.4001025' }] } },
      'BAD_USER_INPUT',
    ],
    [
      '401',
      { response: { status: 401, body: [{ errorCode: 'SVCSTG.SWR.4010000' }] } },
      'UNAUTHENTICATED',
    ],
    [
      '403',
      { response: { status: 403, body: [{ errorCode: 'SVCSTG.SWR.4039002' }] } },
      'FORBIDDEN',
    ],
    [
      '404',
      { response: { status: 404, body: [{ errorCode: 'SVCSTG.SWR.4040083' }] } },
      'NOT_FOUND',
    ],
    [
      '409 other than busy',
      { response: { status: 409, body: [{ errorCode: 'SVCSTG.SWR.4090006' }] } },
      'BAD_USER_INPUT',
    ],
    ['a body that is not JSON', { kind: 'malformed-json' }, 'UPSTREAM_BAD_RESPONSE'],
  ];

  it.each(cases)('%s: one call, then the next request works', async (_label, fault, code) => {
    const gateway = createTestGateway();
    gateway.emulator.faults.inject({ ...fault, route: ROUTE, times: 1 });
    expect(errorCodes(await run(gateway.app, PAGE))).toEqual([code]);
    expect(gateway.emulator.callCount(ROUTE)).toBe(1);
    expect((await run(gateway.app, PAGE)).errors).toBeUndefined();
    expect(gateway.emulator.callCount(ROUTE)).toBe(2);
  });
});

describe('retry limits', () => {
  it.each([0, 1, 2, 4])('stops after swrRetries = %i retries', async (swrRetries) => {
    const gateway = createTestGateway({ settings: { swrRetries, swrBreakerThreshold: 100 } });
    gateway.emulator.faults.inject({ route: ROUTE, response: { status: 503 } });
    const result = await run(gateway.app, PAGE);
    expect(errorCodes(result)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(result.errors?.[0]?.extensions?.upstream).toMatchObject({ status: 503 });
    expect(gateway.emulator.callCount(ROUTE)).toBe(1 + swrRetries);
  });

  it('spends at most swrRetryBudget retries over all the calls of one request', async () => {
    const gateway = createTestGateway({
      settings: { swrRetries: 2, swrRetryBudget: 3, swrBreakerThreshold: 100 },
    });
    gateway.emulator.faults.inject({ route: ROUTE, response: { status: 503 } });
    const result = await run(gateway.app, aliases(8));
    expect(errorCodes(result)).toContain('UPSTREAM_UNAVAILABLE');
    await idle(gateway.emulator);
    expect(gateway.emulator.callCount(ROUTE)).toBe(8 + 3);

    // The budget belongs to the request: the next one has its own.
    gateway.emulator.resetCalls();
    await run(gateway.app, PAGE);
    expect(gateway.emulator.callCount(ROUTE)).toBe(3);
  });
});

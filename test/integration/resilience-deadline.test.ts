import type { ExecutionResult } from 'graphql';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createEmulator } from '../../src/emulator/emulator.js';
import { startEmulatorServer } from '../../src/emulator/http-server.js';
import { listen } from '../../src/listen.js';
import { createTestGateway, errorCodes, TEST_SETTINGS } from '../helpers/gateway.js';

const ROUTE = 'listSharedRepositories';
const PAGE = '{ sharedRepositories(center: SELF, first: 5) { totalCount } }';

/** Polls `done` every few milliseconds of real time, for at most `ms`. */
async function eventually(done: () => boolean, ms = 500): Promise<void> {
  const until = performance.now() + ms;
  while (!done() && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  expect(done()).toBe(true);
}

// End to end with real time: a short deadline against upstream delays a hundred times longer.
// (test/unit/swr-resilience-session.test.ts drives the deadline with fake timers.)
describe('the request deadline', () => {
  it('aborts SWR calls still running with UPSTREAM_UNAVAILABLE, and does not retry them', async () => {
    const gateway = createTestGateway({ settings: { requestTimeoutMs: 80 } });
    gateway.emulator.faults.inject({ route: ROUTE, delayMs: 10_000, times: 1 });
    const started = performance.now();
    const response = await gateway.app.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer alice' },
      body: JSON.stringify({ query: PAGE }),
    });
    const result = (await response.json()) as ExecutionResult;
    expect(performance.now() - started).toBeLessThan(1000);
    expect(errorCodes(result)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(result.errors?.[0]?.message).toBe(
      'SWR did not answer GET v2/manage/shared-repositories?center=self&limit=5&offset=0 in time',
    );
    expect(gateway.emulator.callCount(ROUTE)).toBe(1);
    expect(gateway.emulator.inFlight).toBe(0);
    expect(gateway.app.breaker.state).toBe('closed');
  });
});

describe('a client that disconnects', () => {
  it('aborts the SWR calls of its request over real HTTP, and the gateway carries on', async () => {
    const emulator = createEmulator();
    const upstream = await startEmulatorServer(emulator);
    const logs: string[] = [];
    const app = createApp(
      { ...TEST_SETTINGS, swrEndpoint: upstream.url },
      { logger: pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) }) },
    );
    const gateway = await listen(app, { port: 0, host: '127.0.0.1' });
    try {
      emulator.faults.inject({ route: ROUTE, delayMs: 10_000, times: 1 });
      const client = new AbortController();
      const request = fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer alice' },
        body: JSON.stringify({ query: PAGE }),
        signal: client.signal,
      });
      request.catch(() => undefined);
      await eventually(() => emulator.inFlight === 1);

      client.abort();
      await expect(request).rejects.toThrow();
      // The gateway saw the disconnect (request.signal fired) and dropped its SWR call.
      await eventually(() => emulator.inFlight === 0);
      expect(emulator.calls).toEqual([expect.objectContaining({ route: ROUTE, status: 0 })]);

      const next = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer alice' },
        body: JSON.stringify({ query: PAGE }),
      });
      expect(((await next.json()) as ExecutionResult).errors).toBeUndefined();
      expect(emulator.callCount(ROUTE)).toBe(2);
      expect(app.breaker.state).toBe('closed');
      const levels = logs.map((line) => (JSON.parse(line) as { level: number }).level);
      expect(levels.filter((level) => level >= 50)).toEqual([]);
    } finally {
      await gateway.close();
      await upstream.close();
    }
  });
});

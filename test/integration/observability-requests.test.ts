import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { type AppSettings, createApp } from '../../src/app.js';
import { createEmulator } from '../../src/emulator/emulator.js';
import { TEST_SETTINGS } from '../helpers/gateway.js';

const SHARED = `query SharedImages {
  sharedRepositories(center: THIRD_PARTY, first: 20) {
    totalCount
    nodes { namespace name domainName sizeBytes tagCount updatedAt shareActive }
  }
}`;

/** An app over a fresh in-process emulator, with its log lines captured as objects. */
function gateway(options: { settings?: Partial<AppSettings>; logLevel?: string } = {}) {
  const emulator = createEmulator();
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: options.logLevel ?? 'info' },
    { write: (line: string) => void lines.push(JSON.parse(line)) },
  );
  const app = createApp(
    { ...TEST_SETTINGS, ...options.settings },
    { fetch: emulator.fetch, logger },
  );
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    app.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer alice', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const get = (path: string) => app.yoga.fetch(`http://gateway.test${path}`);
  const requestLines = () => lines.filter((line) => line.msg === 'graphql request');
  const metrics = async () => (await get('/metrics')).text();
  return { app, emulator, lines, requestLines, post, get, metrics };
}

describe('request logging', () => {
  it('writes one line per GraphQL request with its operation, duration, upstream calls and outcome', async () => {
    const gw = gateway();
    const response = await gw.post({ query: SHARED }, { 'x-request-id': 'trace-me-1' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { sharedRepositories: { nodes: unknown[] } } };
    expect(body.data.sharedRepositories.nodes.length).toBeGreaterThan(1);

    const [line, ...others] = gw.requestLines();
    expect(others).toEqual([]);
    expect(line).toMatchObject({
      level: 30,
      requestId: 'trace-me-1',
      operation: 'SharedImages',
      operationType: 'query',
      status: 200,
      upstreamCalls: gw.emulator.callCount(),
      outcome: 'ok',
    });
    expect(gw.emulator.callCount()).toBeGreaterThan(0);
    expect(line?.durationMs).toEqual(expect.any(Number));
    expect(line).not.toHaveProperty('errorCodes');
    // Nothing else is logged at info for a successful request: no per-field lines.
    expect(gw.lines.filter((one) => (one.level as number) >= 30)).toHaveLength(1);
  });

  it("returns the request id as X-Request-Id: the caller's when sane, a new UUID otherwise", async () => {
    const gw = gateway();
    const kept = await gw.post({ query: SHARED }, { 'x-request-id': 'abc-123' });
    expect(kept.headers.get('x-request-id')).toBe('abc-123');
    const replaced = await gw.post({ query: SHARED }, { 'x-request-id': 'no spaces allowed' });
    const fresh = replaced.headers.get('x-request-id');
    expect(fresh).toMatch(/^[0-9a-f-]{36}$/);
    // The same id went to SWR and into the log line.
    expect(gw.emulator.calls.at(-1)?.requestId).toBe(fresh);
    expect(gw.requestLines().at(-1)?.requestId).toBe(fresh);
  });

  it('logs the error codes of a failed request, and of one that did not even parse', async () => {
    const gw = gateway();
    await gw.post({ query: SHARED }, { authorization: '' });
    await gw.post({ query: 'query Broken { sharedRepositories(' });
    const badJson = await gw.post('{"query": ');
    expect(badJson.status).toBe(400);
    expect(badJson.headers.get('x-request-id')).toBeTruthy();
    const [unauthenticated, broken, invalidBody] = gw.requestLines();
    expect(unauthenticated).toMatchObject({
      operation: 'SharedImages',
      outcome: 'error',
      errorCodes: ['UNAUTHENTICATED'],
      upstreamCalls: 0,
    });
    expect(broken).toMatchObject({
      operation: null,
      outcome: 'error',
      errorCodes: ['GRAPHQL_PARSE_FAILED'],
    });
    expect(invalidBody).toMatchObject({
      status: 400,
      outcome: 'error',
      errorCodes: ['BAD_REQUEST'],
    });
  });

  it('logs nothing per request above info (LOG_LEVEL=warn)', async () => {
    const gw = gateway({ logLevel: 'warn' });
    await gw.post({ query: SHARED });
    expect(gw.lines).toEqual([]);
  });

  it('does not log requests that are not GraphQL (health, metrics, GraphiQL)', async () => {
    const gw = gateway();
    await gw.get('/healthz');
    await gw.get('/readyz');
    await gw.get('/metrics');
    await gw.app.yoga.fetch('http://gateway.test/graphql', { headers: { accept: 'text/html' } });
    expect(gw.requestLines()).toEqual([]);
  });
});

describe('/metrics', () => {
  it('serves the Prometheus text format with request, upstream and breaker metrics', async () => {
    const gw = gateway();
    await gw.post({ query: SHARED });
    await gw.post({ query: SHARED }, { authorization: '' });
    const response = await gw.get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain(
      'swr_bff_graphql_requests_total{operation="SharedImages",outcome="ok"} 1',
    );
    expect(text).toContain(
      'swr_bff_graphql_errors_total{operation="SharedImages",code="UNAUTHENTICATED"} 1',
    );
    expect(text).toContain(
      'swr_bff_graphql_request_duration_seconds_count{operation="SharedImages",outcome="ok"} 1',
    );
    expect(text).toContain(
      `swr_bff_graphql_request_upstream_calls_sum{operation="SharedImages"} ${gw.emulator.callCount()}`,
    );
    expect(text).toContain(
      'swr_bff_upstream_calls_total{route="listSharedRepositories",status="200",outcome="ok"} 1',
    );
    expect(text).toContain(
      'swr_bff_upstream_call_duration_seconds_count{route="listSharedRepositories",status="200"} 1',
    );
    expect(text).toContain('swr_bff_breaker_state{state="closed"} 1');
    expect(text).toContain('swr_bff_graphql_requests_in_flight 0');
  });

  it('does not let random operation names create unbounded series', async () => {
    const gw = gateway();
    for (let i = 0; i < 130; i++) {
      await gw.post({ query: `query Op${i} { __typename }` });
    }
    await gw.post({ query: `query NeverValid${Math.random().toString(36).slice(2)} { nope }` });
    const text = await gw.metrics();
    const operations = new Set(
      [...text.matchAll(/^swr_bff_graphql_requests_total\{operation="([^"]*)"/gm)].map((m) => m[1]),
    );
    expect(operations.size).toBe(102);
    expect(operations).toContain('Op0');
    expect(operations).toContain('__other');
    expect(operations).toContain('__invalid');
    expect(text).not.toContain('NeverValid');
  });

  it('keeps two apps in one process apart (a registry per app)', async () => {
    const one = gateway();
    const two = gateway();
    await one.post({ query: SHARED });
    expect(await one.metrics()).toContain('swr_bff_graphql_requests_total{');
    expect(await two.metrics()).not.toContain('swr_bff_graphql_requests_total{');
  });
});

describe('/healthz and /readyz', () => {
  it('answer without a token and without calling SWR', async () => {
    const gw = gateway();
    const live = await gw.get('/healthz');
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    const ready = await gw.get('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    expect(gw.emulator.callCount()).toBe(0);
  });

  it("leave yoga's own /health as the README says: 200, empty body, no SWR call", async () => {
    const gw = gateway();
    const health = await gw.get('/health');
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('');
    expect(gw.emulator.callCount()).toBe(0);
  });

  it('turn readiness to 503 at shutdown while liveness stays 200', async () => {
    const gw = gateway();
    gw.app.observability.health.beginShutdown();
    const ready = await gw.get('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', reason: 'shutting-down' });
    expect((await gw.get('/healthz')).status).toBe(200);
  });

  it('keep readiness at 200 while the shared circuit breaker is open; the gauge and a log line say so', async () => {
    const gw = gateway({
      settings: {
        swrBreakerThreshold: 2,
        swrRetries: 0,
        swrBreakerCooldownMs: 60_000,
        swrBreakerMinCallers: 1,
      },
    });
    gw.emulator.faults.inject({ response: { status: 503 } });
    await gw.post({ query: SHARED });
    await gw.post({ query: SHARED });
    expect(gw.app.breaker.state).toBe('open');
    // Readiness is about this process: SWR being down would turn every replica unready at once.
    const ready = await gw.get('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });

    await gw.post({ query: SHARED });
    expect(
      gw.lines.filter((line) => line.level === 40 && line.msg === 'SWR circuit breaker is open'),
    ).toHaveLength(1);
    const text = await gw.metrics();
    expect(text).toContain('swr_bff_breaker_state{state="open"} 1');
    expect(text).toContain('swr_bff_breaker_state{state="closed"} 0');
    expect(text).toContain(
      'swr_bff_upstream_calls_total{route="listSharedRepositories",status="503",outcome="http-error"} 2',
    );
    expect(text).toContain(
      'swr_bff_upstream_calls_total{route="listSharedRepositories",status="none",outcome="circuit-open"} 1',
    );
    expect(gw.requestLines().at(-1)).toMatchObject({
      upstreamCalls: 1,
      outcome: 'error',
      errorCodes: ['UPSTREAM_UNAVAILABLE'],
    });
  });

  it('refuse other methods on the health paths (they fall through to 404)', async () => {
    const gw = gateway();
    const response = await gw.app.yoga.fetch('http://gateway.test/readyz', { method: 'POST' });
    expect(response.status).toBe(404);
  });
});

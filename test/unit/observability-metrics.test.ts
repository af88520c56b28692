import { describe, expect, it } from 'vitest';
import { BoundedLabel } from '../../src/observability/bounded-labels.js';
import { HealthState, readinessResponse } from '../../src/observability/health.js';
import {
  GatewayMetrics,
  type GraphQLRequestSummary,
  OPERATION_ANONYMOUS,
  OPERATION_INVALID,
  OPERATION_OTHER,
} from '../../src/observability/metrics.js';
import { requestIdOf } from '../../src/observability/request-id.js';
import type { UpstreamCallEvent } from '../../src/swr/observer.js';
import type { BreakerState, BreakerStatus } from '../../src/swr/resilience/breaker-status.js';

const summary = (overrides: Partial<GraphQLRequestSummary> = {}): GraphQLRequestSummary => ({
  operation: 'SharedImages',
  validated: true,
  outcome: 'ok',
  errorCodes: [],
  durationMs: 12,
  upstreamCalls: 1,
  ...overrides,
});

const call = (overrides: Partial<UpstreamCallEvent> = {}): UpstreamCallEvent => ({
  route: 'listSharedRepositories',
  method: 'GET',
  status: 200,
  outcome: 'ok',
  attempt: 1,
  startedAt: performance.now(),
  durationMs: 5,
  requestId: 'req-1',
  ...overrides,
});

/** A breaker whose state the test sets. */
function fakeBreaker(initial: BreakerState = 'closed'): BreakerStatus & { state: BreakerState } {
  return { state: initial, onStateChange: () => () => {} };
}

/** The label sets of one metric's samples, from the text format. */
async function series(metrics: GatewayMetrics, name: string): Promise<string[]> {
  const text = await metrics.registry.metrics();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => line.slice(0, line.lastIndexOf(' ')));
}

describe('BoundedLabel', () => {
  it('admits the first values up to the limit and maps later newcomers to the overflow', () => {
    const label = new BoundedLabel(2, 'other');
    expect(label.of('a')).toBe('a');
    expect(label.of('b')).toBe('b');
    expect(label.of('c')).toBe('other');
    expect(label.of('a')).toBe('a');
  });
});

describe('GatewayMetrics', () => {
  it('keeps the operation label bounded however many random names arrive', async () => {
    const metrics = new GatewayMetrics({ maxOperationNames: 5 });
    for (let i = 0; i < 500; i++) {
      metrics.requestStarted();
      metrics.requestFinished(
        summary({ operation: `Random${Math.random().toString(36).slice(2)}` }),
      );
    }
    const operations = new Set(
      (await series(metrics, 'swr_bff_graphql_requests_total')).map(
        (line) => /operation="([^"]*)"/.exec(line)?.[1],
      ),
    );
    expect(operations.size).toBe(6);
    expect(operations).toContain(OPERATION_OTHER);
  });

  it('labels invalid documents, anonymous operations and over-long names without their text', () => {
    const metrics = new GatewayMetrics();
    expect(metrics.operationLabel({ operation: 'Whatever', validated: false })).toBe(
      OPERATION_INVALID,
    );
    expect(metrics.operationLabel({ operation: null, validated: true })).toBe(OPERATION_ANONYMOUS);
    expect(metrics.operationLabel({ operation: 'A'.repeat(101), validated: true })).toBe(
      OPERATION_OTHER,
    );
    expect(metrics.operationLabel({ operation: 'SharedImages', validated: true })).toBe(
      'SharedImages',
    );
  });

  it('counts requests, errors by code, durations and upstream calls per operation', async () => {
    const metrics = new GatewayMetrics();
    metrics.requestStarted();
    metrics.requestFinished(summary({ upstreamCalls: 3 }));
    metrics.requestStarted();
    metrics.requestFinished(
      summary({ outcome: 'error', errorCodes: ['UNAUTHENTICATED', 'NOT_FOUND'], upstreamCalls: 0 }),
    );
    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'swr_bff_graphql_requests_total{operation="SharedImages",outcome="ok"} 1',
    );
    expect(text).toContain(
      'swr_bff_graphql_errors_total{operation="SharedImages",code="UNAUTHENTICATED"} 1',
    );
    expect(text).toContain(
      'swr_bff_graphql_request_duration_seconds_count{operation="SharedImages",outcome="error"} 1',
    );
    expect(text).toContain(
      'swr_bff_graphql_request_upstream_calls_sum{operation="SharedImages"} 3',
    );
    expect(text).toContain(
      'swr_bff_graphql_request_upstream_calls_bucket{le="2",operation="SharedImages"} 1',
    );
    expect(text).toContain('swr_bff_graphql_requests_in_flight 0');
  });

  it('labels upstream calls by route, status and outcome, with bounded values', async () => {
    const metrics = new GatewayMetrics();
    metrics.upstreamCall(call());
    metrics.upstreamCall(call({ status: null, outcome: 'timeout' }));
    metrics.upstreamCall(call({ status: 503, outcome: 'http-error', attempt: 2 }));
    metrics.upstreamCall(call({ route: 'GET /v2/manage?token=x', status: 999 }));
    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'swr_bff_upstream_calls_total{route="listSharedRepositories",status="200",outcome="ok"} 1',
    );
    expect(text).toContain(
      'swr_bff_upstream_calls_total{route="listSharedRepositories",status="none",outcome="timeout"} 1',
    );
    expect(text).toContain(
      'swr_bff_upstream_call_duration_seconds_count{route="listSharedRepositories",status="503"} 1',
    );
    expect(text).toContain(
      'swr_bff_upstream_calls_total{route="other",status="other",outcome="ok"} 1',
    );
    expect(text).not.toContain('token=x');
  });

  it('reports the breaker state as a gauge read at scrape time', async () => {
    const breaker = fakeBreaker();
    const metrics = new GatewayMetrics({ breaker: () => breaker });
    expect(await series(metrics, 'swr_bff_breaker_state')).toEqual([
      'swr_bff_breaker_state{state="closed"}',
      'swr_bff_breaker_state{state="open"}',
      'swr_bff_breaker_state{state="half-open"}',
    ]);
    expect(await metrics.registry.metrics()).toContain('swr_bff_breaker_state{state="closed"} 1');
    breaker.state = 'open';
    const text = await metrics.registry.metrics();
    expect(text).toContain('swr_bff_breaker_state{state="open"} 1');
    expect(text).toContain('swr_bff_breaker_state{state="closed"} 0');
  });

  it('gives each instance its own registry, so two apps in one process do not collide', async () => {
    const one = new GatewayMetrics();
    const two = new GatewayMetrics();
    one.requestStarted();
    one.requestFinished(summary());
    expect(await one.registry.metrics()).toContain('swr_bff_graphql_requests_total{');
    expect(await two.registry.metrics()).not.toContain('swr_bff_graphql_requests_total{');
  });
});

describe('HealthState', () => {
  it('is ready until shutdown begins, whatever the shared breaker says', async () => {
    const health = new HealthState();
    expect(readinessResponse(health).status).toBe(200);
    health.beginShutdown();
    expect(await readinessResponse(health).json()).toEqual({
      status: 'unavailable',
      reason: 'shutting-down',
    });
  });

  it('is ready without a breaker', () => {
    expect(readinessResponse(new HealthState()).status).toBe(200);
  });
});

describe('requestIdOf', () => {
  const request = (id?: string) =>
    new Request('http://gateway.test/graphql', { headers: id ? { 'x-request-id': id } : {} });

  it('adopts a sane incoming id and keeps a generated one stable per request', () => {
    expect(requestIdOf(request('abc-123.4:5_6'))).toBe('abc-123.4:5_6');
    const fresh = request();
    expect(requestIdOf(fresh)).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(fresh)).toBe(requestIdOf(fresh));
  });

  it('replaces an id with unsafe characters or of excessive length', () => {
    for (const bad of ['a b', 'x"}{', 'a'.repeat(129), 'ü']) {
      expect(requestIdOf(request(bad))).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

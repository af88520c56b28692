import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { createTracing, tracesUrl } from '../../src/observability/tracing.js';
import type { UpstreamCallEvent } from '../../src/swr/observer.js';

describe('createTracing', () => {
  it('sets nothing up without an endpoint or exporter', () => {
    expect(createTracing({})).toBeUndefined();
  });

  it('sets up OTLP export when an endpoint is given, without sending anything yet', async () => {
    const tracing = createTracing({ otlpEndpoint: 'http://127.0.0.1:1' });
    expect(tracing).toBeDefined();
    await tracing?.shutdown();
  });

  it('sends traces to /v1/traces of the endpoint, as the OTLP spec says', () => {
    expect(tracesUrl('http://collector:4318')).toBe('http://collector:4318/v1/traces');
    expect(tracesUrl('http://collector:4318/')).toBe('http://collector:4318/v1/traces');
    expect(tracesUrl('http://collector:4318/v1/traces')).toBe('http://collector:4318/v1/traces');
  });

  it('makes a request span with one child span per upstream attempt, timed by the event', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = createTracing({ exporter });
    if (!tracing) throw new Error('tracing is off');
    const span = tracing.startRequest('req-7');
    tracing.nameRequest(span, 'query', 'SharedImages');
    const startedAt = performance.now();
    const event: UpstreamCallEvent = {
      route: 'listSharedRepositories',
      method: 'GET',
      status: 503,
      outcome: 'http-error',
      attempt: 1,
      startedAt,
      durationMs: 40,
      requestId: 'req-7',
    };
    tracing.upstreamCall(span, event);
    tracing.upstreamCall(span, { ...event, status: 200, outcome: 'ok', attempt: 2 });
    tracing.finishRequest(
      span,
      {
        operation: 'SharedImages',
        validated: true,
        outcome: 'ok',
        errorCodes: [],
        durationMs: 90,
        upstreamCalls: 2,
      },
      200,
    );
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(3);
    const request = spans.find((one) => one.kind === SpanKind.SERVER);
    const attempts = spans.filter((one) => one.kind === SpanKind.CLIENT);
    expect(request?.name).toBe('query SharedImages');
    expect(request?.attributes).toMatchObject({
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'SharedImages',
      'swr_bff.request_id': 'req-7',
      'swr_bff.upstream_calls': 2,
      'http.response.status_code': 200,
    });
    expect(request?.resource.attributes['service.name']).toBe('swr-bff');
    expect(attempts.map((one) => one.name)).toEqual([
      'SWR listSharedRepositories',
      'SWR listSharedRepositories',
    ]);
    for (const attempt of attempts) {
      expect(attempt.parentSpanContext?.spanId).toBe(request?.spanContext().spanId);
      expect(attempt.spanContext().traceId).toBe(request?.spanContext().traceId);
      const durationMs = attempt.duration[0] * 1e3 + attempt.duration[1] / 1e6;
      expect(durationMs).toBeCloseTo(40, 0);
    }
    expect(attempts[0]?.attributes).toEqual({
      'swr.route': 'listSharedRepositories',
      'http.request.method': 'GET',
      'http.response.status_code': 503,
      'swr.attempt': 1,
      'swr.outcome': 'http-error',
      'error.type': 'http-error',
    });
    expect(attempts[0]?.status.code).toBe(SpanStatusCode.ERROR);
    expect(attempts[1]?.attributes['swr.attempt']).toBe(2);
    await tracing.shutdown();
  });

  it('marks a failed request span with its error codes', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = createTracing({ exporter });
    if (!tracing) throw new Error('tracing is off');
    const span = tracing.startRequest('req-8');
    tracing.finishRequest(
      span,
      {
        operation: null,
        validated: false,
        outcome: 'error',
        errorCodes: ['GRAPHQL_PARSE_FAILED'],
        durationMs: 1,
        upstreamCalls: 0,
      },
      400,
    );
    const [only] = exporter.getFinishedSpans();
    expect(only?.name).toBe('GraphQL request');
    expect(only?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'GRAPHQL_PARSE_FAILED' });
    expect(only?.attributes['swr_bff.error_codes']).toEqual(['GRAPHQL_PARSE_FAILED']);
    await tracing.shutdown();
  });
});

import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { type AppSettings, createApp } from '../../src/app.js';
import { createEmulator } from '../../src/emulator/emulator.js';
import { TEST_SETTINGS } from '../helpers/gateway.js';

const SHARED = `query SharedImages {
  sharedRepositories(center: SELF, first: 5) { totalCount nodes { name } }
}`;

function tracedGateway(settings: Partial<AppSettings> = {}) {
  const emulator = createEmulator();
  const exporter = new InMemorySpanExporter();
  const app = createApp(
    { ...TEST_SETTINGS, ...settings },
    { fetch: emulator.fetch, logger: pino({ level: 'silent' }), spanExporter: exporter },
  );
  const post = (query: string, headers: Record<string, string> = {}) =>
    app.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer alice', ...headers },
      body: JSON.stringify({ query }),
    });
  return { app, emulator, exporter, post };
}

describe('tracing', () => {
  it('is off, with nothing set up, when no OTLP endpoint is configured', () => {
    expect(TEST_SETTINGS.otlpEndpoint).toBeUndefined();
    const app = createApp(TEST_SETTINGS, { logger: pino({ level: 'silent' }) });
    expect(app.observability.tracing).toBeUndefined();
  });

  it('is on when an OTLP endpoint is configured', async () => {
    const app = createApp(
      { ...TEST_SETTINGS, otlpEndpoint: 'http://127.0.0.1:1' },
      { logger: pino({ level: 'silent' }) },
    );
    expect(app.observability.tracing).toBeDefined();
    await app.observability.close();
  });

  it('records a span per GraphQL request with a child span per upstream attempt', async () => {
    const gw = tracedGateway();
    const response = await gw.post(SHARED, { 'x-request-id': 'span-req-1' });
    expect(response.status).toBe(200);
    const spans = gw.exporter.getFinishedSpans();
    const server = spans.filter((span) => span.kind === SpanKind.SERVER);
    const clients = spans.filter((span) => span.kind === SpanKind.CLIENT);
    expect(server).toHaveLength(1);
    expect(clients).toHaveLength(gw.emulator.callCount());
    expect(clients.length).toBeGreaterThan(0);
    const [request] = server;
    expect(request?.name).toBe('query SharedImages');
    expect(request?.attributes).toMatchObject({
      'swr_bff.request_id': 'span-req-1',
      'graphql.operation.name': 'SharedImages',
      'swr_bff.upstream_calls': clients.length,
      'http.response.status_code': 200,
    });
    for (const client of clients) {
      expect(client.parentSpanContext?.spanId).toBe(request?.spanContext().spanId);
      expect(client.attributes).toMatchObject({
        'swr.route': 'listSharedRepositories',
        'http.request.method': 'GET',
        'http.response.status_code': 200,
        'swr.attempt': 1,
        'swr.outcome': 'ok',
      });
      expect(Object.keys(client.attributes).some((key) => key.startsWith('url.'))).toBe(false);
    }
    await gw.app.observability.close();
  });

  it('records every retry as its own attempt span, and the request span as an error', async () => {
    const gw = tracedGateway({ swrRetries: 1, swrBreakerThreshold: 100 });
    gw.emulator.faults.inject({ response: { status: 503 } });
    await gw.post(SHARED);
    const spans = gw.exporter.getFinishedSpans();
    const attempts = spans.filter((span) => span.kind === SpanKind.CLIENT);
    expect(attempts.map((span) => span.attributes['swr.attempt'])).toEqual([1, 2]);
    expect(attempts.every((span) => span.status.code === SpanStatusCode.ERROR)).toBe(true);
    const request = spans.find((span) => span.kind === SpanKind.SERVER);
    expect(request?.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'UPSTREAM_UNAVAILABLE',
    });
    await gw.app.observability.close();
  });

  it('joins the caller’s trace: an incoming W3C traceparent is the parent of the request span', async () => {
    const gw = tracedGateway();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpanId = '00f067aa0ba902b7';
    await gw.post(SHARED, {
      traceparent: `00-${traceId}-${callerSpanId}-01`,
      tracestate: 'vendor=opaque',
    });
    const spans = gw.exporter.getFinishedSpans();
    const request = spans.find((span) => span.kind === SpanKind.SERVER);
    expect(request?.spanContext().traceId).toBe(traceId);
    expect(request?.parentSpanContext).toMatchObject({ traceId, spanId: callerSpanId });
    expect(request?.spanContext().traceState?.get('vendor')).toBe('opaque');
    const clients = spans.filter((span) => span.kind === SpanKind.CLIENT);
    expect(clients.length).toBeGreaterThan(0);
    for (const client of clients) expect(client.spanContext().traceId).toBe(traceId);
    await gw.app.observability.close();
  });

  it('follows the caller’s sampling decision: an unsampled traceparent records nothing', async () => {
    const gw = tracedGateway();
    const response = await gw.post(SHARED, {
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00',
    });
    expect(response.status).toBe(200);
    expect(gw.emulator.callCount()).toBeGreaterThan(0);
    expect(gw.exporter.getFinishedSpans()).toEqual([]);
    await gw.app.observability.close();
  });

  it('starts a new trace when traceparent is absent or malformed, and each request its own', async () => {
    const gw = tracedGateway();
    await gw.post(SHARED, {
      traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
    });
    await gw.post(SHARED, { traceparent: 'not a traceparent' });
    await gw.post(SHARED);
    const requests = gw.exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.SERVER);
    expect(requests).toHaveLength(3);
    for (const request of requests) expect(request.parentSpanContext).toBeUndefined();
    expect(new Set(requests.map((request) => request.spanContext().traceId)).size).toBe(3);
    await gw.app.observability.close();
  });
});

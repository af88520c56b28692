import { createRequire } from 'node:module';
import type { Span, Tracer } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { UpstreamCallEvent } from '../swr/observer.js';
import type { GraphQLRequestSummary } from './metrics.js';

/**
 * The OpenTelemetry packages, loaded (synchronously, so `createTracing` stays synchronous) only
 * when tracing is on: a gateway without `OTEL_EXPORTER_OTLP_ENDPOINT` never loads them.
 */
function loadOpenTelemetry() {
  const require = createRequire(import.meta.url);
  return {
    api: require('@opentelemetry/api') as typeof import('@opentelemetry/api'),
    core: require('@opentelemetry/core') as typeof import('@opentelemetry/core'),
    exporter:
      require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http'),
    resources: require('@opentelemetry/resources') as typeof import('@opentelemetry/resources'),
    sdk: require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base'),
    semconv:
      require('@opentelemetry/semantic-conventions') as typeof import('@opentelemetry/semantic-conventions'),
  };
}

export interface TracingOptions {
  /** `OTEL_EXPORTER_OTLP_ENDPOINT`: base URL of an OTLP/HTTP collector; traces go to `/v1/traces`. */
  otlpEndpoint?: string;
  /**
   * Test seam: export to this exporter (e.g. `InMemorySpanExporter`) synchronously, span by span,
   * instead of batching to `otlpEndpoint`.
   */
  exporter?: SpanExporter;
}

/**
 * Traces of GraphQL requests: one SERVER span per request, one CLIENT child span per SWR attempt.
 * Attributes are chosen one by one; none carries the token, a header or a URL.
 */
export interface GatewayTracing {
  readonly tracer: Tracer;
  /**
   * Starts the span of one GraphQL request: a child of the caller's span when `headers` carry a
   * valid W3C `traceparent` (with its `tracestate`), otherwise the root of a new trace.
   */
  startRequest(requestId: string, headers?: Headers): Span;
  /** Names the request span once the operation is known (the document parsed and validated). */
  nameRequest(span: Span, type: string, name: string | null): void;
  /** Records one SWR attempt as a child of the request span, with the attempt's own timing. */
  upstreamCall(parent: Span, event: UpstreamCallEvent): void;
  /** Ends the request span. */
  finishRequest(span: Span, summary: GraphQLRequestSummary, httpStatus: number): void;
  /** Exports what is buffered and stops; call once, at shutdown. */
  shutdown(): Promise<void>;
}

/** The OTLP/HTTP traces URL for an endpoint given as the spec's base URL (or already complete). */
export function tracesUrl(endpoint: string): string {
  const base = endpoint.replace(/\/+$/, '');
  return base.endsWith('/v1/traces') ? base : `${base}/v1/traces`;
}

/** Tracing as configured, or `undefined` (nothing set up, no cost) without endpoint or exporter. */
export function createTracing(options: TracingOptions): GatewayTracing | undefined {
  if (options.exporter === undefined && options.otlpEndpoint === undefined) return undefined;
  const { api, core, exporter, resources, sdk, semconv } = loadOpenTelemetry();
  const { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } = api;
  const { ATTR_ERROR_TYPE, ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE } = semconv;
  const processor =
    options.exporter !== undefined
      ? new sdk.SimpleSpanProcessor(options.exporter)
      : new sdk.BatchSpanProcessor(
          new exporter.OTLPTraceExporter({ url: tracesUrl(options.otlpEndpoint as string) }),
        );
  // Not registered globally: the gateway parents its spans explicitly, so several apps (tests) do
  // not share a provider and no context manager is needed.
  const provider = new sdk.BasicTracerProvider({
    resource: resources.resourceFromAttributes({ [semconv.ATTR_SERVICE_NAME]: 'swr-bff' }),
    spanProcessors: [processor],
  });
  const tracer = provider.getTracer('swr-bff');
  const traceContext = new core.W3CTraceContextPropagator();

  return {
    tracer,
    startRequest(requestId, headers) {
      return tracer.startSpan(
        'GraphQL request',
        { kind: SpanKind.SERVER, attributes: { 'swr_bff.request_id': requestId } },
        headers === undefined
          ? ROOT_CONTEXT
          : traceContext.extract(ROOT_CONTEXT, headers, headersGetter),
      );
    },
    nameRequest(span, type, name) {
      span.updateName(name === null ? type : `${type} ${name}`);
      span.setAttribute('graphql.operation.type', type);
      if (name !== null) span.setAttribute('graphql.operation.name', name);
    },
    upstreamCall(parent, event) {
      // Epoch milliseconds: the event's times are `performance.now()` values.
      const startTime = performance.timeOrigin + event.startedAt;
      const span = tracer.startSpan(
        `SWR ${event.route}`,
        {
          kind: SpanKind.CLIENT,
          startTime,
          attributes: {
            'swr.route': event.route,
            [ATTR_HTTP_REQUEST_METHOD]: event.method,
            'swr.attempt': event.attempt,
            'swr.outcome': event.outcome,
            ...(event.status === null ? {} : { [ATTR_HTTP_RESPONSE_STATUS_CODE]: event.status }),
          },
        },
        trace.setSpan(ROOT_CONTEXT, parent),
      );
      if (event.outcome !== 'ok') {
        span.setAttribute(ATTR_ERROR_TYPE, event.outcome);
        span.setStatus({ code: SpanStatusCode.ERROR, message: event.outcome });
      }
      span.end(startTime + event.durationMs);
    },
    finishRequest(span, summary, httpStatus) {
      span.setAttribute('swr_bff.upstream_calls', summary.upstreamCalls);
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, httpStatus);
      if (summary.outcome === 'error') {
        span.setAttribute('swr_bff.error_codes', [...summary.errorCodes]);
        span.setStatus({ code: SpanStatusCode.ERROR, message: summary.errorCodes.join(',') });
      }
      span.end();
    },
    shutdown: () => provider.shutdown(),
  };
}

/** Reads W3C trace context from fetch `Headers` (names are case-insensitive there). */
const headersGetter = {
  get: (headers: Headers, key: string) => headers.get(key) ?? undefined,
  keys: (headers: Headers) => [...headers.keys()],
};

import {
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVICE_NAME,
} from '@opentelemetry/semantic-conventions';
import type { UpstreamCallEvent } from '../swr/observer.js';
import type { GraphQLRequestSummary } from './metrics.js';

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
  /** Starts the span of one GraphQL request. */
  startRequest(requestId: string): Span;
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
  let processor: SimpleSpanProcessor | BatchSpanProcessor;
  if (options.exporter !== undefined) {
    processor = new SimpleSpanProcessor(options.exporter);
  } else if (options.otlpEndpoint !== undefined) {
    processor = new BatchSpanProcessor(
      new OTLPTraceExporter({ url: tracesUrl(options.otlpEndpoint) }),
    );
  } else {
    return undefined;
  }
  // Not registered globally: the gateway parents its spans explicitly, so several apps (tests) do
  // not share a provider and no context manager is needed.
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: 'swr-bff' }),
    spanProcessors: [processor],
  });
  const tracer = provider.getTracer('swr-bff');

  return {
    tracer,
    startRequest(requestId) {
      return tracer.startSpan('GraphQL request', {
        kind: SpanKind.SERVER,
        attributes: { 'swr_bff.request_id': requestId },
      });
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

import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { CacheStatus } from '../cache/store.js';
import type { UpstreamCallEvent } from '../swr/observer.js';
import type { BreakerStatus } from '../swr/resilience/breaker-status.js';
import { HealthState } from './health.js';
import { GatewayMetrics } from './metrics.js';
import { createRequestObservation } from './plugin.js';
import { createTracing, type GatewayTracing } from './tracing.js';

export { HealthState } from './health.js';
export { GatewayMetrics } from './metrics.js';
export { requestIdOf } from './request-id.js';
export type { GatewayTracing } from './tracing.js';

export interface ObservabilityOptions {
  logger: Logger;
  /** `OTEL_EXPORTER_OTLP_ENDPOINT`; tracing is off without it (and without `spanExporter`). */
  otlpEndpoint?: string;
  /** Test seam: turns tracing on with this exporter (e.g. `InMemorySpanExporter`). */
  spanExporter?: SpanExporter;
  /** The SWR circuit breaker, read by the `swr_bff_breaker_state` gauge and logged as it changes. */
  breaker?: BreakerStatus;
  /** The SWR cache, read by the `swr_bff_cache_memory_bytes` and `swr_bff_cache_entries` gauges. */
  cache?: () => CacheStatus | undefined;
}

/** Logs, metrics, traces and health of one app. */
export interface Observability {
  /** Put it in Yoga's `plugins`. */
  readonly plugin: Plugin;
  /** Pass it to `createContext` as `onCall`. */
  onCall(event: UpstreamCallEvent, request: Request): void;
  /** This app's metrics; `metrics.registry` is what `/metrics` serves. */
  readonly metrics: GatewayMetrics;
  /** `/healthz` and `/readyz` state; `health.beginShutdown()` flips readiness to 503. */
  readonly health: HealthState;
  /** `undefined` when tracing is off. */
  readonly tracing: GatewayTracing | undefined;
  /** Flushes and stops tracing. Call once the server stopped. */
  close(): Promise<void>;
}

export function createObservability(options: ObservabilityOptions): Observability {
  const metrics = new GatewayMetrics({ breaker: () => options.breaker, cache: options.cache });
  const health = new HealthState();
  const tracing = createTracing({
    otlpEndpoint: options.otlpEndpoint,
    exporter: options.spanExporter,
  });
  const observation = createRequestObservation({
    logger: options.logger,
    metrics,
    tracing,
    health,
  });
  let breakerState = options.breaker?.state ?? 'closed';
  const stopLoggingBreaker = options.breaker?.onStateChange((state) => {
    if (state === breakerState) return;
    const fields = { breaker: state, previous: breakerState };
    breakerState = state;
    if (state === 'open') options.logger.warn(fields, 'SWR circuit breaker is open');
    else options.logger.info(fields, `SWR circuit breaker is ${state}`);
  });
  return {
    plugin: observation.plugin,
    onCall: observation.onCall,
    metrics,
    health,
    tracing,
    close: async () => {
      stopLoggingBreaker?.();
      await tracing?.shutdown();
    },
  };
}

import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import { type CacheStore, createCacheStore } from './cache/index.js';
import type { AppConfig } from './config.js';
import { createContext, type GatewayContext } from './context.js';
import {
  graphiqlOptions,
  renderGraphiQL,
  useGraphiQLAssets,
  useRootRedirect,
} from './graphiql/index.js';
import { useJitExecution } from './jit.js';
import { createLogger, yogaLogging } from './logger.js';
import { createObservability, type Observability } from './observability/index.js';
import { CursorCodec } from './paging/cursor.js';
import { schema } from './schema/index.js';
import { securityCors, securityMaxRequestBodySize, securityPlugins } from './security/index.js';
import type { BreakerStatus } from './swr/resilience/breaker-status.js';
import { createSharedReads } from './swr/shared-reads.js';
import type { SwrHttpOptions } from './swr/transport/http.js';
import { createSwrUpstream } from './swr/upstream.js';

/** Configuration `createApp` needs: the validated config with a resolved SWR endpoint. */
export type AppSettings = Omit<AppConfig, 'swrEndpoint' | 'port' | 'host'> & {
  /** Base URL of SWR (a real region, or the emulator). */
  swrEndpoint: string;
};

/** Optional collaborators, for tests and the embedded emulator. */
export interface AppDependencies {
  /** Replaces global fetch for SWR calls (tests pass the in-process emulator's handler). */
  fetch?: SwrHttpOptions['fetch'];
  /** Replaces the pino logger built from `logLevel`. */
  logger?: Logger;
  /** True when `swrEndpoint` is the embedded emulator; GraphiQL then offers the demo token. */
  emulated?: boolean;
  /** Test seam: turns tracing on, exporting every span to this exporter as it ends. */
  spanExporter?: SpanExporter;
}

/** The gateway: a Yoga app serving `/graphql`. It does not listen; see `listen.ts`. */
export interface App {
  yoga: YogaServerInstance<Record<string, unknown>, GatewayContext>;
  logger: Logger;
  /** Metrics registry, health state (`beginShutdown`), tracing; `close()` flushes traces. */
  observability: Observability;
  /** The circuit breaker in front of SWR (one per app), for metrics and logs. */
  breaker: BreakerStatus;
  /** The per-caller cache of SWR reads; `undefined` when `CACHE=off`. */
  cache: CacheStore | undefined;
  /** Flushes the cache's pending writes and closes it (and its Redis connection), then tracing. */
  close(): Promise<void>;
}

/** Builds the gateway from settings. Everything per request lives in the context it creates. */
export function createApp(settings: AppSettings, deps: AppDependencies = {}): App {
  const logger = deps.logger ?? createLogger(settings.logLevel);
  // The SWR upstream: ky instance, circuit breaker and limits, shared by every request.
  const http = createSwrUpstream(settings, deps.fetch);
  const cursors = new CursorCodec(settings.cursorSecret);
  let cache: CacheStore | undefined;
  const observability = createObservability({
    logger,
    otlpEndpoint: settings.otlpEndpoint,
    spanExporter: deps.spanExporter,
    breaker: http.breaker.status,
    cache: () => cache?.status(),
  });
  cache = createCacheStore(settings.cache, { logger, observer: observability.metrics });
  const shared = createSharedReads({ cache, coalesce: settings.swrCoalesce });

  const yoga = createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    logging: yogaLogging(logger),
    graphiql: graphiqlOptions(deps.emulated === true),
    renderGraphiQL,
    cors: securityCors(settings),
    maxRequestBodySize: securityMaxRequestBodySize(settings),
    plugins: [
      observability.plugin,
      ...securityPlugins(settings),
      useGraphiQLAssets(),
      useRootRedirect('/graphql'),
      useJitExecution(logger),
    ],
    context: ({ request }) =>
      createContext(request, {
        http,
        cursors,
        log: logger,
        onCall: observability.onCall,
        shared,
        onShareMutation: (audit) =>
          observability.metrics.shareMutation(audit.operation, audit.code),
      }),
  });
  let closing: Promise<void> | undefined;
  const close = async () => {
    await cache?.close();
    await observability.close();
  };
  return {
    yoga,
    logger,
    observability,
    breaker: http.breaker.status,
    cache,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}

import type { AppConfig } from '../config.js';
import { createSwrBreaker, type SwrBreaker } from './resilience/breaker.js';
import { CallerCooldowns } from './resilience/caller-cooldowns.js';
import { type CallerKey, createCallerKey } from './resilience/caller-key.js';
import { type SwrClock, systemClock } from './resilience/clock.js';
import { type RetryPolicy, retryPolicyOf } from './resilience/retry-policy.js';
import { createSwrHttp, endpointPrefix, type SwrTransport } from './transport/http.js';
import type { SwrFetch } from './transport/keep-alive-fetch.js';

/**
 * Everything about the SWR endpoint that the whole app shares: the ky instance, the circuit
 * breaker and the limits. It holds no per-user data: `SwrSession` keeps the per-request state
 * (retry budget, concurrency limiter, in-flight calls, deadline) and `SwrClient` the token.
 */
export interface SwrUpstream extends SwrTransport {
  readonly breaker: SwrBreaker;
  /** The caller's key in app-wide state (breaker, throttling cool-downs): a keyed hash. */
  readonly callerKey: CallerKey;
  /** Callers SWR throttled, held back until their cool-down ends. */
  readonly throttledCallers: CallerCooldowns;
  /** Shortest cool-down of a throttled caller (`RATE_LIMIT_COOLDOWN_MS`). */
  readonly rateLimitCooldownMs: number;
  readonly retry: RetryPolicy;
  /** Most SWR calls in flight at once for one GraphQL request (`SWR_MAX_CONCURRENCY`). */
  readonly maxConcurrency: number;
  /** Deadline of one GraphQL request's SWR calls (`REQUEST_TIMEOUT_MS`). */
  readonly requestTimeoutMs: number;
  readonly clock: SwrClock;
}

/** The settings `createSwrUpstream` reads. */
export type SwrUpstreamSettings = Pick<
  AppConfig,
  | 'swrTimeoutMs'
  | 'swrRetries'
  | 'swrRetryBudget'
  | 'swrBreakerThreshold'
  | 'swrBreakerCooldownMs'
  | 'swrBreakerMinCallers'
  | 'swrMaxConcurrency'
  | 'swrMaxSockets'
  | 'requestTimeoutMs'
  | 'rateLimitCooldownMs'
> & { swrEndpoint: string };

/** Builds the app's SWR upstream; call it once per app (one breaker per SWR endpoint). */
export function createSwrUpstream(
  settings: SwrUpstreamSettings,
  fetch?: SwrFetch,
  options: { clock?: SwrClock } = {},
): SwrUpstream {
  const clock = options.clock ?? systemClock;
  return {
    http: createSwrHttp({
      endpoint: settings.swrEndpoint,
      fetch,
      timeoutMs: settings.swrTimeoutMs,
      maxSockets: settings.swrMaxSockets,
    }),
    endpoint: endpointPrefix(settings.swrEndpoint),
    breaker: createSwrBreaker({
      threshold: settings.swrBreakerThreshold,
      cooldownMs: settings.swrBreakerCooldownMs,
      minCallers: settings.swrBreakerMinCallers,
    }),
    callerKey: createCallerKey(),
    throttledCallers: new CallerCooldowns(clock),
    rateLimitCooldownMs: settings.rateLimitCooldownMs,
    retry: retryPolicyOf(settings),
    maxConcurrency: settings.swrMaxConcurrency,
    requestTimeoutMs: settings.requestTimeoutMs,
    clock,
  };
}

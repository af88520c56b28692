import type { BreakerStatus } from '../../src/swr/resilience/breaker-status.js';
import { CallerCooldowns } from '../../src/swr/resilience/caller-cooldowns.js';
import { createCallerKey } from '../../src/swr/resilience/caller-key.js';
import { systemClock } from '../../src/swr/resilience/clock.js';
import { retryPolicyOf } from '../../src/swr/resilience/retry-policy.js';
import {
  createSwrHttp,
  endpointPrefix,
  type SwrHttpOptions,
} from '../../src/swr/transport/http.js';
import type { SwrUpstream } from '../../src/swr/upstream.js';

const ALWAYS_CLOSED: BreakerStatus = { state: 'closed', onStateChange: () => () => {} };

/**
 * The app's ky instance for `options` as an upstream without resilience: one attempt per call, no
 * breaker; the concurrency cap, deduplication and a 15 s request deadline still apply. For unit
 * tests that drive `SwrClient` over an injected fetch.
 */
export function plainUpstream(options: SwrHttpOptions): SwrUpstream {
  return {
    http: createSwrHttp(options),
    endpoint: endpointPrefix(options.endpoint),
    breaker: { status: ALWAYS_CLOSED, execute: (attempt) => attempt() },
    callerKey: createCallerKey(),
    throttledCallers: new CallerCooldowns(systemClock),
    rateLimitCooldownMs: 2000,
    retry: retryPolicyOf({ swrRetries: 0, swrRetryBudget: 0 }),
    maxConcurrency: 16,
    requestTimeoutMs: 15_000,
    clock: systemClock,
  };
}

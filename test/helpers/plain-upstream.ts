import type { BreakerStatus } from '../../src/swr/breaker-status.js';
import { CallerCooldowns } from '../../src/swr/caller-cooldowns.js';
import { createCallerKey } from '../../src/swr/caller-key.js';
import { systemClock } from '../../src/swr/clock.js';
import { createSwrHttp, endpointPrefix, type SwrHttpOptions } from '../../src/swr/http.js';
import { retryPolicyOf } from '../../src/swr/retry-policy.js';
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

import type { KyInstance } from 'ky';
import type { BreakerStatus } from '../../src/swr/breaker-status.js';
import { CallerCooldowns } from '../../src/swr/caller-cooldowns.js';
import { createCallerKey } from '../../src/swr/caller-key.js';
import { systemClock } from '../../src/swr/clock.js';
import { retryPolicyOf } from '../../src/swr/retry-policy.js';
import type { SwrUpstream } from '../../src/swr/upstream.js';

const ALWAYS_CLOSED: BreakerStatus = { state: 'closed', onStateChange: () => () => {} };

/**
 * A bare ky instance as an upstream without resilience: one attempt per call, no breaker; the
 * concurrency cap, deduplication and a 15 s request deadline still apply. For tools and unit
 * tests that drive `SwrClient` over a hand-made ky instance.
 */
export function plainUpstream(http: KyInstance): SwrUpstream {
  return {
    http,
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

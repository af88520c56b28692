import type { AppConfig } from '../../config.js';

/** How failed idempotent calls are retried. Shared by the app; the budget is spent per request. */
export interface RetryPolicy {
  /** Most retries of one call after its first attempt (`SWR_RETRIES`). */
  readonly retries: number;
  /** Most retries one GraphQL request may spend over all its calls (`SWR_RETRY_BUDGET`). */
  readonly budget: number;
  /** First backoff ceiling; it doubles on every retry. */
  readonly baseDelayMs: number;
  /** Highest backoff ceiling. */
  readonly maxDelayMs: number;
  /** Longest `Retry-After` the gateway waits for; a longer one ends the retries. */
  readonly maxRetryAfterMs: number;
}

/** The policy built from the settings, with 100 ms base, 2 s cap and at most 10 s `Retry-After`. */
export function retryPolicyOf(settings: Pick<AppConfig, 'swrRetries' | 'swrRetryBudget'>) {
  return {
    retries: settings.swrRetries,
    budget: settings.swrRetryBudget,
    baseDelayMs: 100,
    maxDelayMs: 2000,
    maxRetryAfterMs: 10_000,
  } satisfies RetryPolicy;
}

/** HTTP methods the gateway may send to SWR. */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * Idempotent methods may be retried: GET, and the writes whose repetition cannot duplicate
 * anything (PATCH sets the same values again, DELETE removes what is already gone; the caller
 * turns a retried DELETE's "not found" into success, see `UpstreamRequest.recoverOnRetry`). A POST
 * that may have reached SWR is never repeated: it could create twice.
 */
export function isRetriableMethod(method: HttpMethod): boolean {
  return method === 'GET' || method === 'PATCH' || method === 'DELETE';
}

/** Only reads are shared between identical calls in flight; every write is sent on its own. */
export function isDeduplicatedMethod(method: HttpMethod): boolean {
  return method === 'GET';
}

/**
 * "Full jitter" exponential backoff: a uniformly random wait in `[0, ceiling)` with
 * `ceiling = min(maxDelayMs, baseDelayMs × 2^(retry − 1))`, so concurrent callers spread out
 * instead of retrying in lockstep. `retry` is 1 for the first retry.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * A `Retry-After` header in milliseconds from `now`: delay-seconds (`"3"`) or an HTTP date (a date
 * in the past gives 0), as RFC 9110 §10.2.3 allows. `undefined` when the header is absent or
 * unreadable (a date must name its month: `Date.parse` alone accepts almost anything).
 */
export function parseRetryAfter(header: string | undefined, now: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (!/[a-z]{3}/i.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

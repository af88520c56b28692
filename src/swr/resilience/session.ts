import { setMaxListeners } from 'node:events';
import pLimit, { type LimitFunction } from 'p-limit';
import { UpstreamError, withRetryAfterMs } from '../../errors/upstream-error.js';
import type { UpstreamCallEvent, UpstreamObserver } from '../observer.js';
import { followSignal, timeoutReason } from '../transport/abort.js';
import type { SwrUpstream } from '../upstream.js';
import {
  type AttemptFailure,
  type AttemptResult,
  attemptOnce,
  type UpstreamRequest,
} from './attempt.js';
import { isRetryable, isThrottling } from './failure-class.js';
import {
  backoffDelay,
  isDeduplicatedMethod,
  isRetriableMethod,
  parseRetryAfter,
} from './retry-policy.js';

/** Calls in flight from which the session's signal may have more listeners than Node's 10. */
const WIDE_FAN_OUT = 4;

/** Longest cool-down a throttled caller gets, whatever `Retry-After` SWR sent. */
const MAX_THROTTLE_COOLDOWN_MS = 60_000;

/** What a session needs to know about its GraphQL request. */
export interface SwrSessionOptions {
  /** The gateway's request id, for the observer. */
  requestId: string;
  /** Aborts every call, e.g. when the client goes away. The request deadline is added to it. */
  signal?: AbortSignal | undefined;
  /** Told about every attempt. */
  onCall?: UpstreamObserver | undefined;
  /**
   * The caller's key (see `CallerKey`: a keyed hash, never the token), so that the app-wide
   * breaker can tell one failing caller from many, and a throttled caller is held back alone.
   * Unset: one anonymous caller for the breaker, and no throttling cool-down.
   */
  caller?: string | undefined;
}

/**
 * The per-request half of the resilience layer (the app-wide half is {@link SwrUpstream}):
 *
 * - a **deadline**: `requestTimeoutMs` after the session starts, every call still running is
 *   aborted, as when the caller's `signal` aborts;
 * - **deduplication**: an identical GET (method and full URL) already in flight is not sent again,
 *   its result is shared;
 * - **retries** of idempotent calls only (GET, PATCH, DELETE; never a POST), with full-jitter exponential backoff or `Retry-After`, at most
 *   `retry.retries` per call and `retry.budget` for the whole session;
 * - a **concurrency cap**: at most `maxConcurrency` attempts in flight; a call waiting to retry
 *   holds no slot;
 * - every attempt goes through the app's circuit breaker and is reported to `onCall`;
 * - **throttling etiquette**: a 429 is retried only after the `Retry-After` SWR sent (at most
 *   `maxRetryAfterMs`, within the deadline), never on a backoff of its own. When a throttled call
 *   (429, 403 `SVCSTG.SWR.4031032`/`4031042`) ends, the caller cools down for
 *   `rateLimitCooldownMs` (or SWR's longer `Retry-After`, at most 60 s): the error carries
 *   `retryAfterMs`, and until then every call of that caller, in any request, fails as
 *   `throttled` without reaching SWR. Other callers are untouched.
 *
 * `run` resolves with the decoded value or rejects with the last attempt's {@link UpstreamError}
 * (a bug in a decoder rejects with that bug).
 */
export class SwrSession {
  readonly #upstream: SwrUpstream;
  readonly #options: SwrSessionOptions;
  /** Aborts every call: at the deadline, or when the caller's signal aborts. */
  readonly #abort = new AbortController();
  /** Armed only while calls are running, so a finished request leaves no timer behind. */
  #deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  #runningCount = 0;
  #signalReads = 0;
  readonly #deadline: number;
  readonly #limit: LimitFunction;
  readonly #inFlight = new Map<string, Promise<unknown>>();
  #budget: number;

  constructor(upstream: SwrUpstream, options: SwrSessionOptions) {
    this.#upstream = upstream;
    this.#options = options;
    this.#deadline = upstream.clock.now() + upstream.requestTimeoutMs;
    followSignal(this.#abort, options.signal);
    this.#limit = pLimit(upstream.maxConcurrency);
    this.#budget = upstream.retry.budget;
  }

  /**
   * Aborted at the request deadline or when the caller's signal aborts. A caller waiting on a call
   * that runs under another signal (see `runDetached`) stops waiting when this one aborts.
   */
  get signal(): AbortSignal {
    if (++this.#signalReads === WIDE_FAN_OUT) setMaxListeners(1500, this.#abort.signal);
    return this.#abort.signal;
  }

  /** Sends `request`, sharing an identical GET in flight and retrying what may be retried. */
  run<T>(request: UpstreamRequest<T>): Promise<T> {
    if (!isDeduplicatedMethod(request.method)) return this.#running(request, this.#abort.signal);
    const key = `${request.method} ${request.path}?${request.search}`;
    const pending = this.#inFlight.get(key);
    if (pending !== undefined) return pending as Promise<T>;
    const started = this.#running(request, this.#abort.signal).finally(() =>
      this.#inFlight.delete(key),
    );
    this.#inFlight.set(key, started);
    return started;
  }

  /**
   * Sends `request` (retries, concurrency slot, budget and breaker of this session) aborted only by
   * `signal`, not by this session's deadline or caller: for a call other requests wait on too
   * (see `InFlightGets`). Retries still end at this session's deadline.
   */
  runDetached<T>(request: UpstreamRequest<T>, signal: AbortSignal): Promise<T> {
    return this.#running(request, signal);
  }

  /** Runs one call with its retries, the deadline timer armed while any call runs. */
  async #running<T>(request: UpstreamRequest<T>, signal: AbortSignal): Promise<T> {
    if (this.#runningCount++ === 0) this.#armDeadline();
    // Each call in flight listens to the signal (the fetch, the breaker, a retry's wait): on a wide
    // fan-out, allow as many as undici does per signal, so that no leak warning is printed.
    else if (this.#runningCount === WIDE_FAN_OUT) setMaxListeners(1500, this.#abort.signal);
    try {
      return await this.#withRetries(request, signal);
    } finally {
      if (--this.#runningCount === 0) clearTimeout(this.#deadlineTimer);
    }
  }

  /**
   * Aborts at the deadline. A plain timer rather than `AbortSignal.timeout`, which costs ~17 µs,
   * and whose timer outlives the request by up to `requestTimeoutMs` (thousands of them under load).
   */
  #armDeadline(): void {
    if (this.#abort.signal.aborted) return;
    const expire = () => this.#abort.abort(timeoutReason());
    const remaining = this.#deadline - this.#upstream.clock.now();
    if (remaining <= 0) expire();
    else this.#deadlineTimer = setTimeout(expire, remaining).unref();
  }

  async #withRetries<T>(request: UpstreamRequest<T>, signal: AbortSignal): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const result = await this.#attempt(request, attempt, signal);
      if (result.ok) return result.value;
      if (attempt > 1 && request.recoverOnRetry !== undefined) {
        const recovered = request.recoverOnRetry(result.error);
        if (recovered !== undefined) return recovered.value;
      }
      const delay = this.#retryDelay(request, result.error, attempt, signal);
      if (delay === undefined) throw this.#givingUp(result.error);
      try {
        await this.#upstream.clock.sleep(delay, signal);
      } catch {
        throw this.#givingUp(result.error);
      }
    }
  }

  /** The error a call ends with; a throttled one starts the caller's cool-down. */
  #givingUp(error: UpstreamError): UpstreamError {
    const { caller } = this.#options;
    if (!isThrottling(error)) return error;
    const { clock, rateLimitCooldownMs, throttledCallers } = this.#upstream;
    const asked = parseRetryAfter(error.retryAfter, clock.now()) ?? 0;
    const wait = Math.min(MAX_THROTTLE_COOLDOWN_MS, Math.max(rateLimitCooldownMs, asked));
    if (caller !== undefined) throttledCallers.start(caller, wait);
    return withRetryAfterMs(error, wait);
  }

  /** The refusal of a call while its caller cools down after throttling; `undefined` if not. */
  #coolingDown(): AttemptResult<never> | undefined {
    const { caller } = this.#options;
    const remaining = caller === undefined ? 0 : this.#upstream.throttledCallers.remaining(caller);
    if (remaining <= 0) return undefined;
    return { ok: false, error: new UpstreamError({ kind: 'throttled', retryAfterMs: remaining }) };
  }

  /** One attempt: through the breaker, within a concurrency slot, reported to the observer. */
  async #attempt<T>(
    request: UpstreamRequest<T>,
    attempt: number,
    signal: AbortSignal,
  ): Promise<AttemptResult<T>> {
    let startedAt = performance.now();
    const refused = this.#coolingDown();
    if (refused !== undefined) {
      this.#report(request, attempt, startedAt, refused, signal);
      return refused;
    }
    const result = await this.#upstream.breaker.execute(
      () =>
        this.#limit(() => {
          startedAt = performance.now();
          return attemptOnce(this.#upstream, request, signal);
        }),
      signal,
      this.#options.caller,
    );
    this.#report(request, attempt, startedAt, result, signal);
    return result;
  }

  /**
   * Milliseconds to wait before retrying, or `undefined` to give up: the method is a POST, the
   * request was cancelled, the failure is not retryable, the call or the request ran out of
   * retries, or the wait would outlast the request deadline. `Retry-After` (seconds or a date)
   * replaces the backoff; one above `maxRetryAfterMs` ends the retries rather than being cut short.
   * A 429 without a usable `Retry-After` is not retried: SWR's gateway sends none, and Huawei
   * advises waiting seconds, not a backoff's milliseconds. Only a retry that will happen spends
   * the budget.
   */
  #retryDelay(
    request: UpstreamRequest<unknown>,
    error: UpstreamError,
    attempt: number,
    signal: AbortSignal,
  ) {
    const { retry, clock } = this.#upstream;
    if (!isRetriableMethod(request.method) || signal.aborted) return undefined;
    if (!isRetryable(error) || attempt > retry.retries || this.#budget <= 0) return undefined;
    const now = clock.now();
    const retryAfter = parseRetryAfter(error.retryAfter, now);
    if (retryAfter !== undefined && retryAfter > retry.maxRetryAfterMs) return undefined;
    if (retryAfter === undefined && isThrottling(error)) return undefined;
    const delay = retryAfter ?? backoffDelay(attempt, retry, () => clock.random());
    if (now + delay >= this.#deadline) return undefined;
    this.#budget--;
    return delay;
  }

  #report(
    request: UpstreamRequest<unknown>,
    attempt: number,
    startedAt: number,
    result: AttemptResult<unknown>,
    signal: AbortSignal,
  ): void {
    const { onCall } = this.#options;
    if (onCall === undefined) return;
    const event: UpstreamCallEvent = {
      route: request.route,
      method: request.method,
      status: result.ok ? result.status : (result.error.status ?? null),
      outcome: result.ok ? 'ok' : outcomeOf(result, signal),
      attempt,
      startedAt,
      durationMs: performance.now() - startedAt,
      requestId: this.#options.requestId,
    };
    try {
      onCall(event);
    } catch {
      // An observer's bug must not fail the SWR call.
    }
  }
}

function outcomeOf({ error }: AttemptFailure, signal: AbortSignal): UpstreamCallEvent['outcome'] {
  if (error.kind === 'circuit-open' || error.kind === 'throttled') return error.kind;
  if (signal.aborted) return 'aborted';
  return error.kind === 'http' ? 'http-error' : error.kind;
}

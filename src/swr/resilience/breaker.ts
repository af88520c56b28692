import {
  CircuitState,
  circuitBreaker,
  handleWhenResult,
  type IBreaker,
  isBrokenCircuitError,
} from 'cockatiel';
import { UpstreamError } from '../../errors/upstream-error.js';
import type { AttemptFailure, AttemptResult } from './attempt.js';
import type { BreakerState, BreakerStatus } from './breaker-status.js';
import { isHealthFailure } from './failure-class.js';

export interface SwrBreakerOptions {
  /** Consecutive unhealthy attempts that open the circuit (`SWR_BREAKER_THRESHOLD`). */
  threshold: number;
  /** How long the circuit stays open before one probe may pass (`SWR_BREAKER_COOLDOWN_MS`). */
  cooldownMs: number;
  /** Distinct callers among those failures needed to open it (`SWR_BREAKER_MIN_CALLERS`). */
  minCallers: number;
}

/** The app's circuit breaker in front of the SWR endpoint. Holds no per-user data. */
export interface SwrBreaker {
  /** Read-only view for `/readyz` and metrics. */
  readonly status: BreakerStatus;
  /**
   * Runs one attempt through the breaker. While the circuit is open the attempt is not run, and
   * the result is a `circuit-open` failure. An attempt that failed while `signal` was aborted
   * (the caller went away or ran out of time) says nothing about SWR's health and is not counted,
   * except as a half-open probe, which then re-opens the circuit. `caller` is the caller's key
   * (see `CallerKey`; never the token); calls without one count as one anonymous caller.
   */
  execute<T>(
    attempt: () => Promise<AttemptResult<T>>,
    signal?: AbortSignal,
    caller?: string,
  ): Promise<AttemptResult<T>>;
}

/**
 * Cockatiel's circuit breaker with a {@link SpreadFailureBreaker}: `threshold` unhealthy attempts
 * in a row (see `isHealthFailure`: network failures, timeouts, 5xx, 409 "system busy"), made for at
 * least `minCallers` distinct callers, open the circuit; any other answer, a 404 or a 429
 * included, resets the count. One caller's failures alone (a token SWR chokes on) never open it,
 * so they cannot cut the other callers off. After `cooldownMs` the next attempt is let through as
 * a probe (the others wait for it): success closes the circuit, failure opens it for another
 * `cooldownMs`.
 */
export function createSwrBreaker(options: SwrBreakerOptions): SwrBreaker {
  /** The caller of each failed attempt, read back when cockatiel reports the failure. */
  const callers = new WeakMap<object, string>();
  const breaker = new SpreadFailureBreaker(options.threshold, options.minCallers, () => {
    const failure = policy.lastFailure;
    const reason = failure !== undefined && 'value' in failure ? failure.value : undefined;
    return typeof reason === 'object' && reason !== null ? callers.get(reason) : undefined;
  });
  const policy = circuitBreaker(
    handleWhenResult((result) => {
      const attempt = result as AttemptResult<unknown>;
      return !attempt.ok && isHealthFailure(attempt.error);
    }).orWhen((error) => error instanceof CancelledAttempt && error.probe),
    { breaker, halfOpenAfter: options.cooldownMs },
  );
  const status = new BreakerStatusView(options.cooldownMs);
  policy.onStateChange((state) => status.follow(state));

  return {
    status,
    async execute(attempt, signal, caller = '') {
      try {
        return await policy.execute(async () => {
          // Cockatiel runs a probe while its state still reads `Open`, a normal call when `Closed`.
          const probe = policy.state !== CircuitState.Closed;
          const result = await attempt();
          if (!result.ok && signal?.aborted) throw new CancelledAttempt(result, probe);
          if (!result.ok) callers.set(result, caller);
          return result;
        });
      } catch (error) {
        if (error instanceof CancelledAttempt) return error.failure;
        if (isBrokenCircuitError(error)) {
          return { ok: false, error: new UpstreamError({ kind: 'circuit-open', cause: error }) };
        }
        throw error;
      }
    },
  };
}

/**
 * Cockatiel's `IBreaker` that opens on `threshold` consecutive failures made for at least
 * `minCallers` distinct callers; a success forgets both. `callerOfFailure` names the caller of the
 * failure being reported: cockatiel sets `lastFailure` just before it calls `failure()`. Holds at
 * most `minCallers` caller keys (HMACs, no tokens).
 */
class SpreadFailureBreaker implements IBreaker {
  #failures = 0;
  readonly #callers = new Set<string>();
  readonly #threshold: number;
  readonly #minCallers: number;
  readonly #callerOfFailure: () => string | undefined;

  constructor(threshold: number, minCallers: number, callerOfFailure: () => string | undefined) {
    this.#threshold = threshold;
    this.#minCallers = minCallers;
    this.#callerOfFailure = callerOfFailure;
  }

  /** Cockatiel's serialisable state (`toJSON`): the count and how many callers failed. */
  get state(): unknown {
    return { failures: this.#failures, callers: this.#callers.size };
  }

  set state(_state: unknown) {
    // Restoring a serialised breaker is not used; caller keys are never serialised.
  }

  success(): void {
    this.#failures = 0;
    this.#callers.clear();
  }

  failure(): boolean {
    this.#failures++;
    if (this.#callers.size < this.#minCallers) this.#callers.add(this.#callerOfFailure() ?? '');
    return this.#failures >= this.#threshold && this.#callers.size >= this.#minCallers;
  }
}

/**
 * Carries a cancelled attempt through cockatiel as a thrown error: cockatiel counts neither success
 * nor failure for an error its filter does not handle. A cancelled probe is handled (a failure).
 */
class CancelledAttempt extends Error {
  readonly failure: AttemptFailure;
  readonly probe: boolean;
  constructor(failure: AttemptFailure, probe: boolean) {
    super('The SWR attempt was cancelled');
    this.failure = failure;
    this.probe = probe;
  }
}

/**
 * The breaker's state as `BreakerStatus` reports it. Cockatiel leaves the open state only when a
 * call arrives after the cooldown; this view reports `half-open` as soon as the cooldown has passed
 * (the next call will be the probe), so a readiness check built on it cannot keep the gateway out
 * of rotation forever for want of traffic to probe with.
 */
class BreakerStatusView implements BreakerStatus {
  #state: BreakerState = 'closed';
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #listeners = new Set<(state: BreakerState) => void>();
  readonly #cooldownMs: number;

  constructor(cooldownMs: number) {
    this.#cooldownMs = cooldownMs;
  }

  get state(): BreakerState {
    return this.#state;
  }

  onStateChange(listener: (state: BreakerState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Follows cockatiel's state changes. */
  follow(state: CircuitState): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (state === CircuitState.Open) {
      this.#timer = setTimeout(() => this.#set('half-open'), this.#cooldownMs);
      this.#timer.unref?.();
    }
    this.#set(stateName(state));
  }

  #set(state: BreakerState): void {
    if (state === this.#state) return;
    this.#state = state;
    for (const listener of [...this.#listeners]) {
      try {
        listener(state);
      } catch {
        // A listener's bug must not break SWR calls.
      }
    }
  }
}

function stateName(state: CircuitState): BreakerState {
  switch (state) {
    case CircuitState.Closed:
      return 'closed';
    case CircuitState.HalfOpen:
      return 'half-open';
    default:
      return 'open';
  }
}

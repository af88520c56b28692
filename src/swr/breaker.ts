import {
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhenResult,
  isBrokenCircuitError,
} from 'cockatiel';
import { UpstreamError } from '../errors/upstream-error.js';
import type { AttemptFailure, AttemptResult } from './attempt.js';
import type { BreakerState, BreakerStatus } from './breaker-status.js';
import { isHealthFailure } from './failure-class.js';

export interface SwrBreakerOptions {
  /** Consecutive unhealthy attempts that open the circuit (`SWR_BREAKER_THRESHOLD`). */
  threshold: number;
  /** How long the circuit stays open before one probe may pass (`SWR_BREAKER_COOLDOWN_MS`). */
  cooldownMs: number;
}

/** The app's circuit breaker in front of the SWR endpoint. Holds no per-user data. */
export interface SwrBreaker {
  /** Read-only view for `/readyz` and metrics. */
  readonly status: BreakerStatus;
  /**
   * Runs one attempt through the breaker. While the circuit is open the attempt is not run, and
   * the result is a `circuit-open` failure. An attempt that failed while `signal` was aborted
   * (the caller went away or ran out of time) says nothing about SWR's health and is not counted,
   * except as a half-open probe, which then re-opens the circuit.
   */
  execute<T>(
    attempt: () => Promise<AttemptResult<T>>,
    signal?: AbortSignal,
  ): Promise<AttemptResult<T>>;
}

/**
 * Cockatiel's circuit breaker with a `ConsecutiveBreaker`: `threshold` unhealthy attempts in a row
 * (see `isHealthFailure`: network failures, timeouts, 5xx, 409 "system busy") open the circuit;
 * any other answer, a 404 or a 429 included, resets the count. After `cooldownMs` the next attempt
 * is let through as a probe (the others wait for it): success closes the circuit, failure opens it
 * for another `cooldownMs`.
 */
export function createSwrBreaker(options: SwrBreakerOptions): SwrBreaker {
  const policy = circuitBreaker(
    handleWhenResult((result) => {
      const attempt = result as AttemptResult<unknown>;
      return !attempt.ok && isHealthFailure(attempt.error);
    }).orWhen((error) => error instanceof CancelledAttempt && error.probe),
    { breaker: new ConsecutiveBreaker(options.threshold), halfOpenAfter: options.cooldownMs },
  );
  const status = new BreakerStatusView(options.cooldownMs);
  policy.onStateChange((state) => status.follow(state));

  return {
    status,
    async execute(attempt, signal) {
      try {
        return await policy.execute(async () => {
          // Cockatiel runs a probe while its state still reads `Open`, a normal call when `Closed`.
          const probe = policy.state !== CircuitState.Closed;
          const result = await attempt();
          if (!result.ok && signal?.aborted) throw new CancelledAttempt(result, probe);
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

import { abortableDelay } from '../../abortable-delay.js';

/**
 * Time and randomness for the resilience layer, injectable so that retry tests neither wait nor
 * depend on chance.
 */
export interface SwrClock {
  /** Milliseconds since the epoch, like `Date.now()`: request deadlines, `Retry-After` dates. */
  now(): number;
  /** Resolves after `ms`; rejects with `signal.reason` as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A number in `[0, 1)`, for backoff jitter. */
  random(): number;
}

/** The real clock: `Date.now`, `setTimeout` (so vitest's fake timers drive it) and `Math.random`. */
export const systemClock: SwrClock = {
  now: () => Date.now(),
  random: () => Math.random(),
  sleep: abortableDelay,
};

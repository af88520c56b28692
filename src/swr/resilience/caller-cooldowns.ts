import { LRUCache } from 'lru-cache';
import type { SwrClock } from './clock.js';

/** Callers remembered at most; the least recently touched are forgotten first. */
const MAX_CALLERS = 10_000;

/**
 * Callers the gateway holds back from SWR for a while, e.g. after SWR throttled them. App-wide,
 * keyed by the caller's key (an HMAC, never the token), holding nothing but when each cool-down
 * ends; bounded in size, and an ended cool-down is dropped when next looked at.
 */
export class CallerCooldowns {
  readonly #until = new LRUCache<string, number>({ max: MAX_CALLERS });
  readonly #clock: Pick<SwrClock, 'now'>;

  constructor(clock: Pick<SwrClock, 'now'>) {
    this.#clock = clock;
  }

  /** Holds `caller` back for `ms` from now, or longer if a cool-down already runs longer. */
  start(caller: string, ms: number): void {
    const until = this.#clock.now() + ms;
    if (until > (this.#until.get(caller) ?? 0)) this.#until.set(caller, until);
  }

  /** Milliseconds until `caller`'s cool-down ends; 0 when it has none. */
  remaining(caller: string): number {
    const until = this.#until.peek(caller);
    if (until === undefined) return 0;
    const left = until - this.#clock.now();
    if (left > 0) return left;
    this.#until.delete(caller);
    return 0;
  }
}

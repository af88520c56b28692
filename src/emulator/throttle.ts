import type { ThrottleOptions } from './options.js';

/** Per-token fixed-window counter. */
export interface Throttle {
  /** Counts a call; true when it exceeds the limit of the current window. */
  exceeded(token: string): boolean;
  /** The `error_msg` of a refusal, e.g. `…,limit:60,time:1 minute`. */
  readonly message: string;
}

function describeWindow(ms: number): string {
  if (ms % 60_000 === 0) return ms === 60_000 ? '1 minute' : `${ms / 60_000} minutes`;
  if (ms % 1000 === 0) return ms === 1000 ? '1 second' : `${ms / 1000} seconds`;
  return `${ms} milliseconds`;
}

export function createThrottle(options: ThrottleOptions): Throttle {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    message: `The throttling threshold has been reached: policy user over ratelimit,limit:${options.limit},time:${describeWindow(options.windowMs)}`,
    exceeded(token) {
      const now = Date.now();
      let window = windows.get(token);
      if (window === undefined || now - window.start >= options.windowMs) {
        window = { start: now, count: 0 };
        windows.set(token, window);
      }
      window.count++;
      return window.count > options.limit;
    },
  };
}

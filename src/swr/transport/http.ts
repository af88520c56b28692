import ky, { type KyInstance } from 'ky';
import { followSignal, timeoutReason } from './abort.js';
import { createKeepAliveFetch, type SwrFetch } from './keep-alive-fetch.js';

export interface SwrHttpOptions {
  /** Base URL of the SWR API, e.g. `https://swr-api.cn-north-4.myhuaweicloud.com`. */
  endpoint: string;
  /**
   * The fetch to send requests with; tests inject the emulator's handler.
   * @default a keep-alive fetch over an undici connection pool (see keep-alive-fetch.ts)
   */
  fetch?: SwrFetch;
  /**
   * Time limit of one SWR call, from sending the request to the last byte of the body.
   * @default 5000
   */
  timeoutMs?: number;
  /**
   * Most connections the default fetch keeps open to SWR (see keep-alive-fetch.ts).
   * @default 256
   */
  maxSockets?: number;
}

/** The app's ky instance for SWR and the endpoint it calls: what one attempt sends with. */
export interface SwrTransport {
  readonly http: KyInstance;
  /**
   * The SWR endpoint with one trailing slash: `http` (see `createSwrHttp`) is called with this
   * prefix plus the path, and the caller's signal as `swrSignal`; a non-2xx answer resolves.
   */
  readonly endpoint: string;
}

/**
 * The app's single ky instance for SWR, as lean as ky's options allow: ky builds one Request from
 * the full URL (no `prefixUrl`, no `searchParams`), merges no default headers, sets no timer of
 * its own (`timeout: false`: the fetch keeps the per-call limit), makes one attempt, and resolves
 * non-2xx answers instead of throwing `HTTPError` (the caller maps them). Call it with
 * `${endpoint}/${path}`, the headers, and the caller's signal as `swrSignal` (see SwrFetchInit).
 */
export function createSwrHttp(options: SwrHttpOptions): KyInstance {
  const timeoutMs = options.timeoutMs ?? 5000;
  return ky.create({
    retry: 0,
    timeout: false,
    throwHttpErrors: false,
    fetch: options.fetch
      ? withDeadline(options.fetch, timeoutMs)
      : createKeepAliveFetch({ maxSockets: options.maxSockets, timeoutMs }),
  });
}

/** The endpoint as the prefix of a full URL: with one trailing slash. */
export function endpointPrefix(endpoint: string): string {
  return endpoint.endsWith('/') ? endpoint : `${endpoint}/`;
}

/**
 * Gives each call to an injected fetch a signal that aborts after `timeoutMs`, or with the caller's
 * signal. The timer holds the controller, so the signal cannot be collected before it fires: an
 * `AbortSignal.timeout` joined by `AbortSignal.any` is held only weakly, and once collected it
 * never fires (a stalled body then hung whenever a GC ran first). The call rejects at the deadline
 * even when the fetch ignores its signal.
 */
function withDeadline(fetch: SwrFetch, timeoutMs: number): SwrFetch {
  return (input, init) => {
    const deadline = new AbortController();
    setTimeout(() => deadline.abort(timeoutReason()), timeoutMs).unref();
    const { swrSignal, ...rest } = init ?? {};
    followSignal(
      deadline,
      swrSignal ?? rest.signal ?? (input instanceof Request ? input.signal : undefined),
    );
    if (swrSignal !== undefined && input instanceof Request) followSignal(deadline, input.signal);
    const { signal } = deadline;
    return new Promise<Response>((resolve, reject) => {
      // A fetch that ignores its signal must not outlive the deadline either.
      const abandon = () => reject(signal.reason);
      signal.addEventListener('abort', abandon, { once: true });
      fetch(input, { ...rest, signal })
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', abandon));
    });
  };
}

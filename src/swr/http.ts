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

/**
 * The app's single ky instance for SWR: no retries, JSON headers, a time limit per call. It holds
 * no per-user data; `SwrClient` adds the token and request id to each call.
 *
 * ky's own `timeout` ends when fetch resolves. The default keep-alive fetch resolves only after the
 * whole body has arrived, so the timeout covers the body. A fetch passed in may resolve at the
 * headers and stream the body, so it is also given a signal that aborts at the same deadline: a
 * body that stalls after the headers fails with a `TimeoutError` instead of hanging.
 */
export function createSwrHttp(options: SwrHttpOptions): KyInstance {
  const timeoutMs = options.timeoutMs ?? 5000;
  return ky.create({
    prefixUrl: options.endpoint,
    retry: 0,
    timeout: timeoutMs,
    throwHttpErrors: true,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    fetch: options.fetch
      ? withDeadline(options.fetch, timeoutMs)
      : createKeepAliveFetch({ maxSockets: options.maxSockets }),
  });
}

/**
 * The ky instance of the app's upstream, as lean as ky's options allow: ky builds one Request from
 * the full URL (no `prefixUrl`, no `searchParams`), merges no default headers, sets no timer of
 * its own (`timeout: false`: the fetch keeps the per-call limit), makes one attempt, and resolves
 * non-2xx answers instead of throwing `HTTPError` (the caller maps them). Call it with
 * `${endpoint}/${path}`, the headers, and the caller's signal as `swrSignal` (see SwrFetchInit).
 */
export function createLeanSwrHttp(options: SwrHttpOptions): KyInstance {
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
 * never fires (a stalled body then hung whenever a GC ran first).
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
    return fetch(input, { ...rest, signal: deadline.signal });
  };
}

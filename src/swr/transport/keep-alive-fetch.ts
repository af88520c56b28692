import type { IncomingHttpHeaders } from 'node:http';
import { Agent, type Dispatcher } from 'undici';
import { timeoutReason } from './abort.js';
import { BufferedResponse } from './buffered-response.js';

/**
 * What the app's ky instance hands its fetch beside the Request: the caller's abort signal. ky
 * passes options it does not know to fetch as they are; given as `signal`, ky would join it to
 * its own with `AbortSignal.any` on every call.
 */
export interface SwrFetchInit extends RequestInit {
  swrSignal?: AbortSignal | undefined;
}

/** A WHATWG `fetch`; the in-process emulator's handler fits. */
export type SwrFetch = (input: Request | string | URL, init?: SwrFetchInit) => Promise<Response>;

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * A WHATWG `fetch` for ky, over an undici `Agent`: a pool of at most `maxSockets` keep-alive
 * connections per origin (calls beyond wait for a free one, first come first served). Per SWR
 * call it costs less than Node's built-in fetch (0.3–0.5 ms on this workload) and than `node:http`
 * (bench/README.md, levers 14 and 17). The body is read whole before the promise resolves, so
 * ky's timeout covers it; failures look like fetch's own (`TypeError('fetch failed')` with the
 * cause), and an aborted call rejects with the signal's reason.
 *
 * The default `maxSockets` (256) sustains 2,500 calls/s at 100 ms of SWR latency, more than one
 * process can use; a lower cap serves a saturated fan-out more fairly (the nested benchmark
 * scenario's p99 halves at 32 on loopback).
 */
export function createKeepAliveFetch(
  options: { maxSockets?: number | undefined; timeoutMs?: number | undefined } = {},
): SwrFetch {
  const agent = new Agent({ connections: options.maxSockets ?? 256 });
  const { timeoutMs } = options;
  return async (input, init) => {
    // ky hands over its Request, and the caller's signal beside it (`swrSignal`) or nothing:
    // building another Request costs ~35 µs.
    const swrSignal = init?.swrSignal;
    const request = input instanceof Request && isBare(init) ? input : new Request(input, init);
    const signal = swrSignal ?? request.signal;
    signal.throwIfAborted();
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const body = request.body === null ? null : Buffer.from(await request.arrayBuffer());
    const path = `${url.pathname}${url.search}`;
    const method = request.method as Dispatcher.HttpMethod;
    return send(agent, { origin: url.origin, path, method, headers, body }, signal, timeoutMs);
  };
}

/**
 * One request through undici's `dispatch`, the body gathered from its callbacks: `request()` would
 * wrap it in a Readable stream first, which cost 8 % of the gateway's CPU in the benchmark. With
 * `timeoutMs`, the call fails with a `TimeoutError` if the whole body has not arrived by then.
 */
function send(
  agent: Agent,
  options: Dispatcher.DispatchOptions,
  signal: AbortSignal,
  timeoutMs: number | undefined,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let settled = false;
    let head: { status: number; statusText: string; headers: IncomingHttpHeaders } | undefined;
    let timedOut: DOMException | undefined;
    const chunks: Buffer[] = [];
    const settle = () => {
      settled = true;
      signal.removeEventListener('abort', onAbort);
      clearTimeout(timer);
    };
    const fail = (error: unknown) => {
      if (settled) return;
      settle();
      const reason = timedOut ?? (signal.aborted ? signal.reason : undefined);
      reject(reason ?? new TypeError('fetch failed', { cause: error }));
    };
    // A call still queued for a connection fails at once; it is aborted when it would start.
    const abort = (reason: Error) => (controller ? controller.abort(reason) : fail(reason));
    const onAbort = () => abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = timeoutReason();
            abort(timedOut);
          }, timeoutMs).unref();
    agent.dispatch(options, {
      onRequestStart(started) {
        controller = started;
        if (timedOut !== undefined) started.abort(timedOut);
        else if (signal.aborted) started.abort(signal.reason);
      },
      onResponseStart(_, status, headers, statusText = '') {
        head = { status, statusText, headers };
      },
      onResponseData(_, chunk) {
        chunks.push(chunk);
      },
      onResponseEnd() {
        if (settled || head === undefined) return;
        settle();
        const init = {
          status: head.status,
          statusText: head.statusText,
          headers: headersOf(head.headers),
        };
        resolve(
          NULL_BODY_STATUSES.has(head.status)
            ? new Response(null, init)
            : new BufferedResponse(Buffer.concat(chunks) as Buffer<ArrayBuffer>, init),
        );
      },
      onResponseError(_, error) {
        fail(error);
      },
    });
  });
}

/** undici's header object as name/value pairs: the `Response` builds its `Headers` from them once. */
function headersOf(raw: IncomingHttpHeaders): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const item of value) pairs.push([name, item]);
    else if (value !== undefined) pairs.push([name, value]);
  }
  return pairs;
}

/** No init, or only the caller's signal: nothing that would change ky's Request. */
function isBare(init: SwrFetchInit | undefined): boolean {
  if (init === undefined) return true;
  for (const key in init) if (key !== 'swrSignal') return false;
  return true;
}

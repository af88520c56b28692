import {
  bodyReadFailure,
  readUpstreamError,
  requestIdOf,
  UpstreamError,
  upstreamErrorFromResponse,
} from '../../errors/upstream-error.js';
import type { SwrTransport } from '../transport/http.js';
import type { HttpMethod } from './retry-policy.js';

/** One SWR call as the client describes it; the resilience layer may send it several times. */
export interface UpstreamRequest<T> {
  /** Client method, e.g. `listSharedRepositories`: the observer's bounded `route` label. */
  readonly route: string;
  readonly method: HttpMethod;
  /** Path relative to the SWR endpoint, e.g. `v2/manage/namespaces`. */
  readonly path: string;
  /** Encoded query string without `?`; empty for none. */
  readonly search: string;
  readonly headers: Readonly<Record<string, string>>;
  /** JSON body, for writes. */
  readonly json?: unknown;
  /**
   * SWR answers this call with an empty body (writes: 201, 204): a 2xx status is the whole
   * answer, the body is discarded unread and `decode` gets `undefined`.
   */
  readonly bodyless?: boolean;
  /**
   * For a retried idempotent write: how a failure of a retry (attempt 2 or later) may still mean
   * success, e.g. a DELETE whose earlier attempt went through finds the share gone. Returns the
   * value to succeed with, or `undefined` to fail as usual.
   */
  recoverOnRetry?(error: UpstreamError): { value: T } | undefined;
  /**
   * Turns a 2xx body into the result; throws a `bad-response` {@link UpstreamError} otherwise.
   * `text` is the JSON text `body` was parsed from (`undefined` for a bodyless call).
   */
  decode(body: unknown, response: Pick<Response, 'status' | 'headers'>, text?: string): T;
}

/** How one attempt ended. Upstream failures are values, so the breaker can weigh them. */
export type AttemptResult<T> =
  | { readonly ok: true; readonly value: T; readonly status: number }
  | AttemptFailure;

/** An attempt that got no usable answer. */
export interface AttemptFailure {
  readonly ok: false;
  readonly error: UpstreamError;
}

/**
 * Sends `request` once and reads its body to the end: a body that breaks mid-way is a `network`
 * failure like a dropped connection, a body that is not JSON a `bad-response`. Every upstream
 * failure resolves as `{ ok: false }`; only a bug rejects.
 */
export async function attemptOnce<T>(
  upstream: SwrTransport,
  request: UpstreamRequest<T>,
  signal: AbortSignal | undefined,
): Promise<AttemptResult<T>> {
  const { http, endpoint } = upstream;
  // The query string is part of the input: ky's `searchParams` builds the Request a second time.
  const path = request.search === '' ? request.path : `${request.path}?${request.search}`;
  const body = request.json === undefined ? {} : { json: request.json };
  const { method, headers } = request;
  try {
    const response = await http(
      endpoint + path,
      leanOptions({ method, headers, swrSignal: signal, ...body }),
    );
    if (!response.ok) return { ok: false, error: await upstreamErrorFromResponse(response) };
    if (request.bodyless) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: true, value: request.decode(undefined, response), status: response.status };
    }
    const json = await readJson(response);
    const value = request.decode(json.body, response, json.text);
    return { ok: true, value, status: response.status };
  } catch (error) {
    const failure = await readUpstreamError(error);
    if (failure === undefined) throw error;
    return { ok: false, error: failure };
  }
}

/** The lean instance's call options: `swrSignal` is not one of ky's, which passes it to fetch. */
const leanOptions = (options: object) => options as Parameters<SwrTransport['http']>[1];

async function readJson(response: Response): Promise<{ body: unknown; text: string }> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw bodyReadFailure(response, error);
  }
  try {
    return { body: JSON.parse(text), text };
  } catch (error) {
    throw badResponse('the body is not JSON', response, error);
  }
}

/** A 2xx answer the gateway cannot use: `detail` says what is wrong with it. */
export function badResponse(
  detail: string,
  response: Pick<Response, 'status' | 'headers'>,
  cause?: unknown,
): UpstreamError {
  return new UpstreamError({
    kind: 'bad-response',
    status: response.status,
    detail,
    ...requestIdOf(response),
    cause,
  });
}

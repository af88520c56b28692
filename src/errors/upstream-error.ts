import { HTTPError } from 'ky';
import { parseSwrErrorBody, type SwrErrorFields, swrErrorFromJson } from './swr-error-body.js';

/**
 * How an SWR call failed:
 * - `http`: SWR answered with a non-2xx status;
 * - `timeout`: no complete answer within the time limit;
 * - `aborted`: the caller's signal cancelled the call;
 * - `network`: the connection failed, or the body stream broke mid-way;
 * - `bad-response`: a 2xx answer whose body is not JSON or not of the expected shape;
 * - `circuit-open`: not sent at all, because the circuit breaker is open;
 * - `throttled`: not sent at all, because SWR throttled this caller moments ago.
 */
export type UpstreamFailureKind =
  | 'http'
  | 'timeout'
  | 'aborted'
  | 'network'
  | 'bad-response'
  | 'circuit-open'
  | 'throttled';

export interface UpstreamErrorInit extends SwrErrorFields {
  kind: UpstreamFailureKind;
  /** HTTP status, whenever SWR sent a response. */
  status?: number;
  /** `bad-response`: what is wrong with the body, e.g. `items[3].size is not a number`. */
  detail?: string;
  /** `network`: the system error code, e.g. `ECONNRESET`. */
  networkCode?: string;
  /** `http`: the `Retry-After` response header, as sent. */
  retryAfter?: string;
  /**
   * Throttled calls (`throttled`, or a throttling `http` answer the gateway gave up on): how long
   * the caller should wait before trying again, in milliseconds. Public, as `extensions.retryAfterMs`.
   */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * A failed SWR call as the gateway observed it. Internal: `toGraphQLError` turns it into the
 * public error, so its message is for logs only.
 */
export class UpstreamError extends Error {
  override name = 'UpstreamError' as const;
  readonly kind: UpstreamFailureKind;
  readonly status: number | undefined;
  readonly errorCode: string | undefined;
  readonly errorMessage: string | undefined;
  readonly requestId: string | undefined;
  readonly detail: string | undefined;
  readonly networkCode: string | undefined;
  readonly retryAfter: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(init: UpstreamErrorInit) {
    const parts = [init.kind, init.status, init.errorCode ?? init.networkCode ?? init.detail];
    super(`SWR call failed: ${parts.filter((part) => part !== undefined).join(' ')}`, {
      cause: init.cause,
    });
    this.kind = init.kind;
    this.status = init.status;
    this.errorCode = init.errorCode;
    this.errorMessage = init.errorMessage;
    this.requestId = init.requestId;
    this.detail = init.detail;
    this.networkCode = init.networkCode;
    this.retryAfter = init.retryAfter;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** `error` with `retryAfterMs` set: how long its caller should wait before trying again. */
export function withRetryAfterMs(error: UpstreamError, retryAfterMs: number): UpstreamError {
  const { kind, status, errorCode, errorMessage, requestId, detail, networkCode, retryAfter } =
    error;
  return new UpstreamError({
    kind,
    status,
    errorCode,
    errorMessage,
    requestId,
    detail,
    networkCode,
    retryAfter,
    retryAfterMs,
    cause: error.cause,
  });
}

/**
 * The one converter from a raw failure of an SWR call to an {@link UpstreamError}: an
 * `UpstreamError` as it is, a ky `HTTPError` (also from another copy of ky) as `http` with the
 * error fields of `body` (or of ky 2.x's pre-parsed `HTTPError.data` when `body` is not given),
 * and the failures {@link transportFailureOf} recognises. Anything else gives `undefined`: most
 * likely a bug, which must not be dressed as an upstream failure. Two failures have converters of
 * their own below, as they know more than the error: a 2xx body that breaks while being read
 * ({@link bodyReadFailure}), and a caller that stops waiting on its own signal
 * ({@link abortFailure}).
 */
export function toUpstreamError(error: unknown, body?: SwrErrorFields): UpstreamError | undefined {
  if (error instanceof UpstreamError) return error;
  if (isHttpError(error))
    return httpFailure(error.response, body ?? fieldsOfData(error.data), error);
  const transport = transportFailureOf(error);
  if (transport === undefined) return undefined;
  return new UpstreamError({ kind: transport.kind, networkCode: transport.code, cause: error });
}

/**
 * {@link toUpstreamError} after reading the error body that ky 1.x leaves unread (at most 16 KiB),
 * for the code and request id it holds.
 */
export async function readUpstreamError(error: unknown): Promise<UpstreamError | undefined> {
  if (!isHttpError(error) || error.data !== undefined) return toUpstreamError(error);
  return upstreamErrorFromResponse(error.response, error);
}

/** Error bodies are read up to this many bytes; the rest is discarded. */
const ERROR_BODY_LIMIT = 16 * 1024;

/**
 * Describes a non-2xx response, reading at most 16 KiB of its body. A body that was consumed
 * elsewhere or breaks while being read just yields no error code.
 */
export async function upstreamErrorFromResponse(
  response: Response,
  cause?: unknown,
): Promise<UpstreamError> {
  const fields = parseSwrErrorBody(await readBoundedText(response, ERROR_BODY_LIMIT));
  return httpFailure(response, fields, cause);
}

/**
 * A 2xx response whose body broke while being read: the transport failure that
 * {@link transportFailureOf} recognises, `network` when it recognises none, with the response's
 * status and request id.
 */
export function bodyReadFailure(response: Response, error: unknown): UpstreamError {
  const transport = transportFailureOf(error);
  return new UpstreamError({
    kind: transport?.kind ?? 'network',
    networkCode: transport?.code,
    status: response.status,
    ...requestIdOf(response),
    cause: error,
  });
}

/**
 * What a caller fails with when it stops waiting because its own signal aborted with `reason`:
 * `timeout` when the reason is one, `aborted` whatever else it is (a client that went away may
 * abort with a socket error, which says nothing about SWR).
 */
export function abortFailure(reason: unknown): UpstreamError {
  const kind = transportFailureOf(reason)?.kind === 'timeout' ? 'timeout' : 'aborted';
  return new UpstreamError({ kind, cause: reason });
}

function httpFailure(response: Response, fields: SwrErrorFields, cause: unknown): UpstreamError {
  const retryAfter = response.headers.get('retry-after') ?? undefined;
  return new UpstreamError({
    kind: 'http',
    status: response.status,
    ...fields,
    ...requestIdOf(response, fields.requestId),
    ...(retryAfter === undefined ? {} : { retryAfter }),
    cause,
  });
}

/** A ky `HTTPError`, also from another copy of ky. `data` is the body as ky 2.x pre-parses it. */
export function isHttpError(error: unknown): error is HTTPError & { data?: unknown } {
  if (error instanceof HTTPError) return true;
  const candidate = error as { name?: unknown; response?: unknown } | null;
  return candidate?.name === 'HTTPError' && candidate.response instanceof Response;
}

/** The error fields of an already read body: text, parsed JSON, or nothing. */
function fieldsOfData(data: unknown): SwrErrorFields {
  if (data === undefined || data === null) return {};
  return typeof data === 'string' ? parseSwrErrorBody(data) : swrErrorFromJson(data);
}

/** The request id from the error body, else from the `X-Request-Id` response header. */
export function requestIdOf(
  response: Pick<Response, 'headers'>,
  fromBody?: string,
): { requestId?: string } {
  const requestId = fromBody ?? response.headers.get('x-request-id') ?? '';
  return requestId === '' ? {} : { requestId };
}

async function readBoundedText(response: Response, limit: number): Promise<string> {
  if (response.body === null || response.bodyUsed) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  try {
    while (size < limit) {
      const chunk = await reader.read();
      if (chunk.done) break;
      size += chunk.value.byteLength;
      text += decoder.decode(chunk.value, { stream: true });
    }
    return text + decoder.decode();
  } catch {
    return '';
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

/** A transport failure: the call got no usable answer. */
export interface TransportFailure {
  kind: 'timeout' | 'aborted' | 'network';
  /** The system error code, when one is known (`ECONNREFUSED`, `UND_ERR_SOCKET`…). */
  code?: string;
}

const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/** What fetch implementations reject with on a network failure (undici, browsers). */
const NETWORK_MESSAGES = new Set([
  'fetch failed',
  'terminated',
  'Failed to fetch',
  'Load failed',
  'network error',
  'NetworkError when attempting to fetch resource.',
]);

/**
 * Recognises timeouts (ky `TimeoutError`, `DOMException` `TimeoutError`, an `AbortError` caused by
 * one, undici timeout codes), aborts, and network failures (undici's `TypeError: fetch failed` and
 * `terminated`, refined by their `cause`; system errors such as `ECONNRESET`).
 * Anything else gives `undefined`: most likely a bug, not an upstream failure.
 */
export function transportFailureOf(error: unknown, depth = 0): TransportFailure | undefined {
  if (depth > 4 || typeof error !== 'object' || error === null) return undefined;
  const { name, message, code, cause } = error as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    cause?: unknown;
  };
  if (name === 'TimeoutError') return { kind: 'timeout' };
  if (typeof code === 'string' && TIMEOUT_CODES.has(code)) return { kind: 'timeout', code };
  if (name === 'AbortError') {
    const inner = transportFailureOf(cause, depth + 1);
    return inner?.kind === 'timeout' ? inner : { kind: 'aborted' };
  }
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return { kind: 'network', code };
  if (error instanceof TypeError && typeof message === 'string' && NETWORK_MESSAGES.has(message)) {
    return transportFailureOf(cause, depth + 1) ?? { kind: 'network' };
  }
  return undefined;
}

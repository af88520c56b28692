import type { GraphQLError } from 'graphql';
import { isSystemBusy, isThrottling } from '../swr/resilience/failure-class.js';
import { ErrorCode } from './codes.js';
import { isGraphQLError, publicError } from './public-error.js';
import { toUpstreamError, type UpstreamError } from './upstream-error.js';

/** Which SWR call failed, and the token to keep out of the message. */
export interface UpstreamErrorContext {
  /** The call, e.g. `GET v2/manage/namespaces`; shown in the message (never put the token here). */
  route: string;
  /**
   * The caller's token: every occurrence in the message and the upstream fields is replaced by
   * `[redacted]`, when it is long enough to be a secret (see {@link MIN_REDACTED_TOKEN_LENGTH}).
   */
  token?: string;
  /**
   * The call was a write that must not be repeated blindly (create, update): a failure after the
   * request may have reached SWR (timeout, dropped connection, cancellation) then carries
   * `extensions.outcome: "UNKNOWN"`, so a client re-reads instead of re-submitting.
   */
  write?: boolean;
}

/** What SWR said, under `extensions.upstream`. Absent when no response arrived. */
export interface UpstreamExtension {
  status: number;
  errorCode?: string;
  requestId?: string;
}

/** 409 codes of a write that clashes with the current state (the share exists already). */
const CONFLICT_CODES = new Set(['SVCSTG.SWR.4090089', 'SVCSTG.SWR.4090076']);
const isConflict = (errorCode: string | undefined) =>
  errorCode === undefined || CONFLICT_CODES.has(errorCode);
const NOT_FOUND_400_CODES = new Set(['SVCSTG.SWR.4001090']);
const MESSAGE_LIMIT = 200;
/**
 * Tokens shorter than this are not searched for in text. Real IAM tokens run to thousands of
 * characters; a token of a few letters (`a`, `SWR`) is no secret that text could leak, and
 * replacing it everywhere turned messages and SWR codes into `SVCSTG.[redacted].4040083`. The
 * token itself is never put into a message: redaction only guards against SWR echoing it.
 */
export const MIN_REDACTED_TOKEN_LENGTH = 16;
const FIELD_LIMIT = 128;

/**
 * The one place where a failed SWR call becomes a GraphQL error.
 *
 * | failure | `extensions.code` |
 * |---|---|
 * | 401 | `UNAUTHENTICATED` |
 * | 403 `SVCSTG.SWR.4031032` / `4031042`, 429, caller cooling down after one of these | `RATE_LIMITED` |
 * | other 403 | `FORBIDDEN` |
 * | 404, 400 `SVCSTG.SWR.4001090` | `NOT_FOUND` |
 * | 408, 409 `SVCSTG.SWR.4090023` (system busy), 5xx, timeout, abort, network failure, open circuit breaker | `UPSTREAM_UNAVAILABLE` |
 * | 409 `SVCSTG.SWR.4090089` / `4090076` (permission already exists: already shared), 409 without a code | `CONFLICT` |
 * | other 4xx | `BAD_USER_INPUT` |
 * | 2xx body that is not JSON or of the wrong shape, 1xx/3xx | `UPSTREAM_BAD_RESPONSE` |
 *
 * `extensions.upstream` (`{ status, errorCode?, requestId? }`) is set whenever SWR sent a
 * response, and left out for pure timeouts, aborts and network failures. `extensions.retryAfterMs`
 * is set on throttling: how long to wait before trying again. With `context.write`, a timeout,
 * abort, network failure or 502/504 from a proxy after which the write may have happened also
 * carries `extensions.outcome: "UNKNOWN"` (not for a refused connection, which sent nothing). The
 * message is bounded
 * (the upstream text is cut to 200 characters), free of control characters, and never holds
 * `context.token` when it is at least 16 characters long (shorter ones are no secret to hide).
 *
 * Accepts an {@link UpstreamError}, a ky `HTTPError` (the body is not read here: the status and
 * `X-Request-Id` are used, plus `error.data` when present), ky's `TimeoutError`, and the errors
 * fetch rejects with. A `GraphQLError` is returned unchanged.
 *
 * Anything else is a bug, and is returned as is (a non-Error value is wrapped in an `Error`),
 * NOT as a GraphQLError: yoga then masks it as "Unexpected error." and logs it. Wrapping it in a
 * GraphQLError would hand its message to the client.
 *
 * Errors are built by `publicError`, like every client-visible error.
 */
export function toGraphQLError(
  error: unknown,
  context: UpstreamErrorContext,
): GraphQLError | Error {
  if (isGraphQLError(error)) return error;
  const upstream = toUpstreamError(error);
  if (upstream !== undefined) return fromUpstream(upstream, context);
  return error instanceof Error
    ? error
    : new Error('A non-Error value was thrown', { cause: error });
}

/**
 * The error of a read that followed a write SWR accepted (the share read back after a create or
 * update): the same code and message, plus `extensions.outcome: "APPLIED"`, so a client knows the
 * write happened and re-reads instead of re-submitting (which would answer `CONFLICT`). Anything
 * that is not a client-visible error (a bug) is returned as is, to be masked.
 */
export function appliedWriteError(error: unknown): unknown {
  if (!isGraphQLError(error)) return error;
  const { code, ...extensions } = error.extensions;
  return publicError(code as ErrorCode, error.message, {
    extensions: { ...extensions, outcome: 'APPLIED' },
  });
}

function fromUpstream(error: UpstreamError, context: UpstreamErrorContext): GraphQLError {
  const clean = (text: string, limit: number) => sanitize(text, context.token, limit);
  const extensions: {
    upstream?: UpstreamExtension;
    retryAfterMs?: number;
    outcome?: 'UNKNOWN';
  } = {};
  if (error.status !== undefined) {
    const upstream: UpstreamExtension = { status: error.status };
    if (error.errorCode !== undefined) upstream.errorCode = clean(error.errorCode, FIELD_LIMIT);
    if (error.requestId !== undefined) upstream.requestId = clean(error.requestId, FIELD_LIMIT);
    extensions.upstream = upstream;
  }
  if (error.retryAfterMs !== undefined) extensions.retryAfterMs = Math.ceil(error.retryAfterMs);
  if (context.write && mayHaveApplied(error)) extensions.outcome = 'UNKNOWN';
  return publicError(codeOf(error), messageOf(error, clean(context.route, MESSAGE_LIMIT), clean), {
    extensions,
  });
}

function codeOf(error: UpstreamError): ErrorCode {
  const { kind, status, errorCode } = error;
  if (kind === 'bad-response') return ErrorCode.UPSTREAM_BAD_RESPONSE;
  if (kind === 'throttled' || isThrottling(error)) return ErrorCode.RATE_LIMITED;
  if (kind !== 'http' || status === undefined) return ErrorCode.UPSTREAM_UNAVAILABLE;
  if (status === 401) return ErrorCode.UNAUTHENTICATED;
  if (status === 403) return ErrorCode.FORBIDDEN;
  if (status === 404) return ErrorCode.NOT_FOUND;
  if (status === 400 && NOT_FOUND_400_CODES.has(errorCode ?? '')) return ErrorCode.NOT_FOUND;
  if (isSystemBusy(status, errorCode)) return ErrorCode.UPSTREAM_UNAVAILABLE;
  if (status === 409 && isConflict(errorCode)) return ErrorCode.CONFLICT;
  if (status === 408 || status >= 500) return ErrorCode.UPSTREAM_UNAVAILABLE;
  if (status >= 400) return ErrorCode.BAD_USER_INPUT;
  return ErrorCode.UPSTREAM_BAD_RESPONSE;
}

/** Network failures that happen before a request is sent: the write surely did not happen. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

function mayHaveApplied({ kind, networkCode, status }: UpstreamError): boolean {
  if (kind === 'timeout' || kind === 'aborted') return true;
  // A proxy in front of SWR answered that SWR did not (in time): SWR may have applied it.
  if (kind === 'http') return status === 502 || status === 504;
  return kind === 'network' && !NOT_SENT_CODES.has(networkCode ?? '');
}

function messageOf(
  error: UpstreamError,
  route: string,
  clean: (text: string, limit: number) => string,
): string {
  switch (error.kind) {
    case 'timeout':
      return `SWR did not answer ${route} in time`;
    case 'aborted':
      return `The SWR call ${route} was cancelled`;
    case 'circuit-open':
      return `SWR is unavailable; the circuit breaker is open after repeated SWR failures, so ${route} was not sent. Retry in a few seconds.`;
    case 'throttled':
      return `SWR throttled this caller moments ago; ${route} was not sent. Retry in ${Math.ceil((error.retryAfterMs ?? 0) / 1000)} s.`;
    case 'network':
      return `SWR could not be reached for ${route}${error.networkCode ? ` (${error.networkCode})` : ''}`;
    case 'bad-response':
      return `SWR sent an unusable response to ${route}${error.detail ? `: ${clean(error.detail, MESSAGE_LIMIT)}` : ''}`;
    case 'http': {
      const status = error.status ?? 0;
      const verb = status >= 500 ? 'SWR failed' : status >= 400 ? 'SWR refused' : 'SWR answered';
      const code = error.errorCode ? ` ${clean(error.errorCode, FIELD_LIMIT)}` : '';
      const text = error.errorMessage ? clean(error.errorMessage, MESSAGE_LIMIT) : '';
      return `${verb} ${route} (${status}${code})${text ? `: ${text}` : ''}`;
    }
  }
}

/** Control (`Cc`) and invisible format (`Cf`: bidi overrides, zero-width…) characters. */
const CONTROL = /[\p{Cc}\p{Cf}]/gu;
const BREAKS = /[\t\n\r]+/g;

/** Redacts the token, drops control characters (line breaks become spaces), cuts to `limit`. */
function sanitize(text: string, token: string | undefined, limit: number): string {
  const flat = redact(redact(text, token).replace(BREAKS, ' ').replace(CONTROL, ''), token).trim();
  if (flat.length <= limit) return flat;
  const end = isHighSurrogate(flat.charCodeAt(limit - 2)) ? limit - 2 : limit - 1;
  return `${flat.slice(0, end)}…`;
}

function redact(text: string, token: string | undefined): string {
  return token !== undefined && token.length >= MIN_REDACTED_TOKEN_LENGTH
    ? text.replaceAll(token, '[redacted]')
    : text;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

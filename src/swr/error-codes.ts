/**
 * The stable `extensions.code` values of the public GraphQL API. Clients branch on these, so a
 * value never changes meaning once published.
 */
export const ErrorCode = {
  /** The token is missing, malformed, expired or rejected by SWR (401). */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** SWR refused the operation for this account (403). */
  FORBIDDEN: 'FORBIDDEN',
  /** The namespace, repository, tag or sharing account does not exist. */
  NOT_FOUND: 'NOT_FOUND',
  /** SWR (or the gateway) refused the arguments of the request. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** SWR or its API gateway throttled the caller; retry after a few seconds. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** SWR failed (5xx), timed out or could not be reached; the request may succeed later. */
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  /** SWR answered with a body the gateway cannot understand. */
  UPSTREAM_BAD_RESPONSE: 'UPSTREAM_BAD_RESPONSE',
  /** A bug in the gateway; the details are masked and logged. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

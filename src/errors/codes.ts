/**
 * Codes of errors at a field: SWR's answers, mapped by `toGraphQLError`, and arguments the gateway
 * refuses. GraphiQL's welcome tab and `docs/frontend-guide.md` describe each one.
 */
const FIELD_ERROR_CODES = {
  /** The token is missing, malformed, expired or rejected by SWR (401). */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** SWR refused the operation for this account (403). */
  FORBIDDEN: 'FORBIDDEN',
  /** The namespace, repository, tag or sharing account does not exist. */
  NOT_FOUND: 'NOT_FOUND',
  /** SWR (or the gateway) refused the arguments of the request. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /**
   * The write conflicts with the current state, e.g. the repository is already shared with the
   * account (SWR 409). Re-read the state instead of re-submitting.
   */
  CONFLICT: 'CONFLICT',
  /** SWR or its API gateway throttled the caller; retry after a few seconds. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** SWR failed (5xx), timed out or could not be reached; the request may succeed later. */
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  /** SWR answered with a body the gateway cannot understand. */
  UPSTREAM_BAD_RESPONSE: 'UPSTREAM_BAD_RESPONSE',
  /** A bug in the gateway; the details are masked and logged. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** Codes of whole requests refused by the guards in `src/security`, always before any SWR call. */
const REQUEST_ERROR_CODES = {
  /** The HTTP request is unreadable, e.g. a malformed `Content-Length` (yoga's own code). */
  BAD_REQUEST: 'BAD_REQUEST',
  /** The selection nests deeper than `MAX_DEPTH` (fragments count as a level). */
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  /** The operation uses more than `MAX_ALIASES` aliases. */
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  /** The operation carries more than 50 directives (`@include`, `@skip`, …). */
  TOO_MANY_DIRECTIVES: 'TOO_MANY_DIRECTIVES',
  /** The document has more than `MAX_TOKENS` lexical tokens. */
  TOO_MANY_TOKENS: 'TOO_MANY_TOKENS',
  /** The operation's cost (paging arguments multiply their subtree) is above `MAX_COST`. */
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /** `node`, `nodes` and `_entities` together ask for more than `MAX_ENTITIES` distinct entities. */
  TOO_MANY_ENTITIES: 'TOO_MANY_ENTITIES',
  /** The operation type has no root type here: a `subscription` (the gateway serves none). */
  OPERATION_NOT_SUPPORTED: 'OPERATION_NOT_SUPPORTED',
  /** The request body is larger than `MAX_BODY_BYTES` (HTTP 413). */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** A request a browser could send cross-site without a CORS preflight (HTTP 403). */
  CSRF_HEADER_REQUIRED: 'CSRF_HEADER_REQUIRED',
  /** `__schema` or `__type` was queried while `GRAPHQL_INTROSPECTION=false`. */
  INTROSPECTION_DISABLED: 'INTROSPECTION_DISABLED',
  /** `_service` was queried while `GRAPHQL_INTROSPECTION=false`, without `X-Router-Secret`. */
  ROUTER_ONLY: 'ROUTER_ONLY',
  /** The persisted-operation id is not in the manifest. */
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  /** A document was sent while `PERSISTED_OPERATIONS=only`. */
  PERSISTED_QUERY_ONLY: 'PERSISTED_QUERY_ONLY',
  /** Neither a document nor a persisted-operation id was sent (`allow` and `only`). */
  PERSISTED_QUERY_ID_REQUIRED: 'PERSISTED_QUERY_ID_REQUIRED',
} as const;

/**
 * Every `extensions.code` the gateway sets: the one list. Public and stable: clients branch on
 * these, so a value never changes meaning once published.
 */
export const ErrorCode = { ...FIELD_ERROR_CODES, ...REQUEST_ERROR_CODES } as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The field-level part of {@link ErrorCode}, the codes a UI handles per field. */
export const FieldErrorCode = FIELD_ERROR_CODES;
export type FieldErrorCode = (typeof FieldErrorCode)[keyof typeof FieldErrorCode];

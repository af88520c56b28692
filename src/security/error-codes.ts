/**
 * The `extensions.code` values the gateway's request guards use. Like `ErrorCode` in
 * `src/swr/error-codes.ts` these are public and stable: clients branch on them. Every request
 * refused with one of them is refused before any SWR call.
 */
export const SecurityErrorCode = {
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

export type SecurityErrorCode = (typeof SecurityErrorCode)[keyof typeof SecurityErrorCode];

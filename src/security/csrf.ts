import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../errors/codes.js';
import { publicError } from '../errors/public-error.js';

/**
 * Headers that make a request "non-simple": a browser sends none of them cross-site without a
 * CORS preflight, which the allowlist in `cors.ts` then answers. `X-Auth-Token` and
 * `Authorization` count too, so `curl -H 'X-Auth-Token: …' '…/graphql?query=…'` keeps working.
 */
export const CSRF_HEADERS = [
  'x-graphql-yoga-csrf',
  'apollo-require-preflight',
  'x-auth-token',
  'authorization',
] as const;

/**
 * yoga's CSRF prevention: a GraphQL request must either have a content type a form cannot send
 * (`application/json`, as GraphiQL and every GraphQL client POST) or carry one of
 * `CSRF_HEADERS`. Anything else (a GET without those headers, a `text/plain` or form POST) is
 * refused with HTTP 403 and `CSRF_HEADER_REQUIRED`, before its body is read.
 */
export function useCsrfPrevention(): Plugin {
  const inner = useCSRFPrevention({ requestHeaders: [...CSRF_HEADERS] });
  const check = inner.onRequestParse;
  if (check === undefined) throw new Error('useCSRFPrevention has no onRequestParse hook');
  return {
    onRequestParse(payload) {
      try {
        return check(payload);
      } catch {
        throw publicError(
          ErrorCode.CSRF_HEADER_REQUIRED,
          `Cross-site request refused: send "Content-Type: application/json", or one of the headers ${CSRF_HEADERS.join(', ')}.`,
          { extensions: { http: { status: 403 } } },
        );
      }
    },
  };
}

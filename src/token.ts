/**
 * The one token rule: 1 to 16,384 visible ASCII characters. Anything else could not be sent to
 * SWR as a header, so it is refused as `UNAUTHENTICATED` before any call.
 */
export function isWellFormedToken(token: string): boolean {
  return WELL_FORMED_TOKEN.test(token);
}

const WELL_FORMED_TOKEN = /^[\x21-\x7e]{1,16384}$/;

/** The token the caller sent, `null` when none, or an error message when it is unusable. */
export function readToken(headers: Headers): { token: string | null; problem?: string } {
  const authorization = headers.get('authorization');
  const xAuthToken = headers.get('x-auth-token');
  let bearer: string | null = null;
  if (authorization?.includes(',')) {
    // A Bearer token has no comma (RFC 6750 b64token): this is several headers, joined.
    return {
      token: null,
      problem:
        'The request carries several Authorization values; send one, reading "Bearer <token>".',
    };
  }
  if (authorization !== null) {
    const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match?.[1]) {
      return { token: null, problem: 'The Authorization header must read "Bearer <token>".' };
    }
    bearer = match[1];
  }
  const direct = xAuthToken?.trim() || null;
  if (bearer !== null && direct !== null && bearer !== direct) {
    return {
      token: null,
      problem: 'Authorization and X-Auth-Token carry different tokens; send one of them.',
    };
  }
  const token = bearer ?? direct;
  if (token !== null && !isWellFormedToken(token)) {
    return { token: null, problem: 'The token is malformed.' };
  }
  return { token };
}

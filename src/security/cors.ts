import type { CORSOptions } from '@whatwg-node/server';
import type { Plugin } from 'graphql-yoga';

/** Request headers a listed origin may send (answered in `Access-Control-Allow-Headers`). */
export const CORS_ALLOWED_HEADERS = [
  'Content-Type',
  'Authorization',
  'X-Auth-Token',
  'X-Request-Id',
  'X-GraphQL-Yoga-CSRF',
  'Apollo-Require-Preflight',
] as const;

/** How long a browser may cache a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE = 600;

/** `https://Console.Example.com:443/` → `https://console.example.com`; null when not a URL. */
function originOf(value: string): string | null {
  try {
    const { origin } = new URL(value);
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * yoga's `cors` option for an allowlist (`CORS_ORIGINS`). A request whose `Origin` is listed
 * gets `Access-Control-Allow-Origin: <that origin>` with credentials, `CORS_ALLOWED_HEADERS`,
 * and GET/POST; any other origin, and every origin when the list is empty, gets no CORS header
 * at all, so browsers refuse the cross-origin call (and its preflight).
 */
export function corsPolicy(origins: readonly string[]): (request: Request) => CORSOptions {
  const allowed = new Set(origins.map(originOf).filter((origin) => origin !== null));
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !allowed.has(origin)) return false;
    return {
      origin,
      credentials: true,
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: [...CORS_ALLOWED_HEADERS],
      exposedHeaders: ['X-Request-Id'],
      maxAge: PREFLIGHT_MAX_AGE,
    };
  };
}

/**
 * Adds `Vary: Origin` to every answer when an allowlist is set: whether the CORS headers are
 * present depends on the `Origin` header, so shared caches must key on it.
 */
export function useVaryOrigin(origins: readonly string[]): Plugin {
  if (origins.length === 0) return {};
  return {
    onResponse({ response }) {
      const vary = response.headers.get('vary');
      if (vary === null) {
        response.headers.set('vary', 'Origin');
      } else if (!/(^|,)\s*(origin|\*)\s*(,|$)/i.test(vary)) {
        response.headers.set('vary', `${vary}, Origin`);
      }
    },
  };
}

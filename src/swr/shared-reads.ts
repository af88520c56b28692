import { randomBytes } from 'node:crypto';
import type { CacheStore } from '../cache/index.js';
import { hashToken } from '../cache/token-hash.js';
import { InFlightGets } from './in-flight-gets.js';

/**
 * What the SWR GETs of one app share across its GraphQL requests: the per-caller cache
 * (`CACHE`) and the identical GETs in flight (`SWR_COALESCE`). Both are keyed by a keyed hash of
 * the caller's token, never by the token.
 */
export interface SharedReads {
  /** `undefined` when `CACHE=off`. */
  readonly cache: CacheStore | undefined;
  /** `undefined` when `SWR_COALESCE=false`. */
  readonly inFlight: InFlightGets | undefined;
  /**
   * HMAC-SHA256 of `token`: the cache's (keyed with `CACHE_SECRET`) when the cache is on,
   * otherwise keyed with a random secret of this process.
   */
  hashToken(token: string): string;
}

/** The app's shared reads, or `undefined` when neither the cache nor coalescing is on. */
export function createSharedReads(options: {
  cache: CacheStore | undefined;
  coalesce: boolean;
}): SharedReads | undefined {
  const { cache, coalesce } = options;
  if (cache === undefined && !coalesce) return undefined;
  const secret = randomBytes(32).toString('base64url');
  return {
    cache,
    inFlight: coalesce ? new InFlightGets() : undefined,
    hashToken:
      cache === undefined ? (token) => hashToken(secret, token) : (token) => cache.hashToken(token),
  };
}

import { createHmac } from 'node:crypto';

/**
 * The only form of a caller's token the cache ever sees: HMAC-SHA256 keyed with `CACHE_SECRET`,
 * base64url (43 characters). Without the secret, a key read out of Redis cannot be matched to a
 * token, not even by hashing candidate tokens.
 */
export function hashToken(secret: string, token: string): string {
  return createHmac('sha256', secret).update(token).digest('base64url');
}

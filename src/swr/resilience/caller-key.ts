import { randomBytes } from 'node:crypto';
import { hashToken } from '../../cache/token-hash.js';

/**
 * Turns a caller's token into the only form the app-wide resilience state may hold: an HMAC-SHA256
 * keyed with a secret drawn at random per process (43 base64url characters). The key never leaves
 * the process, so a key seen in memory cannot be matched to a token.
 */
export type CallerKey = (token: string) => string;

/** A {@link CallerKey} with a fresh random secret; call it once per app. */
export function createCallerKey(): CallerKey {
  const secret = randomBytes(32).toString('base64url');
  return (token) => hashToken(secret, token);
}

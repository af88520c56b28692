import { z } from 'zod';

/**
 * SWR's organization (namespace) naming rule: 1–64 characters; starts with a lowercase letter and
 * ends with a lowercase letter or digit; lowercase letters, digits, `.`, `_` and `-` only; no two
 * separators next to each other, except at most two consecutive underscores.
 */
export const NAMESPACE_PATTERN = /^[a-z](?:[a-z0-9]|[.-](?=[a-z0-9])|_{1,2}(?=[a-z0-9]))*$/;

/** Validates an organization name before any call reaches SWR. */
export const namespaceName = z
  .string()
  .max(64, 'must be at most 64 characters')
  .regex(
    NAMESPACE_PATTERN,
    'must follow SWR\'s organization naming rule: start with a lowercase letter, end with a lowercase letter or digit, use only a-z, 0-9, ".", "_" and "-", with no two separators together (except "__")',
  );

const printable = /^[^\p{Cc}]+$/u;

/** Validates a repository name filter (SWR allows 1–128 characters, `/` included). */
export const repositoryName = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(printable, 'must not contain control characters');

/** Validates an account (domain) name filter. */
export const accountName = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(printable, 'must not contain control characters');

/** Longest account name a share may name, as SWR's account names (and the emulator). */
export const SHARE_ACCOUNT_MAX_LENGTH = 64;

/**
 * Longest share description, in Unicode code points. SWR documents no limit; this is the
 * gateway's own (the emulator enforces the same with 413 `SVCSTG.SWR.4131012`).
 */
export const SHARE_DESCRIPTION_MAX_LENGTH = 1024;

/** Validates the account a repository is shared with: no whitespace or control characters. */
export const shareAccountName = z
  .string()
  .min(1, 'must not be empty')
  .max(SHARE_ACCOUNT_MAX_LENGTH, `must be at most ${SHARE_ACCOUNT_MAX_LENGTH} characters`)
  .regex(/^[^\s\p{Cc}\p{Cf}]+$/u, 'must not contain whitespace or control characters');

/** Validates a share's note: at most {@link SHARE_DESCRIPTION_MAX_LENGTH} code points. */
export const shareDescription = z
  .string()
  .refine(
    (text) => [...text].length <= SHARE_DESCRIPTION_MAX_LENGTH,
    `must be at most ${SHARE_DESCRIPTION_MAX_LENGTH} characters (the gateway's limit)`,
  );

/** Validates a share's end: an instant in the future. */
export const futureInstant = z
  .date()
  .refine((instant) => instant.getTime() > Date.now(), 'must be in the future');

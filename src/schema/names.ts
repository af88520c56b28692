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

/** A UTF-16 code unit of a surrogate pair standing alone: not text, and no URL can carry it. */
const loneSurrogate = /\p{Cs}/u;

/**
 * Validates a repository name, exact or as a filter (SWR allows 1–128 characters, `/` included).
 * A literal `$` is refused: SWR reads `$` as `/`, so `a$b` would name `a/b`.
 */
export const repositoryName = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(printable, 'must not contain control characters')
  .refine((name) => !name.includes('$'), 'must not contain "$" (SWR reads it as "/")')
  .refine((name) => !loneSurrogate.test(name), 'must not contain a lone UTF-16 surrogate');

/**
 * SWR's tag naming rule, Docker's: 1–128 characters, letters, digits, `_`, `.` and `-`, not
 * starting with `.` or `-`.
 */
export const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Validates a tag name (the tag part of an `ImageTag` id). */
export const tagName = z
  .string()
  .regex(
    TAG_PATTERN,
    'must be a tag name: 1–128 letters, digits, "_", "." and "-", not starting with "." or "-"',
  );

/** Validates a tag name filter: a part of a tag name, so it may start with `.` or `-`. */
export const tagFilter = z
  .string()
  .regex(
    /^[A-Za-z0-9_.-]{1,128}$/,
    'must be part of a tag name: 1–128 letters, digits, "_", "." and "-"',
  );

/** Validates an account (domain) name filter. */
export const accountName = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(printable, 'must not contain control characters')
  .refine((name) => !loneSurrogate.test(name), 'must not contain a lone UTF-16 surrogate');

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
  .regex(/^[^\s\p{Cc}\p{Cf}\p{Cs}]+$/u, 'must not contain whitespace or control characters');

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

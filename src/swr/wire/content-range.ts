const CONTENT_RANGE = /^\s*(?:[a-z]+\s+)?(?:\*|\d+\s*-\s*\d+)\s*\/\s*(\d+)\s*$/i;

/**
 * The total after `/` in an SWR `Content-Range` header. SWR documents `offset-count/total`
 * (`10-10/57`); the RFC form (`10-19/57`), a unit prefix (`items 0-9/57`) and an unknown range
 * with a known total (a `*` before the slash) are accepted too: only the total is reliable.
 * An unknown total (`0-9/*`), a missing header or anything malformed gives `null`.
 */
export function parseContentRangeTotal(header: string | null | undefined): number | null {
  if (!header) return null;
  const digits = CONTENT_RANGE.exec(header)?.[1];
  if (digits === undefined) return null;
  const total = Number(digits);
  return Number.isSafeInteger(total) ? total : null;
}

/**
 * The window contract of SWR's list endpoints (`limit`/`offset`), stated once for the client that
 * sends windows and the paging that plans them.
 */

/** An upstream page as SWR accepts it: `limit` ≥ 1 and `offset` 0 or a multiple of `limit`. */
export interface AlignedWindow {
  limit: number;
  offset: number;
}

/** One page of a list: its items and the total of every match across all pages (`null`: unknown). */
export interface WindowPage<T> {
  items: T[];
  total: number | null;
}

/** The largest `limit` SWR accepts on its list endpoints. */
export const SWR_MAX_LIMIT = 1000;

/** True when SWR accepts the window (`offset` is 0 or a positive multiple of `limit`). */
export function isAligned(window: AlignedWindow): boolean {
  return (
    Number.isSafeInteger(window.limit) &&
    window.limit >= 1 &&
    Number.isSafeInteger(window.offset) &&
    window.offset >= 0 &&
    window.offset % window.limit === 0
  );
}

import { invalidQuery } from './errors.js';
import type { ContentRangeStyle } from './options.js';

/** A validated `limit`/`offset` pair. */
export interface Page {
  readonly limit: number;
  readonly offset: number;
  /** False when the page comes from defaults: no `Content-Range` then. */
  readonly explicit: boolean;
}

/** Rules of one list endpoint. */
export interface PagingRules {
  readonly maxLimit: number;
  /** Ignore a lone `limit` or `offset` instead of refusing it. */
  readonly lenient: boolean;
  /** The page when neither is given; undefined = every record. */
  readonly defaults?: { readonly limit: number; readonly offset: number };
}

const DECIMAL = /^\d+$/;

/**
 * Reads `limit` and `offset` (decimal strings, both or neither): `limit` in 1..maxLimit, `offset`
 * ≥ 0 and a multiple of `limit`. Anything else → 400 `SVCSTG.SWR.4001025`. Undefined = all records.
 */
export function parsePaging(
  query: Readonly<Record<string, string>>,
  rules: PagingRules,
): Page | undefined {
  let { limit, offset } = query;
  if ((limit === undefined) !== (offset === undefined)) {
    if (!rules.lenient) throw invalidQuery('limit and offset must be used together');
    limit = undefined;
    offset = undefined;
  }
  if (limit === undefined || offset === undefined) {
    return rules.defaults && { ...rules.defaults, explicit: false };
  }
  if (!DECIMAL.test(limit)) throw invalidQuery(`Invalid limit "${limit}"`);
  if (!DECIMAL.test(offset)) throw invalidQuery(`Invalid offset "${offset}"`);
  const pageSize = Number(limit);
  const start = Number(offset);
  if (pageSize < 1 || pageSize > rules.maxLimit) {
    throw invalidQuery(`limit must be between 1 and ${rules.maxLimit}`);
  }
  if (start % pageSize !== 0) throw invalidQuery('offset must be 0 or a multiple of limit');
  return { limit: pageSize, offset: start, explicit: true };
}

/** The records of one page (all of them without a page). */
export function slicePage<T>(items: readonly T[], page: Page | undefined): readonly T[] {
  return page === undefined ? items : items.slice(page.offset, page.offset + page.limit);
}

/** The `Content-Range` value for a page, or undefined when none is sent. */
export function contentRange(
  page: Page | undefined,
  count: number,
  total: number,
  style: ContentRangeStyle,
): string | undefined {
  if (page === undefined || !page.explicit || style === 'none') return undefined;
  if (style === 'count') return `${page.offset}-${count}/${total}`;
  return count === 0 ? `*/${total}` : `${page.offset}-${page.offset + count - 1}/${total}`;
}

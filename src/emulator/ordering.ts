import { invalidQuery, SwrError } from './errors.js';

export type SortDirection = 'asc' | 'desc';

/** A validated `order_column` / `order_type` pair, with the column already mapped to its key. */
export interface SortOrder<C extends string> {
  readonly column: C;
  readonly direction: SortDirection;
}

/**
 * Reads `order_column` and `order_type`: both or neither (one alone → 400), a direction of
 * `asc`/`desc`, and a column among `columns` (which maps accepted names, aliases included, to sort
 * keys; an unknown column → 400 `SVCSTG.SWR.4001096`). Neither given → `fallback`.
 */
export function parseOrder<C extends string>(
  query: Readonly<Record<string, string>>,
  columns: Readonly<Record<string, C>>,
  fallback: SortOrder<C>,
): SortOrder<C> {
  const column = query.order_column;
  const direction = query.order_type;
  if (column === undefined && direction === undefined) return fallback;
  if (column === undefined || direction === undefined) {
    throw invalidQuery('order_column and order_type must be used together');
  }
  if (direction !== 'asc' && direction !== 'desc') {
    throw invalidQuery(`Invalid order_type "${direction}": use asc or desc`);
  }
  const key = Object.hasOwn(columns, column) ? columns[column] : undefined;
  if (key === undefined) {
    throw new SwrError(400, 'SVCSTG.SWR.4001096', `Invalid order_column "${column}"`);
  }
  return { column: key, direction };
}

/** Plain code-unit comparison, independent of locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

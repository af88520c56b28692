import type { RepoRecord } from './account-model.js';
import { compareText, type SortOrder } from './ordering.js';
import { compareInstants } from './timestamps.js';

/** Sort keys of repository lists. */
export type RepoSortKey =
  | 'updated_at'
  | 'name'
  | 'num_images'
  | 'namespace'
  | 'domain_name'
  | 'is_public';

export type RepoOrder = SortOrder<RepoSortKey>;

/** Accepted `order_column` values (the union of every documented list) and their sort keys. */
export const REPO_ORDER_COLUMNS: Readonly<Record<string, RepoSortKey>> = {
  updated_at: 'updated_at',
  updated_time: 'updated_at',
  name: 'name',
  tag_count: 'num_images',
  namespace: 'namespace',
  domain_name: 'domain_name',
  is_public: 'is_public',
};

/** The order when the query names none. */
export const DEFAULT_REPO_ORDER: RepoOrder = { column: 'updated_at', direction: 'desc' };

type Compare = (a: RepoRecord, b: RepoRecord) => number;

const byKey: Record<RepoSortKey, Compare> = {
  updated_at: (a, b) => compareInstants(a.updated, b.updated),
  name: (a, b) => compareText(a.item.name, b.item.name),
  num_images: (a, b) => a.item.num_images - b.item.num_images,
  namespace: (a, b) => compareText(a.item.namespace, b.item.namespace),
  domain_name: (a, b) => compareText(a.item.domain_name, b.item.domain_name),
  is_public: (a, b) => Number(a.item.is_public) - Number(b.item.is_public),
};

const tieBreak: Compare = (a, b) =>
  compareText(a.item.namespace, b.item.namespace) ||
  compareText(a.item.name, b.item.name) ||
  compareText(a.item.domain_name, b.item.domain_name);

/**
 * A total order: the chosen key in the chosen direction, then (namespace, name, domain_name)
 * ascending, which is unique per repository, so that pages never overlap or skip.
 */
export function repoComparator(order: RepoOrder): Compare {
  const primary = byKey[order.column];
  const sign = order.direction === 'asc' ? 1 : -1;
  return (a, b) => sign * primary(a, b) || tieBreak(a, b);
}

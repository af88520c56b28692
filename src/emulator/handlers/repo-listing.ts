import type { RepoRecord } from '../account-model.js';
import { contentRange, type Page, slicePage } from '../paging.js';
import type { HandlerContext, Reply } from '../reply.js';
import { ok } from '../reply.js';

/** Filters of the repository lists; every given one must match. */
export interface RepoFilter {
  /** Case-sensitive substring of the namespace. */
  readonly namespace?: string | undefined;
  /** Case-sensitive substring of the repository name. */
  readonly name?: string | undefined;
  /** Exact owner account name. */
  readonly domainName?: string | undefined;
  /** Exact category. */
  readonly category?: string | undefined;
  readonly isPublic?: boolean | undefined;
  /** Exact share status. */
  readonly status?: boolean | undefined;
}

/** The records that pass `filter`, in their order (the same array when nothing filters). */
export function filterRepos(
  records: readonly RepoRecord[],
  filter: RepoFilter,
): readonly RepoRecord[] {
  const { namespace, name, domainName, category, isPublic, status } = filter;
  const active = [namespace, name, domainName, category, isPublic, status].some(
    (value) => value !== undefined,
  );
  if (!active) return records;
  return records.filter(
    ({ item }) =>
      (namespace === undefined || item.namespace.includes(namespace)) &&
      (name === undefined || item.name.includes(name)) &&
      (domainName === undefined || item.domain_name === domainName) &&
      (category === undefined || item.category === category) &&
      (isPublic === undefined || item.is_public === isPublic) &&
      (status === undefined || item.status === status),
  );
}

const itemJson = new WeakMap<RepoRecord, string>();

/** The item's JSON text, serialized once per record. */
function jsonOf(record: RepoRecord): string {
  let json = itemJson.get(record);
  if (json === undefined) {
    json = JSON.stringify(record.item);
    itemJson.set(record, json);
  }
  return json;
}

/**
 * One page of a repository list: items with `total_range` (unless switched off) and Content-Range.
 * The body is assembled from cached item JSON, which keeps deep pages cheap under load.
 */
export function repoListReply(
  context: HandlerContext,
  matches: readonly RepoRecord[],
  page: Page | undefined,
): Reply {
  const total = matches.length;
  const records = slicePage(matches, page);
  const suffix = `,"total_range":${total}}`;
  const items = context.options.totalRangeInItems
    ? records.map((record) => jsonOf(record).slice(0, -1) + suffix)
    : records.map(jsonOf);
  const range = contentRange(page, records.length, total, context.options.contentRange);
  return ok(`[${items.join(',')}]`, range === undefined ? undefined : { 'Content-Range': range });
}

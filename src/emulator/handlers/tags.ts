import type { TagRecord } from '../generate-tags.js';
import { compareText, parseOrder, type SortOrder } from '../ordering.js';
import { contentRange, parsePaging, slicePage } from '../paging.js';
import { textParam, withLegacyFilter } from '../query.js';
import type { HandlerContext, Reply } from '../reply.js';
import { ok } from '../reply.js';
import { compareInstants } from '../timestamps.js';
import { readableRepository } from './repository-access.js';

type TagSortKey = 'updated_at' | 'tag';

const TAG_ORDER_COLUMNS: Readonly<Record<string, TagSortKey>> = {
  updated_at: 'updated_at',
  tag: 'tag',
};

const DEFAULT_TAG_ORDER: SortOrder<TagSortKey> = { column: 'updated_at', direction: 'desc' };

function tagComparator(order: SortOrder<TagSortKey>): (a: TagRecord, b: TagRecord) => number {
  const sign = order.direction === 'asc' ? 1 : -1;
  const primary =
    order.column === 'tag'
      ? (a: TagRecord, b: TagRecord) => compareText(a.tag.Tag, b.tag.Tag)
      : (a: TagRecord, b: TagRecord) => compareInstants(a.updated, b.updated);
  return (a, b) => sign * primary(a, b) || compareText(a.tag.Tag, b.tag.Tag);
}

/**
 * `GET /v2/manage/namespaces/{namespace}/repos/{repository}/tags`: every tag without a page, the
 * total only in `Content-Range`, `tag` as a substring filter.
 */
export function listRepositoryTags(
  context: HandlerContext,
  namespace: string,
  repository: string,
): Reply {
  const record = readableRepository(context, namespace, repository);
  const query = withLegacyFilter(context.query);
  const page = parsePaging(query, {
    maxLimit: context.options.maxLimit,
    lenient: context.options.lenientPaging,
  });
  const order = parseOrder(query, TAG_ORDER_COLUMNS, DEFAULT_TAG_ORDER);
  const filter = textParam(query, 'tag');
  const matches = context.account
    .tagRecords(record)
    .filter((entry) => filter === undefined || entry.tag.Tag.includes(filter))
    .sort(tagComparator(order));
  const tags = slicePage(matches, page).map((entry) => entry.tag);
  const range = contentRange(page, tags.length, matches.length, context.options.contentRange);
  return ok(tags, range === undefined ? undefined : { 'Content-Range': range });
}

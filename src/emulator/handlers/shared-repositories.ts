import { invalidQuery } from '../errors.js';
import { parseOrder } from '../ordering.js';
import { parsePaging } from '../paging.js';
import { booleanParam, decodeRepositoryName, textParam, withLegacyFilter } from '../query.js';
import type { HandlerContext, Reply } from '../reply.js';
import { DEFAULT_REPO_ORDER, REPO_ORDER_COLUMNS } from '../repo-ordering.js';
import { filterRepos, repoListReply } from './repo-listing.js';

/**
 * `GET /v2/manage/shared-repositories`: `center=self` lists the caller's repositories that have a
 * sharing account, `center=thirdparty` those other accounts share with the caller. Without
 * `limit`/`offset` every record is returned. `status` filters `thirdparty` only (`self` items are
 * always `false`).
 */
export function listSharedRepositories(context: HandlerContext): Reply {
  const query = withLegacyFilter(context.query);
  const { center } = query;
  if (center !== 'self' && center !== 'thirdparty') {
    throw invalidQuery('center is required and must be self or thirdparty');
  }
  const page = parsePaging(query, {
    maxLimit: context.options.maxLimit,
    lenient: context.options.lenientPaging,
  });
  const order = parseOrder(query, REPO_ORDER_COLUMNS, DEFAULT_REPO_ORDER);
  const status = booleanParam(query, 'status');
  const name = textParam(query, 'name');
  const matches = filterRepos(context.account.sorted(center, order), {
    namespace: textParam(query, 'namespace'),
    name: name === undefined ? undefined : decodeRepositoryName(name),
    domainName: textParam(query, 'domain_name'),
    status: center === 'thirdparty' ? status : undefined,
  });
  return repoListReply(context, matches, page);
}

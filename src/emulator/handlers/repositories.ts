import { parseOrder } from '../ordering.js';
import { parsePaging } from '../paging.js';
import { booleanParam, decodeRepositoryName, textParam, withLegacyFilter } from '../query.js';
import type { HandlerContext, Reply } from '../reply.js';
import { DEFAULT_REPO_ORDER, REPO_ORDER_COLUMNS } from '../repo-ordering.js';
import { filterRepos, repoListReply } from './repo-listing.js';

const DEFAULT_PAGE = { limit: 100, offset: 0 };

/**
 * `GET /v2/manage/repos` (ListReposDetails): the caller's own repositories, 100 from offset 0 when
 * no page is given; fuzzy `namespace`/`name`, exact `category`/`is_public`.
 */
export function listRepositories(context: HandlerContext): Reply {
  const query = withLegacyFilter(context.query);
  const page = parsePaging(query, {
    maxLimit: context.options.maxLimit,
    lenient: context.options.lenientPaging,
    defaults: DEFAULT_PAGE,
  });
  const order = parseOrder(query, REPO_ORDER_COLUMNS, DEFAULT_REPO_ORDER);
  const name = textParam(query, 'name');
  const matches = filterRepos(context.account.sorted('own', order), {
    namespace: textParam(query, 'namespace'),
    name: name === undefined ? undefined : decodeRepositoryName(name),
    category: textParam(query, 'category'),
    isPublic: booleanParam(query, 'is_public', 'SVCSTG.SWR.4001009'),
  });
  return repoListReply(context, matches, page);
}

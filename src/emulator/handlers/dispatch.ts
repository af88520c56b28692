import type { HandlerContext, Reply } from '../reply.js';
import type { RouteMatch } from '../routes.js';
import {
  createRepoDomains,
  deleteRepoDomains,
  listRepoDomains,
  showAccessDomain,
  updateRepoDomains,
} from './access-domains.js';
import { listNamespaces, showNamespace } from './namespaces.js';
import { listRepositories } from './repositories.js';
import { showRepository } from './repository.js';
import { listSharedRepositories } from './shared-repositories.js';
import { listRepositoryTags } from './tags.js';

/** Runs the handler of a matched route. Handlers throw `SwrError` to refuse. */
export function dispatch(match: RouteMatch, context: HandlerContext): Reply {
  switch (match.route) {
    case 'listSharedRepositories':
      return listSharedRepositories(context);
    case 'listRepositories':
      return listRepositories(context);
    case 'listNamespaces':
      return listNamespaces(context);
    case 'showNamespace':
      return showNamespace(context, match.namespace);
    case 'showRepository':
      return showRepository(context, match.namespace, match.repository);
    case 'listRepositoryTags':
      return listRepositoryTags(context, match.namespace, match.repository);
    case 'listRepoDomains':
      return listRepoDomains(context, match.namespace, match.repository);
    case 'showAccessDomain':
      return showAccessDomain(context, match.namespace, match.repository, match.accessDomain);
    case 'createRepoDomains':
      return createRepoDomains(context, match.namespace, match.repository);
    case 'updateRepoDomains':
      return updateRepoDomains(context, match.namespace, match.repository, match.accessDomain);
    case 'deleteRepoDomains':
      return deleteRepoDomains(context, match.namespace, match.repository, match.accessDomain);
  }
}

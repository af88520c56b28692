import type { RepoRecord } from '../account-model.js';
import { SwrError } from '../errors.js';
import { assertNamespace, assertRepositoryName } from '../names.js';
import type { HandlerContext } from '../reply.js';

function notFound(namespace: string, repository: string): SwrError {
  return new SwrError(404, 'SVCSTG.SWR.4040010', `Image ${namespace}/${repository} not found`);
}

/** A repository the caller may read (own, or validly shared with it); bad names → 400, else 404. */
export function readableRepository(
  context: HandlerContext,
  namespace: string,
  repository: string,
): RepoRecord {
  assertNamespace(namespace);
  assertRepositoryName(repository);
  const record = context.account.findReadable(namespace, repository);
  if (record === undefined) throw notFound(namespace, repository);
  return record;
}

function notYours(): SwrError {
  return new SwrError(403, 'SVCSTG.SWR.4039001', 'The resource does not belong to you');
}

/**
 * One of the caller's own repositories, for the sharing-account routes (reads and writes). Bad
 * names → 400; a repository of another account (shared with the caller or not), or any name in an
 * organization of another account → 403 `SVCSTG.SWR.4039001`; a missing repository in one of the
 * caller's organizations → 404 `SVCSTG.SWR.4040010`; an organization nobody owns → 404
 * `SVCSTG.SWR.4040058`.
 */
export function ownRepository(
  context: HandlerContext,
  namespace: string,
  repository: string,
): RepoRecord {
  assertNamespace(namespace);
  assertRepositoryName(repository);
  const { account, world } = context;
  const owned = world.ownedRepository(namespace, repository);
  if (owned !== undefined) {
    if (owned.owner !== account) throw notYours();
    return owned.record;
  }
  if (account.find(namespace, repository) !== undefined) throw notYours();
  const owner = world.namespaceOwner(namespace);
  if (owner === account) throw notFound(namespace, repository);
  if (owner !== undefined) throw notYours();
  throw new SwrError(404, 'SVCSTG.SWR.4040058', `Organization ${namespace} not found`);
}

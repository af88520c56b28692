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

/**
 * One of the caller's own repositories, for the sharing-account routes: bad names → 400, a
 * repository merely shared with the caller → 403 `SVCSTG.SWR.4039001`, an unknown one → 404.
 */
export function ownRepository(
  context: HandlerContext,
  namespace: string,
  repository: string,
): RepoRecord {
  assertNamespace(namespace);
  assertRepositoryName(repository);
  const record = context.account.find(namespace, repository);
  if (record === undefined) throw notFound(namespace, repository);
  if (!record.owned) {
    throw new SwrError(403, 'SVCSTG.SWR.4039001', 'The resource does not belong to you');
  }
  return record;
}

import { SwrError } from '../errors.js';
import type { HandlerContext, Reply } from '../reply.js';
import { ok } from '../reply.js';
import { ownRepository } from './repository-access.js';

/** `GET …/repositories/{repository}/access-domains`: the sharing accounts of an own repository. */
export function listRepoDomains(
  context: HandlerContext,
  namespace: string,
  repository: string,
): Reply {
  return ok(ownRepository(context, namespace, repository).shares);
}

/**
 * `GET …/repositories/{repository}/access-domains/{accessDomain}`: one sharing account with
 * `exist: true`; a missing one → 400 `SVCSTG.SWR.4001090` as a root object, whatever `errorShape`.
 */
export function showAccessDomain(
  context: HandlerContext,
  namespace: string,
  repository: string,
  accessDomain: string,
): Reply {
  const record = ownRepository(context, namespace, repository);
  const share = record.shares.find((candidate) => candidate.access_domain === accessDomain);
  if (share === undefined) {
    throw new SwrError(
      400,
      'SVCSTG.SWR.4001090',
      `The access domain ${accessDomain} does not exist`,
      'object',
    );
  }
  return ok({ ...share, exist: true });
}

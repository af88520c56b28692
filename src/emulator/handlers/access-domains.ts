import { SwrError } from '../errors.js';
import type { HandlerContext, Reply } from '../reply.js';
import { ok } from '../reply.js';
import { parseCreateShareBody, parseUpdateShareBody } from '../share-body.js';
import { toAccessDomain } from '../share-store.js';
import { formatInstant } from '../timestamps.js';
import { ownRepository } from './repository-access.js';

/** 400 `SVCSTG.SWR.4001090` as a root object, whatever `errorShape`: the share does not exist. */
function missingShare(accessDomain: string): SwrError {
  return new SwrError(
    400,
    'SVCSTG.SWR.4001090',
    `The access domain ${accessDomain} does not exist`,
    'object',
  );
}

function nowText(context: HandlerContext): string {
  return formatInstant({ seconds: Math.floor(context.world.now() / 1000), nanos: 0 });
}

/** `GET …/repositories/{repository}/access-domains`: the sharing accounts of an own repository. */
export function listRepoDomains(
  context: HandlerContext,
  namespace: string,
  repository: string,
): Reply {
  ownRepository(context, namespace, repository);
  return ok(context.account.accessDomains(namespace, repository) ?? []);
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
  ownRepository(context, namespace, repository);
  const stored = context.world.shares.get(namespace, repository, accessDomain);
  if (stored === undefined) throw missingShare(accessDomain);
  return ok({ ...toAccessDomain(stored, context.world.now()), exist: true });
}

/**
 * `POST …/repositories/{repository}/access-domains` (CreateRepoDomains): shares an own repository
 * with another account → 201 with an empty body. Already shared with it → 409
 * `SVCSTG.SWR.4090089`; the caller's own account → 400 `SVCSTG.SWR.4001041`.
 */
export function createRepoDomains(
  context: HandlerContext,
  namespace: string,
  repository: string,
): Reply {
  const record = ownRepository(context, namespace, repository);
  const body = parseCreateShareBody(context.body);
  if (body.accessDomain === context.account.domainName) {
    throw new SwrError(400, 'SVCSTG.SWR.4001041', 'A repository cannot be shared with its owner');
  }
  const { shares } = context.world;
  if (shares.get(namespace, repository, body.accessDomain) !== undefined) {
    throw new SwrError(
      409,
      'SVCSTG.SWR.4090089',
      `The repository is already shared with ${body.accessDomain}`,
    );
  }
  const now = nowText(context);
  shares.put({
    share: {
      namespace,
      repository,
      access_domain: body.accessDomain,
      permit: 'read',
      deadline: body.deadline,
      description: body.description,
      creator_id: record.owner.creatorId,
      creator_name: record.owner.creatorName,
      created: now,
      updated: now,
    },
  });
  return { status: 201 };
}

/**
 * `PATCH …/access-domains/{accessDomain}` (UpdateRepoDomains): new `permit`/`deadline` and, when
 * given, `description` → 201 with an empty body; a missing share → 400 `SVCSTG.SWR.4001090`.
 */
export function updateRepoDomains(
  context: HandlerContext,
  namespace: string,
  repository: string,
  accessDomain: string,
): Reply {
  ownRepository(context, namespace, repository);
  const body = parseUpdateShareBody(context.body);
  const { shares } = context.world;
  const stored = shares.get(namespace, repository, accessDomain);
  if (stored === undefined) throw missingShare(accessDomain);
  shares.put({
    share: {
      ...stored.share,
      deadline: body.deadline,
      description: body.description ?? stored.share.description,
      updated: nowText(context),
    },
  });
  return { status: 201 };
}

/**
 * `DELETE …/access-domains/{accessDomain}` (DeleteRepoDomains): stops sharing → 204; a missing
 * share → 400 `SVCSTG.SWR.4001090`.
 */
export function deleteRepoDomains(
  context: HandlerContext,
  namespace: string,
  repository: string,
  accessDomain: string,
): Reply {
  ownRepository(context, namespace, repository);
  if (!context.world.shares.remove(namespace, repository, accessDomain)) {
    throw missingShare(accessDomain);
  }
  return { status: 204 };
}

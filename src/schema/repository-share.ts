import { badUserInput } from '../errors/public-error.js';
import { parseShareKey, type ShareKey, shareKeyText } from '../loaders/keys.js';
import type { SwrAccessDomain } from '../swr/wire/access-domain.js';
import { builder } from './builder.js';
import { registerNodeLoader } from './node.js';

export const SharePermission = builder.enumType('SharePermission', {
  description: 'What a sharing account may do with the image.',
  values: { READ: { value: 'read', description: 'Pull the image.' } } as const,
});

/** One account a repository is shared with (SWR access domain). */
export const RepositoryShare = builder.objectRef<SwrAccessDomain>('RepositoryShare');

/**
 * The key of a share as SWR sent it. SWR writes a repository name with `$` for `/` in some
 * answers; names never contain `$`, so it is turned back, and the id stays the same whichever
 * call the share came from.
 */
export function shareKeyOf(share: SwrAccessDomain): ShareKey {
  return {
    namespace: share.namespace,
    name: share.repository.replaceAll('$', '/'),
    account: share.access_domain,
  };
}

// Not a federation entity: no other subgraph refers to a single share, and shares are reached
// through `Repository.shares` (Repository is an entity) or `node(id:)`. Making it one later is a
// non-breaking addition.
builder.node(RepositoryShare, {
  description:
    'An account that an image repository is shared with, and on what terms. A Node: its `id` (from organization, repository and account) is stable, and `node(id:)` reads it again with SWR ShowAccessDomain (1 call; NOT_FOUND once the share is gone).',
  id: { resolve: (share) => shareKeyText(shareKeyOf(share)) },
  fields: (t) => ({
    namespace: t.string({
      description: 'Organization that holds the shared repository.',
      resolve: (share) => share.namespace,
    }),
    repositoryName: t.string({
      description: 'Name of the shared repository; may contain `/`.',
      resolve: (share) => shareKeyOf(share).name,
    }),
    accessDomain: t.exposeString('access_domain', {
      description: 'Name of the account the repository is shared with.',
    }),
    permit: t.field({
      type: SharePermission,
      description: 'What the account may do. SWR only offers `READ`.',
      resolve: () => 'read' as const,
    }),
    expiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the share ends; null when it never does.',
      resolve: (share) => (share.deadline === 'forever' ? null : share.deadline),
    }),
    description: t.exposeString('description', {
      description: 'Note the owner left on the share; empty when none.',
    }),
    creatorName: t.exposeString('creator_name', { description: 'IAM user who created the share.' }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When the share was created.',
      resolve: (share) => share.created,
    }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'When the share was last changed.',
      resolve: (share) => share.updated,
    }),
    active: t.exposeBoolean('status', {
      description: 'True while the share is valid; false once it has expired.',
    }),
  }),
});

registerNodeLoader(RepositoryShare, async (id, context) => {
  const key = parseShareKey(id);
  if (!key) throw badUserInput('Not a RepositoryShare id.', 'id');
  return context.loaders.share.load(key);
});

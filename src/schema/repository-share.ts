import type { SwrAccessDomain } from '../swr/types.js';
import { builder } from './builder.js';

export const SharePermission = builder.enumType('SharePermission', {
  description: 'What a sharing account may do with the image.',
  values: { READ: { value: 'read', description: 'Pull the image.' } } as const,
});

/** One account a repository is shared with (SWR access domain). */
export const RepositoryShare = builder.objectRef<SwrAccessDomain>('RepositoryShare');

RepositoryShare.implement({
  description: 'An account that an image repository is shared with, and on what terms.',
  fields: (t) => ({
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

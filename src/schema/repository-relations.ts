import type { ObjectRef } from '@pothos/core';
import { errorCodeOf } from '../errors/public-error.js';
import { type RepositoryKey, repositoryKeyText } from '../loaders/keys.js';
import { queryKeyOf } from '../paging/cursor.js';
import { resolveOffsetConnection } from '../paging/offset-connection.js';
import { type BuilderTypes, builder } from './builder.js';
import { ImageTag, ImageTagConnection, ImageTagOrder } from './image-tag.js';
import { tagFilter } from './names.js';
import { Namespace } from './namespace.js';
import { RepositoryShare } from './repository-share.js';

/**
 * Adds the fields that hang off any repository (tags, shares, organization) to `ref`. `locate`
 * tells which repository a parent object is. Both `Repository` and `SharedRepository` use it, so
 * the two types offer the same graph and share the request's DataLoaders.
 */
export function addRepositoryRelations<Parent>(
  ref: ObjectRef<BuilderTypes, Parent>,
  locate: (parent: Parent) => RepositoryKey,
): void {
  builder.objectFields(ref, (t) => ({
    imageTags: t.connection(
      {
        type: ImageTag,
        nullable: true,
        description:
          'Tags of this repository (SWR ListRepositoryTags) as a Relay connection. One SWR call per page when paging forward with a constant page size. Null, with an error at this path, when SWR refuses or fails for this repository only.',
        args: {
          orderBy: t.arg({ type: ImageTagOrder, description: "Sort order; omit it for SWR's." }),
          tag: t.arg.string({
            description:
              'Only tags whose name contains this text: 1–128 letters, digits, `_`, `.` and `-`, checked before any call.',
            validate: tagFilter,
          }),
        },
        resolve: (parent, args, context) => {
          const key = locate(parent);
          const params = {
            tag: args.tag ?? undefined,
            order: args.orderBy
              ? { column: args.orderBy.field, type: args.orderBy.direction }
              : undefined,
          };
          return resolveOffsetConnection({
            args,
            queryKey: queryKeyOf('imageTags', { repository: repositoryKeyText(key), ...params }),
            cursors: context.cursors,
            fetchWindow: (window) =>
              context.loaders.tagWindow.load({ ...key, params: { ...params, window } }),
          });
        },
      },
      ImageTagConnection,
    ),
    shares: t.field({
      type: [RepositoryShare],
      nullable: true,
      description:
        'Accounts this repository is shared with (SWR ListRepoDomains). Null, with a FORBIDDEN error at this path, when you do not own the repository (for example an image shared with you).',
      resolve: (parent, _args, context) => context.loaders.shares.load(locate(parent)),
    }),
    namespaceInfo: t.field({
      type: Namespace,
      nullable: true,
      description:
        "The organization that holds this repository (SWR ShowNamespace; one call per distinct organization per request). Null without an error when your account cannot see it, as for another account's organization.",
      resolve: async (parent, _args, context) => {
        try {
          return await context.loaders.namespace.load(locate(parent).namespace);
        } catch (error) {
          if (isInvisible(error)) return null;
          throw error;
        }
      },
    }),
  }));
}

function isInvisible(error: unknown): boolean {
  const code = errorCodeOf(error);
  return code === 'NOT_FOUND' || code === 'FORBIDDEN';
}

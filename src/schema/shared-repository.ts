import { badUserInput } from '../errors/public-error.js';
import { parseSharedRepositoryKey, sharedRepositoryKeyText } from '../loaders/keys.js';
import type { SharedRepositoryRecord } from '../loaders/request-loaders.js';
import { queryKeyOf } from '../paging/cursor.js';
import { resolveOffsetConnection } from '../paging/offset-connection.js';
import { builder } from './builder.js';
import { accountName, namespaceName, repositoryName } from './names.js';
import { registerNodeLoader } from './node.js';
import { OrderDirection } from './order-direction.js';
import { Repository } from './repository.js';
import { repositoryFields } from './repository-fields.js';
import { addRepositoryRelations } from './repository-relations.js';

/** A repository in the shared-images list. */
export const SharedRepository = builder.objectRef<SharedRepositoryRecord>('SharedRepository');

builder.node(SharedRepository, {
  description:
    'An image repository in the shared-images list: one you shared with other accounts (`SELF`), or one another account shared with you (`THIRD_PARTY`).',
  id: { resolve: sharedRepositoryKeyText },
  fields: (t) => {
    const common = repositoryFields(t, {
      wire: (item) => item,
      createdAt: (item) => item.created_at,
      updatedAt: (item) => item.updated_at,
      descriptions: {
        updatedAt: 'When the repository was last changed (for example by a push).',
        path: 'Address to pull from over the internet, e.g. `swr.cn-north-4.myhuaweicloud.com/team/app`.',
        internalPath:
          'Address to pull from inside the cloud region, e.g. `100.125.0.198:20202/team/app`.',
      },
    });
    const { name, namespace, category, description, sizeBytes, isPublic, tagCount } = common;
    const { downloadCount, createdAt, updatedAt, path, internalPath } = common;
    return {
      name,
      namespace,
      domainName: t.exposeString('domain_name', {
        description: 'Account (tenant) that owns the repository.',
      }),
      category,
      description,
      sizeBytes,
      isPublic,
      tagCount,
      downloadCount,
      createdAt,
      updatedAt,
      path,
      internalPath,
      tags: t.exposeStringList('tags', {
        description: 'Names of the image tags, such as `latest`.',
      }),
      shareActive: t.exposeBoolean('status', {
        description:
          'For `THIRD_PARTY` items: true while the share is valid, false once it has expired. For `SELF` items SWR always reports false, so this carries no meaning there; see `shares` instead.',
      }),
      repository: t.field({
        type: Repository,
        nullable: true,
        description:
          'Full details of this repository (SWR ShowRepository, one call per distinct repository per request). Null, with an error at this path, when SWR refuses them (for example once a share has expired).',
        resolve: (item, _args, context) => context.loaders.repository.load(item),
      }),
    };
  },
});

addRepositoryRelations(SharedRepository, (item) => item);

registerNodeLoader(SharedRepository, (id, context) => {
  const key = parseSharedRepositoryKey(id);
  if (!key) throw badUserInput('Not a SharedRepository id.', 'id');
  return context.loaders.sharedRepository.load(key);
});

/** Which side of sharing to list. */
export const ShareCenter = builder.enumType('ShareCenter', {
  description: 'Which side of the sharing relation to list.',
  values: {
    SELF: { value: 'self', description: 'Images your account shared with other accounts.' },
    THIRD_PARTY: {
      value: 'thirdparty',
      description: 'Images other accounts shared with your account.',
    },
  } as const,
});

export const SharedRepositoryOrderField = builder.enumType('SharedRepositoryOrderField', {
  description: 'Field to sort shared repositories by.',
  values: {
    UPDATED_AT: { value: 'updated_at', description: 'Time of the last change.' },
    NAME: { value: 'name', description: 'Repository name.' },
    TAG_COUNT: { value: 'tag_count', description: 'Number of tags.' },
    NAMESPACE: { value: 'namespace', description: 'Organization name.' },
    DOMAIN_NAME: { value: 'domain_name', description: 'Owner account name.' },
  } as const,
});

export const SharedRepositoryOrder = builder.inputType('SharedRepositoryOrder', {
  description: "Sort order of the shared-images list. When omitted, SWR's default order applies.",
  fields: (t) => ({
    field: t.field({
      type: SharedRepositoryOrderField,
      required: true,
      description: 'Field to sort by.',
    }),
    direction: t.field({ type: OrderDirection, required: true, description: 'Sort direction.' }),
  }),
});

builder.queryField('sharedRepositories', (t) =>
  t.connection(
    {
      type: SharedRepository,
      description:
        'The shared-images list (SWR `GET /v2/manage/shared-repositories`) as a Relay connection. Costs one SWR call per page when paging forward with a constant page size; `totalCount` and `pageInfo` add no call.',
      args: {
        center: t.arg({
          type: ShareCenter,
          required: true,
          description: 'Images you shared (`SELF`) or images shared with you (`THIRD_PARTY`).',
        }),
        namespace: t.arg.string({
          description:
            "Only repositories of this organization. Must follow SWR's organization naming rule; checked before any call.",
          validate: namespaceName,
        }),
        name: t.arg.string({
          description: 'Only repositories whose name contains this text. May contain `/`.',
          validate: repositoryName,
        }),
        domainName: t.arg.string({
          description: 'Only repositories owned by this account.',
          validate: accountName,
        }),
        active: t.arg.boolean({
          description:
            'With `THIRD_PARTY` only: true lists shares that are still valid, false lists expired ones.',
        }),
        orderBy: t.arg({
          type: SharedRepositoryOrder,
          description: "Sort order. Omit it for SWR's default order.",
        }),
      },
      resolve: (_root, args, context) => {
        if (args.active != null && args.center !== 'thirdparty') {
          throw badUserInput('`active` applies only to `center: THIRD_PARTY`.', 'active');
        }
        const filters = {
          center: args.center,
          namespace: args.namespace ?? undefined,
          name: args.name ?? undefined,
          domainName: args.domainName ?? undefined,
          status: args.active ?? undefined,
          order: args.orderBy
            ? { column: args.orderBy.field, type: args.orderBy.direction }
            : undefined,
        };
        return resolveOffsetConnection({
          args,
          queryKey: queryKeyOf('sharedRepositories', filters),
          cursors: context.cursors,
          fetchWindow: (window) =>
            context.loaders.sharedRepositoryWindow.load({ ...filters, window }),
        });
      },
    },
    { name: 'SharedRepositoryConnection', description: 'A page of the shared-images list.' },
    { name: 'SharedRepositoryEdge', description: 'A shared repository and its cursor.' },
  ),
);

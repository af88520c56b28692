import { badUserInput } from '../errors/public-error.js';
import { parseRepositoryKey, repositoryKeyText } from '../loaders/keys.js';
import type { RepositoryRecord } from '../loaders/request-loaders.js';
import { builder } from './builder.js';
import { namespaceName, repositoryName } from './names.js';
import { registerNodeLoader } from './node.js';
import { RepositoryCategory, toCategory } from './repository-category.js';
import { addRepositoryRelations } from './repository-relations.js';

/** An image repository with the details of SWR ShowRepository. */
export const Repository = builder.objectRef<RepositoryRecord>('Repository');

builder.node(Repository, {
  description: 'An image repository and its details (SWR ShowRepository).',
  id: { resolve: repositoryKeyText },
  fields: (t) => ({
    name: t.exposeString('name', {
      description: 'Repository name, unique within its namespace. May contain `/`.',
    }),
    namespace: t.exposeString('namespace', {
      description: 'Organization (SWR namespace) that holds the repository.',
    }),
    category: t.field({
      type: RepositoryCategory,
      description: 'Category set by the owner. Categories SWR adds later are reported as `OTHER`.',
      resolve: (record, _args, context) =>
        toCategory(record.detail.category, (message, category) =>
          context.log().warn({ category }, message),
        ),
    }),
    description: t.string({
      description: 'Free-text description set by the owner; empty when none.',
      resolve: (record) => record.detail.description,
    }),
    creatorName: t.string({
      description: 'IAM user who created the repository.',
      resolve: (record) => record.detail.creator_name,
    }),
    sizeBytes: t.field({
      type: 'SafeInt',
      description: 'Total size of the repository in bytes (often above 2^31).',
      resolve: (record) => record.detail.size,
    }),
    isPublic: t.boolean({
      description: 'True when anyone can pull the repository without being granted access.',
      resolve: (record) => record.detail.is_public,
    }),
    tagCount: t.int({
      description: 'Number of image tags in the repository.',
      resolve: (record) => record.detail.num_images,
    }),
    downloadCount: t.int({
      description: 'Number of times images of the repository were pulled.',
      resolve: (record) => record.detail.num_download,
    }),
    path: t.string({
      description: 'Address to pull from over the internet.',
      resolve: (record) => record.detail.path,
    }),
    internalPath: t.string({
      description: 'Address to pull from inside the cloud region.',
      resolve: (record) => record.detail.internal_path,
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When the repository was created.',
      resolve: (record) => record.detail.created,
    }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'When the repository was last changed.',
      resolve: (record) => record.detail.updated,
    }),
  }),
});

addRepositoryRelations(Repository, (record) => record);

registerNodeLoader(Repository, async (id, context) => {
  const key = parseRepositoryKey(id);
  if (!key) throw badUserInput('Not a Repository id.', 'id');
  return context.loaders.repository.load(key);
});

builder.queryField('repository', (t) =>
  t.field({
    type: Repository,
    nullable: true,
    description:
      'One image repository by organization and name (SWR ShowRepository). Null, with a NOT_FOUND error, when it does not exist or is not visible to you.',
    args: {
      namespace: t.arg.string({
        required: true,
        description: 'Organization that holds the repository.',
        validate: namespaceName,
      }),
      name: t.arg.string({
        required: true,
        description: 'Repository name; may contain `/`.',
        validate: repositoryName,
      }),
    },
    resolve: (_root, args, context) => context.loaders.repository.load(args),
  }),
);

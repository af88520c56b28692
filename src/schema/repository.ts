import { badUserInput } from '../errors/public-error.js';
import { parseRepositoryKey, repositoryKeyText } from '../loaders/keys.js';
import type { RepositoryRecord } from '../loaders/request-loaders.js';
import { builder } from './builder.js';
import { namespaceName, repositoryName } from './names.js';
import { registerNodeLoader } from './node.js';
import { repositoryFields } from './repository-fields.js';
import { addRepositoryRelations } from './repository-relations.js';

/** An image repository with the details of SWR ShowRepository. */
export const Repository = builder.objectRef<RepositoryRecord>('Repository');

builder.node(Repository, {
  description: 'An image repository and its details (SWR ShowRepository).',
  id: { resolve: repositoryKeyText },
  fields: (t) => {
    const { name, namespace, category, description, ...rest } = repositoryFields(t, {
      wire: (record) => record.detail,
      createdAt: (record) => record.detail.created,
      updatedAt: (record) => record.detail.updated,
      descriptions: {
        updatedAt: 'When the repository was last changed.',
        path: 'Address to pull from over the internet.',
        internalPath: 'Address to pull from inside the cloud region.',
      },
    });
    const creatorName = t.string({
      description: 'IAM user who created the repository.',
      resolve: (record) => record.detail.creator_name,
    });
    return { name, namespace, category, description, creatorName, ...rest };
  },
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

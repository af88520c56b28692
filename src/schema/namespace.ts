import { badUserInput } from '../errors/public-error.js';
import type { SwrNamespace } from '../swr/wire/namespace.js';
import { builder } from './builder.js';
import { namespaceName } from './names.js';
import { registerNodeLoader } from './node.js';

/** An SWR organization. */
export const Namespace = builder.objectRef<SwrNamespace>('Namespace');

export const NamespaceAccess = builder.enumType('NamespaceAccess', {
  description: 'What your account may do in an organization (SWR `auth`).',
  values: {
    MANAGE: {
      value: 'manage',
      description: 'Manage the organization, its images and members (7).',
    },
    EDIT: { value: 'edit', description: 'Push and edit images (3).' },
    READ: { value: 'read', description: 'Pull images only (1).' },
  } as const,
});

/** SWR's `auth` bit value to the access level; values in between get the lower level. */
export function toAccess(auth: number): 'manage' | 'edit' | 'read' {
  if (auth >= 7) return 'manage';
  if (auth >= 3) return 'edit';
  return 'read';
}

builder.node(Namespace, {
  description: 'An organization (SWR namespace): the top level that holds image repositories.',
  id: { resolve: (namespace) => namespace.name },
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Organization name, unique in the region.' }),
    creatorName: t.exposeString('creator_name', {
      description: 'IAM user who created the organization.',
    }),
    access: t.field({
      type: NamespaceAccess,
      description: 'What your account may do in this organization.',
      resolve: (namespace) => toAccess(namespace.auth),
    }),
  }),
});

registerNodeLoader(Namespace, async (name, context) => {
  if (!namespaceName.safeParse(name).success) throw badUserInput('Not a Namespace id.', 'id');
  return context.loaders.namespace.load(name);
});

builder.queryFields((t) => ({
  namespaces: t.field({
    type: [Namespace],
    description:
      'The organizations your account may use (SWR ListNamespaces). One SWR call; also answers later `namespace` lookups in the same request.',
    resolve: (_root, _args, context) => context.loaders.namespaces(),
  }),
  namespace: t.field({
    type: Namespace,
    nullable: true,
    description:
      'One organization by name (SWR ShowNamespace). Null, with a NOT_FOUND error, when it does not exist or is not visible to you.',
    args: {
      name: t.arg.string({
        required: true,
        description: 'Organization name.',
        validate: namespaceName,
      }),
    },
    resolve: (_root, args, context) => context.loaders.namespace.load(args.name),
  }),
}));

import type { RepositoryKey } from '../loaders/keys.js';
import type { SwrRepositoryDetail, SwrRepositoryListItem } from '../swr/wire/repository.js';
import type { BuilderTypes } from './builder.js';
import { RepositoryCategory, toCategory } from './repository-category.js';

/** The wire fields SWR's repository detail and its list items have in common. */
type RepositoryWire = Pick<
  SwrRepositoryDetail & SwrRepositoryListItem,
  | 'category'
  | 'description'
  | 'size'
  | 'is_public'
  | 'num_images'
  | 'num_download'
  | 'path'
  | 'internal_path'
>;

/** Where a parent keeps a repository's facts, and the descriptions that differ between types. */
export interface RepositoryFieldsSource<Parent> {
  wire(parent: Parent): RepositoryWire;
  createdAt(parent: Parent): string;
  updatedAt(parent: Parent): string;
  descriptions: { updatedAt: string; path: string; internalPath: string };
}

/**
 * The twelve fields every repository type offers (name, namespace, category, description, size,
 * visibility, counts, pull addresses, dates), written once. `Repository` reads them from SWR's
 * detail, `SharedRepository` from a list item; each type places them among its own fields (the
 * printed subgraph schema keeps their order). See `addRepositoryRelations` for the relations.
 */
export function repositoryFields<Parent extends RepositoryKey>(
  t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, Parent>,
  source: RepositoryFieldsSource<Parent>,
) {
  const { wire, descriptions } = source;
  return {
    name: t.string({
      description: 'Repository name, unique within its namespace. May contain `/`.',
      resolve: (parent) => parent.name,
    }),
    namespace: t.string({
      description: 'Organization (SWR namespace) that holds the repository.',
      resolve: (parent) => parent.namespace,
    }),
    category: t.field({
      type: RepositoryCategory,
      description: 'Category set by the owner. Categories SWR adds later are reported as `OTHER`.',
      resolve: (parent, _args, context) =>
        toCategory(wire(parent).category, (message, category) =>
          context.log().warn({ category }, message),
        ),
    }),
    description: t.string({
      description: 'Free-text description set by the owner; empty when none.',
      resolve: (parent) => wire(parent).description,
    }),
    sizeBytes: t.field({
      type: 'SafeInt',
      description: 'Total size of the repository in bytes (often above 2^31).',
      resolve: (parent) => wire(parent).size,
    }),
    isPublic: t.boolean({
      description: 'True when anyone can pull the repository without being granted access.',
      resolve: (parent) => wire(parent).is_public,
    }),
    tagCount: t.int({
      description: 'Number of image tags in the repository.',
      resolve: (parent) => wire(parent).num_images,
    }),
    downloadCount: t.int({
      description: 'Number of times images of the repository were pulled.',
      resolve: (parent) => wire(parent).num_download,
    }),
    path: t.string({
      description: descriptions.path,
      resolve: (parent) => wire(parent).path,
    }),
    internalPath: t.string({
      description: descriptions.internalPath,
      resolve: (parent) => wire(parent).internal_path,
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When the repository was created.',
      resolve: source.createdAt,
    }),
    updatedAt: t.field({
      type: 'DateTime',
      description: descriptions.updatedAt,
      resolve: source.updatedAt,
    }),
  };
}

import { GraphQLError } from 'graphql';
import { DateTimeResolver, SafeIntResolver } from 'graphql-scalars';
import type { SwrApi, SwrSharedRepository } from './swr-api.js';

/**
 * The peer's schema: the part of swr-bff's schema that scenarios 1, 2, 3 and 5 query, written as
 * an Apollo Server user writes one (SDL plus a resolver map). Same names, arguments and
 * serialized values: `DateTime` and `SafeInt` from graphql-scalars, categories SWR adds later as
 * `OTHER`, offset cursors.
 */
export const typeDefs = `#graphql
  scalar DateTime
  scalar SafeInt

  enum ShareCenter { SELF THIRD_PARTY }
  enum RepositoryCategory { APP_SERVER LINUX FRAMEWORK_APP DATABASE LANG WINDOWS ARM OTHER }

  type SharedRepository {
    namespace: String!
    name: String!
    domainName: String!
    category: RepositoryCategory!
    sizeBytes: SafeInt!
    isPublic: Boolean!
    tagCount: Int!
    downloadCount: Int!
    updatedAt: DateTime!
    shareActive: Boolean!
  }

  type PageInfo {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  type SharedRepositoryEdge { cursor: String! node: SharedRepository! }

  type SharedRepositoryConnection {
    edges: [SharedRepositoryEdge!]!
    pageInfo: PageInfo!
    totalCount: Int
  }

  type Query {
    sharedRepositories(center: ShareCenter!, first: Int = 20, after: String): SharedRepositoryConnection!
  }
`;

export interface PeerContext {
  dataSources: { swr: SwrApi };
}

interface Page {
  items: SwrSharedRepository[];
  offset: number;
  total: number | null;
}

const CATEGORIES = new Set([
  'app_server',
  'linux',
  'framework_app',
  'database',
  'lang',
  'windows',
  'arm',
  'other',
]);

const cursorOf = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');

function offsetAfter(cursor: string | null | undefined): number {
  if (cursor == null) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new GraphQLError('Invalid cursor.', { extensions: { code: 'BAD_USER_INPUT' } });
  return Number(match[1]) + 1;
}

export const resolvers = {
  DateTime: DateTimeResolver,
  SafeInt: SafeIntResolver,
  ShareCenter: { SELF: 'self', THIRD_PARTY: 'thirdparty' },
  RepositoryCategory: Object.fromEntries([...CATEGORIES].map((c) => [c.toUpperCase(), c])),
  Query: {
    async sharedRepositories(
      _: unknown,
      args: { center: string; first: number; after?: string | null },
      { dataSources }: PeerContext,
    ): Promise<Page> {
      if (args.first < 1 || args.first > 100) {
        throw new GraphQLError('first must be between 1 and 100.', {
          extensions: { code: 'BAD_USER_INPUT' },
        });
      }
      const offset = offsetAfter(args.after);
      const { items, total } = await dataSources.swr.listSharedRepositories(
        args.center,
        args.first,
        offset,
      );
      return { items, offset, total };
    },
  },
  SharedRepositoryConnection: {
    edges: (page: Page) =>
      page.items.map((node, i) => ({ cursor: cursorOf(page.offset + i), node })),
    totalCount: (page: Page) => page.total,
    pageInfo: (page: Page) => ({
      hasNextPage:
        page.total === null ? page.items.length > 0 : page.offset + page.items.length < page.total,
      hasPreviousPage: page.offset > 0,
      startCursor: page.items.length > 0 ? cursorOf(page.offset) : null,
      endCursor: page.items.length > 0 ? cursorOf(page.offset + page.items.length - 1) : null,
    }),
  },
  SharedRepository: {
    domainName: (r: SwrSharedRepository) => r.domain_name,
    category: (r: SwrSharedRepository) => (CATEGORIES.has(r.category) ? r.category : 'other'),
    sizeBytes: (r: SwrSharedRepository) => r.size,
    isPublic: (r: SwrSharedRepository) => r.is_public,
    tagCount: (r: SwrSharedRepository) => r.num_images,
    downloadCount: (r: SwrSharedRepository) => r.num_download,
    updatedAt: (r: SwrSharedRepository) => r.updated_at,
    shareActive: (r: SwrSharedRepository) => r.status,
  },
};

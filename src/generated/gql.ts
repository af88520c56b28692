/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query SharedImagesCount($center: ShareCenter!, $active: Boolean) {\n  sharedRepositories(center: $center, active: $active, first: 0) {\n    totalCount\n  }\n}": typeof types.SharedImagesCountDocument,
    "query SharedImages($center: ShareCenter!, $first: Int, $after: String, $last: Int, $before: String, $namespace: String, $name: String, $domainName: String, $active: Boolean, $orderBy: SharedRepositoryOrder) {\n  sharedRepositories(\n    center: $center\n    first: $first\n    after: $after\n    last: $last\n    before: $before\n    namespace: $namespace\n    name: $name\n    domainName: $domainName\n    active: $active\n    orderBy: $orderBy\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        namespace\n        name\n        domainName\n        category\n        description\n        sizeBytes\n        isPublic\n        tagCount\n        downloadCount\n        createdAt\n        updatedAt\n        path\n        internalPath\n        tags\n        shareActive\n      }\n    }\n  }\n}": typeof types.SharedImagesDocument,
};
const documents: Documents = {
    "query SharedImagesCount($center: ShareCenter!, $active: Boolean) {\n  sharedRepositories(center: $center, active: $active, first: 0) {\n    totalCount\n  }\n}": types.SharedImagesCountDocument,
    "query SharedImages($center: ShareCenter!, $first: Int, $after: String, $last: Int, $before: String, $namespace: String, $name: String, $domainName: String, $active: Boolean, $orderBy: SharedRepositoryOrder) {\n  sharedRepositories(\n    center: $center\n    first: $first\n    after: $after\n    last: $last\n    before: $before\n    namespace: $namespace\n    name: $name\n    domainName: $domainName\n    active: $active\n    orderBy: $orderBy\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        namespace\n        name\n        domainName\n        category\n        description\n        sizeBytes\n        isPublic\n        tagCount\n        downloadCount\n        createdAt\n        updatedAt\n        path\n        internalPath\n        tags\n        shareActive\n      }\n    }\n  }\n}": types.SharedImagesDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SharedImagesCount($center: ShareCenter!, $active: Boolean) {\n  sharedRepositories(center: $center, active: $active, first: 0) {\n    totalCount\n  }\n}"): (typeof documents)["query SharedImagesCount($center: ShareCenter!, $active: Boolean) {\n  sharedRepositories(center: $center, active: $active, first: 0) {\n    totalCount\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SharedImages($center: ShareCenter!, $first: Int, $after: String, $last: Int, $before: String, $namespace: String, $name: String, $domainName: String, $active: Boolean, $orderBy: SharedRepositoryOrder) {\n  sharedRepositories(\n    center: $center\n    first: $first\n    after: $after\n    last: $last\n    before: $before\n    namespace: $namespace\n    name: $name\n    domainName: $domainName\n    active: $active\n    orderBy: $orderBy\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        namespace\n        name\n        domainName\n        category\n        description\n        sizeBytes\n        isPublic\n        tagCount\n        downloadCount\n        createdAt\n        updatedAt\n        path\n        internalPath\n        tags\n        shareActive\n      }\n    }\n  }\n}"): (typeof documents)["query SharedImages($center: ShareCenter!, $first: Int, $after: String, $last: Int, $before: String, $namespace: String, $name: String, $domainName: String, $active: Boolean, $orderBy: SharedRepositoryOrder) {\n  sharedRepositories(\n    center: $center\n    first: $first\n    after: $after\n    last: $last\n    before: $before\n    namespace: $namespace\n    name: $name\n    domainName: $domainName\n    active: $active\n    orderBy: $orderBy\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        namespace\n        name\n        domainName\n        category\n        description\n        sizeBytes\n        isPublic\n        tagCount\n        downloadCount\n        createdAt\n        updatedAt\n        path\n        internalPath\n        tags\n        shareActive\n      }\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;
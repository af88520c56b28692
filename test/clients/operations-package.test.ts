import { readdirSync } from 'node:fs';
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import type { ResultOf, VariablesOf } from '@graphql-typed-document-node/core';
import { Client, fetchExchange } from '@urql/core';
import { getOperationAST } from 'graphql';
import * as operations from 'swr-bff/operations';
import {
  type ShareCenter,
  SharedImagesDocument,
  type SharedImagesQuery,
  type SharedImagesQueryVariables,
} from 'swr-bff/operations';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as generated from '../../src/generated/graphql.js';

/**
 * `swr-bff/operations` (package.json `exports`) is the typed documents codegen makes from
 * `schema/operations/`. This file is type-checked by `npm run typecheck`: each `@ts-expect-error`
 * below is a misuse that must not compile, so the types are really there.
 */
describe('swr-bff/operations', () => {
  it('resolves through the package name to the generated documents', () => {
    expect(operations).toBe(generated);
    expect(getOperationAST(SharedImagesDocument)?.name?.value).toBe('SharedImages');
  });

  it('has a typed document for every operation in schema/operations/', () => {
    const files = readdirSync(new URL('../../schema/operations/', import.meta.url)).filter((file) =>
      file.endsWith('.graphql'),
    );
    expect(files.length).toBeGreaterThan(0);
    const names = Object.entries(operations)
      .filter(([key]) => key.endsWith('Document'))
      .map(([, document]) => getOperationAST(document as never)?.name?.value);
    expect(names.length).toBeGreaterThanOrEqual(files.length);
    expect(names).toContain('SharedImages');
    expect(names).toContain('SharedImagesCount');
  });

  it('types results and variables (checked by tsc)', () => {
    expectTypeOf<
      VariablesOf<typeof SharedImagesDocument>
    >().toEqualTypeOf<SharedImagesQueryVariables>();
    expectTypeOf<ResultOf<typeof SharedImagesDocument>>().toEqualTypeOf<SharedImagesQuery>();
    expectTypeOf<SharedImagesQueryVariables['center']>().toEqualTypeOf<ShareCenter>();
    type Node = SharedImagesQuery['sharedRepositories']['edges'][number]['node'];
    expectTypeOf<Node['sizeBytes']>().toEqualTypeOf<number>();
    expectTypeOf<Node['updatedAt']>().toEqualTypeOf<string>();
    expectTypeOf<SharedImagesQuery['sharedRepositories']['pageInfo']['endCursor']>().toEqualTypeOf<
      string | null
    >();

    const good: SharedImagesQueryVariables = { center: 'THIRD_PARTY', first: 10, after: null };
    // @ts-expect-error center is required
    const missing: SharedImagesQueryVariables = { first: 10 };
    // @ts-expect-error center is the ShareCenter enum, not any string
    const wrongEnum: SharedImagesQueryVariables = { center: 'EVERYONE' };
    // @ts-expect-error first is an Int
    const wrongType: SharedImagesQueryVariables = { center: 'SELF', first: '10' };
    // @ts-expect-error no such variable
    const unknown: SharedImagesQueryVariables = { center: 'SELF', page: 2 };
    expect([good, missing, wrongEnum, wrongType, unknown]).toHaveLength(5);
  });

  it('carries its types into Apollo Client and urql calls (checked by tsc)', () => {
    const apollo = new ApolloClient({
      link: new HttpLink({ uri: 'http://127.0.0.1:9/graphql' }),
      cache: new InMemoryCache(),
    });
    const urql = new Client({ url: 'http://127.0.0.1:9/graphql', exchanges: [fetchExchange] });
    // Type-level only: nothing below is awaited, and the requests would go nowhere.
    const typed = async () => {
      const { data } = await apollo.query({
        query: SharedImagesDocument,
        variables: { center: 'SELF', first: 5 },
      });
      expectTypeOf(data).toEqualTypeOf<SharedImagesQuery | undefined>();
      const result = await urql
        .query(SharedImagesDocument, { center: 'SELF', last: 5 })
        .toPromise();
      expectTypeOf(result.data).toEqualTypeOf<SharedImagesQuery | undefined>();

      const wrongFirst = { center: 'SELF', first: 'five' } as const;
      // @ts-expect-error Apollo: `first` must be a number
      await apollo.query({ query: SharedImagesDocument, variables: wrongFirst });
      // @ts-expect-error urql: `center` is required
      await urql.query(SharedImagesDocument, { first: 5 }).toPromise();
      // @ts-expect-error the result has no `items` field
      data?.sharedRepositories.items;
    };
    expect(typed).toBeTypeOf('function');
    apollo.stop();
  });
});

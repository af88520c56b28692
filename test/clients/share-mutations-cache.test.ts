import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Client, fetchExchange } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { parse } from 'graphql';
import { CreateRepositoryShareDocument, DeleteRepositoryShareDocument } from 'swr-bff/operations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsharedRepository } from '../helpers/emulator-sharing.js';
import { type HttpGateway, startHttpGateway } from './http-gateway.js';

/**
 * The sharing mutations with normalized client caches, against the real server over HTTP: each
 * payload returns `repository { id shares { id … } }`, so the cached repository's `shares` are
 * right after create and delete, with no query sent again (set up as docs/frontend-guide.md says).
 */

const TOKEN = 'alice';

/** A repository view as a UI keeps it: the shares with their `id`, so caches normalize them. */
const RepositorySharesDocument: TypedDocumentNode<
  {
    repository: {
      id: string;
      shares: Array<{ id: string; accessDomain: string; description: string }> | null;
    } | null;
  },
  { namespace: string; name: string }
> = parse(`query RepositoryShares($namespace: String!, $name: String!) {
  repository(namespace: $namespace, name: $name) {
    id
    name
    shares { id accessDomain description expiresAt active }
  }
}`);

describe('sharing mutations update normalized client caches without a refetch', () => {
  let gateway: HttpGateway;

  beforeAll(async () => {
    gateway = await startHttpGateway();
  });

  afterAll(async () => {
    await gateway?.close();
  });

  /** A repository of alice shared with nobody, and the routes the emulator served since reset. */
  function freshRepository() {
    const repo = unsharedRepository(gateway.emulator, TOKEN);
    return { namespace: repo.namespace, name: repo.name };
  }
  const routes = () => gateway.emulator.calls.map((call) => call.route).sort();

  it('Apollo Client InMemoryCache: the cached shares follow create and delete', async () => {
    const client = new ApolloClient({
      link: new HttpLink({
        uri: `${gateway.url}/graphql`,
        headers: { authorization: `Bearer ${TOKEN}` },
      }),
      // The payload's list is SWR's whole list: it replaces the cached one.
      cache: new InMemoryCache({
        typePolicies: { Repository: { fields: { shares: { merge: false } } } },
      }),
    });
    const key = freshRepository();
    const details = await client.query({ query: RepositorySharesDocument, variables: key });
    expect(details.data?.repository?.shares).toEqual([]);

    gateway.emulator.resetCalls();
    const created = await client.mutate({
      mutation: CreateRepositoryShareDocument,
      variables: { ...key, accessDomain: 'bob', description: 'apollo' },
    });
    expect(created.error).toBeUndefined();
    const cached = client.readQuery({ query: RepositorySharesDocument, variables: key });
    expect(cached?.repository?.shares?.map((share) => share.accessDomain)).toEqual(['bob']);
    expect(cached?.repository?.shares?.[0]?.description).toBe('apollo');
    expect(routes()).toEqual([
      'createRepoDomains',
      'listRepoDomains',
      'showAccessDomain',
      'showRepository',
    ]);

    gateway.emulator.resetCalls();
    const deleted = await client.mutate({
      mutation: DeleteRepositoryShareDocument,
      variables: { ...key, accessDomain: 'bob' },
      update: (cache, { data }) => {
        const id = data?.deleteRepositoryShare.deletedShareId;
        if (id) cache.evict({ id: cache.identify({ __typename: 'RepositoryShare', id }) });
      },
    });
    expect(deleted.error).toBeUndefined();
    const after = client.readQuery({ query: RepositorySharesDocument, variables: key });
    expect(after?.repository?.shares).toEqual([]);
    expect(routes()).toEqual(['deleteRepoDomains', 'listRepoDomains', 'showRepository']);
  });

  it('urql Graphcache: the cached shares follow create and delete', async () => {
    const client = new Client({
      url: `${gateway.url}/graphql`,
      fetchOptions: { headers: { authorization: `Bearer ${TOKEN}` } },
      exchanges: [
        cacheExchange({
          keys: {
            Namespace: (namespace) => String(namespace.name),
            ImageTagConnection: () => null,
            ImageTagEdge: () => null,
            PageInfo: () => null,
          },
          updates: {
            Mutation: {
              deleteRepositoryShare: (result, _args, cache) => {
                const payload = result.deleteRepositoryShare as { deletedShareId?: string };
                if (payload?.deletedShareId) {
                  cache.invalidate({ __typename: 'RepositoryShare', id: payload.deletedShareId });
                }
              },
            },
          },
        }),
        fetchExchange,
      ],
    });
    const key = freshRepository();
    const cachedShares = async () => {
      const result = await client
        .query(RepositorySharesDocument, key, { requestPolicy: 'cache-only' })
        .toPromise();
      return result.data?.repository?.shares?.map((share) => share.accessDomain);
    };
    const first = await client.query(RepositorySharesDocument, key).toPromise();
    expect(first.error).toBeUndefined();
    expect(first.data?.repository?.shares).toEqual([]);

    gateway.emulator.resetCalls();
    const created = await client
      .mutation(CreateRepositoryShareDocument, { ...key, accessDomain: 'carol' })
      .toPromise();
    expect(created.error).toBeUndefined();
    expect(await cachedShares()).toEqual(['carol']);
    expect(routes()).toEqual([
      'createRepoDomains',
      'listRepoDomains',
      'showAccessDomain',
      'showRepository',
    ]);

    gateway.emulator.resetCalls();
    const deleted = await client
      .mutation(DeleteRepositoryShareDocument, { ...key, accessDomain: 'carol' })
      .toPromise();
    expect(deleted.error).toBeUndefined();
    expect(await cachedShares()).toEqual([]);
    expect(routes()).toEqual(['deleteRepoDomains', 'listRepoDomains', 'showRepository']);
  });
});

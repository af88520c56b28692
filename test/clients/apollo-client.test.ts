import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import {
  SharedImagesDocument,
  type SharedImagesQuery,
  type SharedImagesQueryVariables,
} from 'swr-bff/operations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorSharedList, identity } from '../helpers/emulator-list.js';
import { type HttpGateway, startHttpGateway } from './http-gateway.js';

/**
 * Apollo Client 4 (no React) against the real server over HTTP, with the cache setup that
 * docs/frontend-guide.md recommends: `relayStylePagination` keyed by every argument except the
 * paging ones, so each filter/order combination has its own merged list.
 */
function createClient(url: string, token: string) {
  return new ApolloClient({
    link: new HttpLink({ uri: `${url}/graphql`, headers: { authorization: `Bearer ${token}` } }),
    cache: new InMemoryCache({
      typePolicies: {
        Query: {
          fields: {
            sharedRepositories: relayStylePagination([
              'center',
              'namespace',
              'name',
              'domainName',
              'active',
              'orderBy',
            ]),
          },
        },
      },
    }),
  });
}

type Connection = SharedImagesQuery['sharedRepositories'];

const TOKEN = 'carol';
const PAGE = 7;
const FILTERS = {
  center: 'THIRD_PARTY',
  orderBy: { field: 'NAME', direction: 'ASC' },
} as const satisfies SharedImagesQueryVariables;
/** The emulator's REST query for `FILTERS`. */
const REST_QUERY = { center: 'thirdparty', order_column: 'name', order_type: 'asc' };

/** Starts watching `variables` and resolves once the first page is in the cache. */
async function watch(
  client: ReturnType<typeof createClient>,
  variables: SharedImagesQueryVariables,
) {
  const query = client.watchQuery({ query: SharedImagesDocument, variables });
  let subscription: { unsubscribe(): void } | undefined;
  await new Promise<void>((resolve, reject) => {
    subscription = query.subscribe({
      next: (result) => {
        if (result.error) reject(result.error);
        else if (result.dataState === 'complete') resolve();
      },
      error: reject,
    });
  });
  return { query, stop: () => subscription?.unsubscribe() };
}

/**
 * The merged list in the cache: `relayStylePagination` keys it without the paging arguments, so
 * reading with the watched query's filters returns every page fetched so far.
 */
function merged(
  client: ReturnType<typeof createClient>,
  filters: SharedImagesQueryVariables,
): Connection {
  const data = client.readQuery({ query: SharedImagesDocument, variables: filters });
  if (!data) throw new Error('no data in the cache');
  return data.sharedRepositories;
}

const ids = (connection: Connection) => connection.edges.map((edge) => identity(edge.node));

describe('Apollo Client 4 with relayStylePagination, against the server over HTTP', () => {
  let gateway: HttpGateway;
  let expected: string[];

  beforeAll(async () => {
    gateway = await startHttpGateway();
    expected = (await emulatorSharedList(gateway.emulator, TOKEN, REST_QUERY)).map(identity);
    expect(expected.length).toBeGreaterThan(5 * PAGE);
    expect(expected.length % PAGE).not.toBe(0);
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('pages forward with fetchMore(after) to the end: one merged list, equal to the emulator’s', async () => {
    const client = createClient(gateway.url, TOKEN);
    const { query, stop } = await watch(client, { ...FILTERS, first: PAGE });
    const list = () => merged(client, FILTERS);
    try {
      let pages = 1;
      while (list().pageInfo.hasNextPage) {
        const before = ids(list());
        const page = await query.fetchMore({ variables: { after: list().pageInfo.endCursor } });
        expect(page.data?.sharedRepositories.edges.length).toBeLessThanOrEqual(PAGE);
        pages++;
        const now = ids(list());
        expect(now.slice(0, before.length)).toEqual(before);
        expect(now).toEqual(expected.slice(0, now.length));
      }
      expect(pages).toBe(Math.ceil(expected.length / PAGE));
      expect(ids(list())).toEqual(expected);
      expect(list().totalCount).toBe(expected.length);
      expect(list().pageInfo.hasPreviousPage).toBe(false);
    } finally {
      stop();
      client.stop();
    }
  });

  it('starts mid-list, pages backward with last/before and forward again, without duplicates', async () => {
    const client = createClient(gateway.url, TOKEN);
    // A cursor from the middle of the list, from an earlier request with the same filters.
    const first = await client.query({
      query: SharedImagesDocument,
      variables: { ...FILTERS, first: 3 * PAGE },
      fetchPolicy: 'no-cache',
    });
    const middle = first.data?.sharedRepositories.edges[2 * PAGE - 1]?.cursor;
    if (middle === undefined) throw new Error('no middle cursor');

    const { query, stop } = await watch(client, { ...FILTERS, first: PAGE, after: middle });
    const list = () => merged(client, FILTERS);
    try {
      expect(ids(list())).toEqual(expected.slice(2 * PAGE, 3 * PAGE));
      expect(list().pageInfo.hasPreviousPage).toBe(true);

      // Backward to the start.
      let backward = 0;
      while (list().pageInfo.hasPreviousPage) {
        await query.fetchMore({
          variables: { first: null, after: null, last: PAGE, before: list().pageInfo.startCursor },
        });
        backward++;
        const now = ids(list());
        expect(new Set(now).size).toBe(now.length);
        expect(now).toEqual(expected.slice(Math.max(0, (2 - backward) * PAGE), 3 * PAGE));
      }
      expect(backward).toBe(2);

      // Pages that are already there, again (after a cursor mid-list): relayStylePagination
      // keeps what precedes the cursor, replaces the rest with the new page, and so never
      // holds an item twice.
      expect(ids(list())).toEqual(expected.slice(0, 3 * PAGE));
      await query.fetchMore({
        variables: { first: PAGE, after: list().edges[PAGE - 1]?.cursor, last: null, before: null },
      });
      expect(ids(list())).toEqual(expected.slice(0, 2 * PAGE));

      // Forward to the end.
      while (list().pageInfo.hasNextPage) {
        await query.fetchMore({
          variables: { first: PAGE, after: list().pageInfo.endCursor, last: null, before: null },
        });
      }
      const all = ids(list());
      expect(new Set(all).size).toBe(all.length);
      expect(all).toEqual(expected);
      expect(list().pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    } finally {
      stop();
      client.stop();
    }
  });

  it('keeps lists with other filters apart (keyArgs), and starts them from their own first page', async () => {
    const client = createClient(gateway.url, TOKEN);
    const all = await client.query({
      query: SharedImagesDocument,
      variables: { ...FILTERS, first: PAGE },
    });
    const active = await client.query({
      query: SharedImagesDocument,
      variables: { ...FILTERS, active: false, first: PAGE },
    });
    const expectedInactive = (
      await emulatorSharedList(gateway.emulator, TOKEN, { ...REST_QUERY, status: 'false' })
    ).map(identity);
    expect(ids(all.data?.sharedRepositories as Connection)).toEqual(expected.slice(0, PAGE));
    expect(ids(active.data?.sharedRepositories as Connection)).toEqual(
      expectedInactive.slice(0, PAGE),
    );
    expect(expectedInactive.length).toBeLessThan(expected.length);
    client.stop();
  });
});

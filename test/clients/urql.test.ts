import { Client, fetchExchange } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import {
  SharedImagesDocument,
  type SharedImagesQuery,
  type SharedImagesQueryVariables,
} from 'swr-bff/operations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorSharedList, identity } from '../helpers/emulator-list.js';
import { type HttpGateway, startHttpGateway } from './http-gateway.js';

/**
 * urql with Graphcache against the real server over HTTP, set up as docs/frontend-guide.md
 * recommends: `relayPagination()` on `Query.sharedRepositories` (it merges the pages of one
 * filter/order combination, whatever the paging arguments) and a key for the list items.
 */
function createClient(url: string, token: string) {
  return new Client({
    url: `${url}/graphql`,
    fetchOptions: { headers: { authorization: `Bearer ${token}` } },
    exchanges: [
      cacheExchange({
        keys: {
          // SharedImages does not select `id`: identify an item by owner, organization, name.
          SharedRepository: (item) => `${item.domainName}/${item.namespace}/${item.name}`,
          SharedRepositoryConnection: () => null,
          SharedRepositoryEdge: () => null,
          PageInfo: () => null,
        },
        resolvers: { Query: { sharedRepositories: relayPagination() } },
      }),
      fetchExchange,
    ],
  });
}

type Connection = SharedImagesQuery['sharedRepositories'];

const TOKEN = 'dave';
const PAGE = 9;
const FILTERS = {
  center: 'SELF',
  orderBy: { field: 'UPDATED_AT', direction: 'DESC' },
} as const satisfies SharedImagesQueryVariables;
const REST_QUERY = { center: 'self', order_column: 'updated_at', order_type: 'desc' };

const ids = (connection: Connection) => connection.edges.map((edge) => identity(edge.node));

describe('urql + Graphcache relayPagination, against the server over HTTP', () => {
  let gateway: HttpGateway;
  let expected: string[];

  beforeAll(async () => {
    gateway = await startHttpGateway();
    expected = (await emulatorSharedList(gateway.emulator, TOKEN, REST_QUERY)).map(identity);
    expect(expected.length).toBeGreaterThan(6 * PAGE);
    expect(expected.length % PAGE).not.toBe(0);
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('pages forward, then backward from the end, into one list without duplicates', async () => {
    const client = createClient(gateway.url, TOKEN);
    const query = async (variables: SharedImagesQueryVariables): Promise<Connection> => {
      const result = await client.query(SharedImagesDocument, variables).toPromise();
      if (result.error) throw result.error;
      if (!result.data) throw new Error('no data');
      return result.data.sharedRepositories;
    };

    // Forward: three pages from the start. Each result is the merged list so far.
    let list = await query({ ...FILTERS, first: PAGE });
    expect(ids(list)).toEqual(expected.slice(0, PAGE));
    for (let page = 2; page <= 3; page++) {
      list = await query({ ...FILTERS, first: PAGE, after: list.pageInfo.endCursor });
      expect(ids(list)).toEqual(expected.slice(0, page * PAGE));
    }
    const head = ids(list);

    // Backward: the last page, then pages before it, until the start of the list. The backward
    // pages overlap the forward ones at the end; the overlap appears once.
    list = await query({ ...FILTERS, last: PAGE });
    expect(ids(list)).toEqual([...head, ...expected.slice(-PAGE)]);
    let pages = 1;
    while (list.pageInfo.hasPreviousPage) {
      list = await query({ ...FILTERS, last: PAGE, before: list.pageInfo.startCursor });
      pages++;
      const now = ids(list);
      expect(new Set(now).size).toBe(now.length);
      expect(pages).toBeLessThanOrEqual(Math.ceil(expected.length / PAGE));
    }
    expect(pages).toBe(Math.ceil(expected.length / PAGE));
    expect(ids(list)).toEqual(expected);
    expect(list.totalCount).toBe(expected.length);
  });

  it('keeps another filter’s pages apart', async () => {
    const client = createClient(gateway.url, TOKEN);
    const first = await client.query(SharedImagesDocument, { ...FILTERS, first: PAGE }).toPromise();
    const other = await client
      .query(SharedImagesDocument, {
        center: 'SELF',
        orderBy: FILTERS.orderBy,
        name: 'base',
        first: PAGE,
      })
      .toPromise();
    const expectedOther = (
      await emulatorSharedList(gateway.emulator, TOKEN, { ...REST_QUERY, name: 'base' })
    ).map(identity);
    expect(expectedOther.length).toBeGreaterThan(0);
    expect(expectedOther.length).toBeLessThan(expected.length);
    expect(ids(first.data?.sharedRepositories as Connection)).toEqual(expected.slice(0, PAGE));
    expect(ids(other.data?.sharedRepositories as Connection)).toEqual(expectedOther.slice(0, PAGE));
  });
});

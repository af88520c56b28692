import { describe, expect, it } from 'vitest';
import {
  SharedImagesCountDocument,
  SharedImagesDocument,
  type SharedImagesQuery,
  type SharedImagesQueryVariables,
} from '../../src/generated/graphql.js';
import { emulatorSharedList, identity } from '../helpers/emulator-list.js';
import { createTestGateway, type TestGateway } from '../helpers/gateway.js';

type Page = SharedImagesQuery['sharedRepositories'];
type Variables = SharedImagesQueryVariables;

const ORDERS: Array<{ orderBy?: Variables['orderBy']; query: Record<string, string> }> = [
  { query: {} },
  ...(['UPDATED_AT', 'NAME', 'TAG_COUNT', 'NAMESPACE', 'DOMAIN_NAME'] as const).flatMap((field) =>
    (['ASC', 'DESC'] as const).map((direction) => ({
      orderBy: { field, direction },
      query: { order_column: field.toLowerCase(), order_type: direction.toLowerCase() },
    })),
  ),
];

async function page(gateway: TestGateway, variables: Variables): Promise<Page> {
  const result = await gateway.execute(SharedImagesDocument, variables);
  expect(result.errors).toBeUndefined();
  return (result.data as SharedImagesQuery).sharedRepositories;
}

describe('sharedRepositories paging against the emulator', () => {
  it('walks every page forward and backward, for every order, with no gap or duplicate', async () => {
    const gateway = createTestGateway();
    for (const center of ['SELF', 'THIRD_PARTY'] as const) {
      for (const { orderBy, query } of ORDERS) {
        const expected = (
          await emulatorSharedList(gateway.emulator, 'alice', {
            center: center === 'SELF' ? 'self' : 'thirdparty',
            ...query,
          })
        ).map(identity);
        expect(expected.length).toBeGreaterThan(50);
        const size = 13;
        expect(expected.length % size).not.toBe(0);

        const forward: string[] = [];
        let after: string | null = null;
        let pages = 0;
        for (;;) {
          const current: Page = await page(gateway, { center, orderBy, first: size, after });
          pages++;
          expect(current.totalCount).toBe(expected.length);
          forward.push(...current.edges.map((edge) => identity(edge.node)));
          if (!current.pageInfo.hasNextPage) break;
          after = current.pageInfo.endCursor;
        }
        expect(forward).toEqual(expected);
        expect(gateway.emulator.callCount('listSharedRepositories')).toBe(pages);
        gateway.emulator.resetCalls();

        const backward: string[] = [];
        let before: string | null = null;
        let backPages = 0;
        for (;;) {
          const current: Page = await page(gateway, { center, orderBy, last: size, before });
          backPages++;
          backward.unshift(...current.edges.map((edge) => identity(edge.node)));
          if (!current.pageInfo.hasPreviousPage) break;
          before = current.pageInfo.startCursor;
        }
        expect(backward).toEqual(expected);
        expect(gateway.emulator.callCount('listSharedRepositories')).toBeLessThanOrEqual(
          2 * backPages + 1,
        );
        gateway.emulator.resetCalls();
      }
    }
  });

  it('sends only aligned windows, with limit and offset together', async () => {
    const gateway = createTestGateway();
    const first = await page(gateway, { center: 'SELF', first: 7 });
    const skewed = await page(gateway, {
      center: 'SELF',
      first: 9,
      after: first.pageInfo.endCursor,
    });
    await page(gateway, { center: 'SELF', last: 11, before: skewed.pageInfo.endCursor });
    expect(gateway.emulator.calls.length).toBeGreaterThan(2);
    for (const call of gateway.emulator.calls) {
      expect(call.status).toBe(200);
      const limit = Number(call.query.limit);
      const offset = Number(call.query.offset);
      expect(Number.isInteger(limit) && limit >= 1).toBe(true);
      expect(offset % limit).toBe(0);
    }
  });

  it('returns 20 items by default, and exact page info at both ends', async () => {
    const gateway = createTestGateway();
    const firstPage = await page(gateway, { center: 'THIRD_PARTY' });
    expect(firstPage.edges).toHaveLength(20);
    expect(firstPage.pageInfo.hasPreviousPage).toBe(false);
    expect(firstPage.pageInfo.hasNextPage).toBe(true);
    const lastPage = await page(gateway, { center: 'THIRD_PARTY', last: 5 });
    expect(lastPage.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(lastPage.edges).toHaveLength(5);
  });

  it('costs at most two SWR calls for last: 5 alone, as the README says', async () => {
    for (const center of ['SELF', 'THIRD_PARTY'] as const) {
      const gateway = createTestGateway();
      const expected = await emulatorSharedList(gateway.emulator, 'alice', {
        center: center === 'SELF' ? 'self' : 'thirdparty',
      });
      gateway.emulator.resetCalls();
      const lastPage = await page(gateway, { center, last: 5 });
      expect(lastPage.edges.map((edge) => edge.node.name)).toEqual(
        expected.slice(-5).map((item) => item.name),
      );
      expect(gateway.emulator.callCount()).toBeLessThanOrEqual(expected.length <= 100 ? 1 : 2);
    }
  });

  it('gives totalCount for first: 0 with one call and no edges', async () => {
    const gateway = createTestGateway();
    const expected = await emulatorSharedList(gateway.emulator, 'alice', { center: 'self' });
    const result = await gateway.execute(SharedImagesCountDocument, { center: 'SELF' });
    expect(result.data?.sharedRepositories.totalCount).toBe(expected.length);
    expect(gateway.emulator.callCount()).toBe(1);
  });

  it('costs one call per page with totalCount and pageInfo selected', async () => {
    const gateway = createTestGateway();
    let after: string | null = null;
    for (let index = 0; index < 4; index++) {
      const current: Page = await page(gateway, { center: 'SELF', first: 20, after });
      after = current.pageInfo.endCursor;
    }
    expect(gateway.emulator.callCount()).toBe(4);
  });

  it('reads the total from Content-Range when items carry no total_range, in both header styles', async () => {
    for (const contentRange of ['count', 'inclusive'] as const) {
      const gateway = createTestGateway({ emulator: { totalRangeInItems: false, contentRange } });
      const expected = await emulatorSharedList(gateway.emulator, 'alice', { center: 'self' });
      const result = await page(gateway, { center: 'SELF', first: 10 });
      expect(result.totalCount).toBe(expected.length);
      expect(gateway.emulator.callCount()).toBe(1);
    }
  });

  it('fails with UPSTREAM_BAD_RESPONSE when SWR reports no total at all', async () => {
    const gateway = createTestGateway({
      emulator: { totalRangeInItems: false, contentRange: 'none' },
    });
    const result = await gateway.execute(SharedImagesDocument, { center: 'SELF', first: 10 });
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual([
      'UPSTREAM_BAD_RESPONSE',
    ]);
  });
});

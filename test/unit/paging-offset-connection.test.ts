import fc from 'fast-check';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CursorCodec } from '../../src/paging/cursor.js';
import {
  type ConnectionArgs,
  type OffsetConnection,
  resolveOffsetConnection,
} from '../../src/paging/offset-connection.js';
import { type AlignedWindow, isAligned } from '../../src/swr/wire/window.js';

const cursors = new CursorCodec('unit-test-secret-value');
const queryKey = 'items?';

interface Source {
  calls: AlignedWindow[];
  page(args: ConnectionArgs): Promise<OffsetConnection<number>>;
}

/** A list of `size` numbers behind an upstream that only accepts aligned windows. */
function source(size: number, report: 'total' | 'none' = 'total'): Source {
  const list = Array.from({ length: size }, (_, index) => index);
  const calls: AlignedWindow[] = [];
  return {
    calls,
    page: (args) =>
      resolveOffsetConnection({
        args,
        queryKey,
        cursors,
        fetchWindow: async (window) => {
          if (!isAligned(window)) throw new Error(`misaligned ${JSON.stringify(window)}`);
          calls.push(window);
          const items = list.slice(window.offset, window.offset + window.limit);
          return { items, total: report === 'total' ? size : null };
        },
      }),
  };
}

const nodes = (page: OffsetConnection<number>) => page.edges.map((edge) => edge.node);

async function walkForward(list: Source, first: number) {
  const seen: number[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const page: OffsetConnection<number> = await list.page({ first, after });
    seen.push(...nodes(page));
    pages++;
    expect(page.pageInfo.hasPreviousPage).toBe(after !== null && seen.length > 0);
    if (!page.pageInfo.hasNextPage) return { seen, pages };
    after = page.pageInfo.endCursor;
  }
}

async function walkBackward(list: Source, last: number) {
  const seen: number[] = [];
  let before: string | null = null;
  for (;;) {
    const page: OffsetConnection<number> = await list.page({ last, before });
    seen.unshift(...nodes(page));
    expect(page.pageInfo.hasNextPage).toBe(before !== null && seen.length > 0);
    if (!page.pageInfo.hasPreviousPage) return seen;
    before = page.pageInfo.startCursor;
  }
}

describe('resolveOffsetConnection', () => {
  it('returns 20 items when neither first nor last is given', async () => {
    const list = source(57);
    const page = await list.page({});
    expect(nodes(page)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(page.totalCount).toBe(57);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(list.calls).toEqual([{ limit: 20, offset: 0 }]);
  });

  it('walks every page forward with no gap or duplicate, one call per page', async () => {
    for (const size of [0, 1, 19, 57, 100]) {
      for (const first of [1, 2, 3, 7, 10, 20, 33, 100]) {
        const list = source(size);
        const { seen, pages } = await walkForward(list, first);
        expect(seen).toEqual(Array.from({ length: size }, (_, i) => i));
        expect(list.calls.length).toBe(pages);
      }
    }
  });

  it('walks every page backward with no gap or duplicate, at most two calls per page', async () => {
    for (const size of [0, 1, 19, 57, 100]) {
      for (const last of [1, 3, 7, 20, 33, 100]) {
        const list = source(size);
        const seen = await walkBackward(list, last);
        expect(seen).toEqual(Array.from({ length: size }, (_, i) => i));
        const pages = Math.max(1, Math.ceil(size / last));
        expect(list.calls.length).toBeLessThanOrEqual(2 * pages + 1);
      }
    }
  });

  it('follows the Relay algorithm for first and last together, and for after with before', async () => {
    const list = source(50);
    const after = cursors.encode(queryKey, 9);
    const before = cursors.encode(queryKey, 30);
    expect(nodes(await list.page({ after, before }))).toEqual(range(10, 30));
    expect(nodes(await list.page({ after, before, first: 5 }))).toEqual(range(10, 15));
    expect(nodes(await list.page({ after, before, last: 5 }))).toEqual(range(25, 30));
    expect(nodes(await list.page({ first: 10, last: 3 }))).toEqual([7, 8, 9]);
    expect(nodes(await list.page({ last: 4 }))).toEqual([46, 47, 48, 49]);
    const page = await list.page({ after, before, first: 5 });
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });

  it('gives the total but no edges for first: 0', async () => {
    const list = source(57);
    const page = await list.page({ first: 0 });
    expect(page.edges).toEqual([]);
    expect(page.totalCount).toBe(57);
    expect(page.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
    expect(list.calls).toHaveLength(1);
  });

  it('serves last without before in at most two calls, and in one when the list has at most 100 items', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 2_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.option(fc.nat({ max: 2_000_000 }), { nil: undefined }),
        async (size, last, afterPosition) => {
          const calls: AlignedWindow[] = [];
          const after =
            afterPosition === undefined ? null : cursors.encode(queryKey, afterPosition);
          const page = await resolveOffsetConnection({
            args: { last, after },
            queryKey,
            cursors,
            fetchWindow: async (window) => {
              if (!isAligned(window)) throw new Error(`misaligned ${JSON.stringify(window)}`);
              calls.push(window);
              const end = Math.min(window.offset + window.limit, size);
              return { items: range(Math.min(window.offset, end), end), total: size };
            },
          });
          const lower = afterPosition === undefined ? 0 : afterPosition + 1;
          expect(nodes(page)).toEqual(range(Math.min(Math.max(lower, size - last), size), size));
          expect(page.totalCount).toBe(size);
          expect(calls.length).toBeLessThanOrEqual(size <= 100 ? 1 : 2);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('returns an empty page after the last item', async () => {
    const list = source(10);
    const page = await list.page({ first: 5, after: cursors.encode(queryKey, 9) });
    expect(page.edges).toEqual([]);
    expect(page.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(page.totalCount).toBe(10);
  });

  it('infers the total from a short page when the upstream reports none', async () => {
    const list = source(13, 'none');
    const page = await list.page({ first: 10, after: cursors.encode(queryKey, 4) });
    expect(nodes(page)).toEqual(range(5, 13));
    expect(page.totalCount).toBe(13);
    expect(page.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses sizes out of range and foreign cursors with BAD_USER_INPUT', async () => {
    const list = source(10);
    const bad: ConnectionArgs[] = [
      { first: -1 },
      { last: -5 },
      { first: 101 },
      { last: 1000 },
      { after: 'bm9wZQ' },
      { before: cursors.encode('other?', 3) },
    ];
    for (const args of bad) {
      const error = await list.page(args).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(GraphQLError);
      expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    }
    expect(list.calls).toEqual([]);
  });
});

function range(from: number, to: number) {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

import { badUserInput, publicError } from '../errors/public-error.js';
import type { AlignedWindow, WindowPage } from '../swr/wire/window.js';
import type { CursorCodec } from './cursor.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './page-size.js';
import { planSingleWindow, planWindows } from './windows.js';

/** The Relay paging arguments of a connection field. */
export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** Fetches one aligned upstream window. */
export type FetchWindow<T> = (window: AlignedWindow) => Promise<WindowPage<T>>;

/** An edge whose cursor is computed only when a client selects it. */
export interface OffsetEdge<T> {
  readonly node: T;
  readonly cursor: string;
}

/** What a connection resolver returns: Relay's shape plus `totalCount`. */
export interface OffsetConnection<T> {
  edges: OffsetEdge<T>[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: number;
}

export interface OffsetConnectionOptions<T> {
  args: ConnectionArgs;
  /** Identity of the query (filters and order) that cursors are bound to. */
  queryKey: string;
  cursors: CursorCodec;
  fetchWindow: FetchWindow<T>;
}

/**
 * Serves a Relay connection over an offset-paged upstream. Every combination of
 * `first`/`after`/`last`/`before` is mapped to an item range, which is fetched through aligned
 * windows (see `planWindows`) and sliced. `hasNextPage`/`hasPreviousPage` are exact in both
 * directions, and the total comes with the page whenever the upstream reports it.
 */
export async function resolveOffsetConnection<T>(
  options: OffsetConnectionOptions<T>,
): Promise<OffsetConnection<T>> {
  const { args, queryKey, cursors } = options;
  let first = checkSize(args.first, 'first');
  const last = checkSize(args.last, 'last');
  if (first === null && last === null) first = DEFAULT_PAGE_SIZE;
  const after = decodeCursor(cursors, queryKey, args.after, 'after');
  const before = decodeCursor(cursors, queryKey, args.before, 'before');

  const source = new WindowSource(options.fetchWindow);
  const lower = after === null ? 0 : after + 1;
  let upper = before === null ? null : Math.max(before, lower);
  const tailOnly = upper === null && first === null;
  if (tailOnly) upper = await source.total(TAIL_PROBE_SIZE);
  let end = upper === null ? Number.POSITIVE_INFINITY : upper;
  if (first !== null) end = Math.min(end, lower + first);
  let start = lower;
  if (last !== null) start = Math.max(start, end - last);
  end = Math.max(start, end);

  const items = await source.range(start, end - start, tailOnly);
  const total = await source.total(1);
  const stop = Math.min(end, total, start + items.length);
  const edges: OffsetEdge<T>[] = [];
  for (let position = start; position < stop; position++) {
    edges.push(new LazyCursorEdge(items[position - start] as T, cursors, queryKey, position));
  }
  return {
    edges,
    pageInfo: {
      hasNextPage: stop < total,
      hasPreviousPage: Math.min(start, total) > 0,
      // Signed (an HMAC each) only when a client selects them.
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        return edges.at(-1)?.cursor ?? null;
      },
    },
    totalCount: total,
  };
}

class LazyCursorEdge<T> implements OffsetEdge<T> {
  readonly node: T;
  readonly #cursors: CursorCodec;
  readonly #queryKey: string;
  readonly #position: number;

  constructor(node: T, cursors: CursorCodec, queryKey: string, position: number) {
    this.node = node;
    this.#cursors = cursors;
    this.#queryKey = queryKey;
    this.#position = position;
  }

  get cursor(): string {
    return this.#cursors.encode(this.#queryKey, this.#position);
  }
}

/**
 * `last` without `before` needs the total first: it is read from a window of this many items at
 * offset 0, which also holds the page whenever the list is no longer, so such a list costs one
 * call. A longer one costs one more: the page, through a single window (`planSingleWindow`).
 */
const TAIL_PROBE_SIZE = MAX_PAGE_SIZE;

/** Fetches windows at most once each and remembers the total they reported. */
class WindowSource<T> {
  readonly #fetchWindow: FetchWindow<T>;
  readonly #pages = new Map<string, Promise<WindowPage<T>>>();
  readonly #fetched: AlignedWindow[] = [];
  #total: number | null = null;
  #inferredTotal: number | null = null;

  constructor(fetchWindow: FetchWindow<T>) {
    this.#fetchWindow = fetchWindow;
  }

  /**
   * Items `[start, start + count)`, stopping early at the end of the list. A window already
   * fetched that covers them serves them; otherwise `planWindows` chooses, or, with
   * `oneCall`, a single wider window when one exists.
   */
  async range(start: number, count: number, oneCall = false): Promise<T[]> {
    if (count === 0) return [];
    const fetched = this.#fetched.find(
      (window) => window.offset <= start && start + count <= window.offset + window.limit,
    );
    const planned = planWindows(start, count);
    const single = oneCall && planned.length > 1 ? planSingleWindow(start, count) : null;
    const windows = fetched ? [fetched] : single ? [single] : planned;
    const pages = await Promise.all(windows.map((window) => this.#fetch(window)));
    const items: T[] = [];
    for (let index = 0; index < windows.length; index++) {
      const { offset } = windows[index] as AlignedWindow;
      const page = pages[index] as WindowPage<T>;
      const from = Math.max(start - offset, 0);
      const to = Math.min(start + count - offset, page.items.length);
      for (let i = from; i < to; i++) items.push(page.items[i] as T);
      if (page.items.length < (windows[index] as AlignedWindow).limit) break;
    }
    return items;
  }

  /** The total, fetching a window of `probeSize` items at offset 0 when no page reported it yet. */
  async total(probeSize: number): Promise<number> {
    if (this.#total !== null) return this.#total;
    if (this.#inferredTotal !== null) return this.#inferredTotal;
    await this.#fetch({ limit: probeSize, offset: 0 });
    if (this.#total !== null) return this.#total;
    if (this.#inferredTotal !== null) return this.#inferredTotal;
    throw publicError(
      'UPSTREAM_BAD_RESPONSE',
      'SWR reported no total for the list (neither `total_range` nor a `Content-Range` header).',
    );
  }

  #fetch(window: AlignedWindow): Promise<WindowPage<T>> {
    const key = `${window.limit}@${window.offset}`;
    let page = this.#pages.get(key);
    if (!page) {
      this.#fetched.push(window);
      page = this.#fetchWindow(window).then((result) => {
        if (result.total !== null) this.#total ??= result.total;
        else if (result.items.length > 0 && result.items.length < window.limit) {
          this.#inferredTotal ??= window.offset + result.items.length;
        } else if (result.items.length === 0 && window.offset === 0) {
          this.#inferredTotal ??= 0;
        }
        return result;
      });
      this.#pages.set(key, page);
    }
    return page;
  }
}

function checkSize(value: number | null | undefined, name: string) {
  const maxSize = MAX_PAGE_SIZE;
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 0) {
    throw badUserInput(`\`${name}\` must be between 0 and ${maxSize}; got ${value}.`, name);
  }
  if (value > maxSize) {
    throw badUserInput(
      `\`${name}\` must be between 0 and ${maxSize}; got ${value}. Page through larger lists with cursors.`,
      name,
    );
  }
  return value;
}

function decodeCursor(
  cursors: CursorCodec,
  queryKey: string,
  cursor: string | null | undefined,
  name: string,
): number | null {
  if (cursor === null || cursor === undefined) return null;
  const offset = cursors.decode(queryKey, cursor);
  if (offset === null) {
    throw badUserInput(
      `\`${name}\` is not a cursor of this query. Cursors are bound to the filters and order they were issued for; start again without \`${name}\` after changing either.`,
      name,
    );
  }
  return offset;
}

import { createGraphQLError } from 'graphql-yoga';
import type { KyInstance } from 'ky';
import { parseContentRangeTotal } from './content-range.js';
import { ErrorCode } from './error-codes.js';
import { toGraphQLError } from './map-error.js';
import type { UpstreamObserver } from './observer.js';
import { pathSegment, swrName } from './path.js';
import type {
  SwrAccessDomain,
  SwrNamespace,
  SwrRepositoryDetail,
  SwrRepositoryListItem,
  SwrTag,
} from './types.js';
import {
  isHttpError,
  requestIdOf,
  transportFailureOf,
  UpstreamError,
  upstreamErrorFromResponse,
} from './upstream-error.js';
import {
  accessDomainShape,
  arrayShapeProblem,
  namespaceShape,
  repositoryDetailShape,
  repositoryListItemShape,
  shapeProblem,
  tagShape,
} from './wire-shape.js';

/** Who is calling, for one GraphQL request. */
export interface SwrCallContext {
  /** The caller's IAM token, sent as `X-Auth-Token`. */
  token: string;
  /** The gateway's request id, sent as `X-Request-Id`. */
  requestId: string;
  /** Aborts every SWR call of the request, e.g. when the client goes away. */
  signal?: AbortSignal;
  /** Told about every upstream attempt (metrics, logs, traces). */
  onCall?: UpstreamObserver;
}

/** One page of a list. `total` counts every match across all pages; `null` when SWR did not say. */
export interface SwrPage<T> {
  items: T[];
  total: number | null;
}

/** An upstream page: `limit` ≥ 1 and `offset` a multiple of it (0 included), as SWR requires. */
export interface SwrWindow {
  limit: number;
  offset: number;
}

export interface SwrOrder<Column extends string> {
  column: Column;
  type: 'asc' | 'desc';
}

export type SharedRepositoryOrderColumn =
  | 'updated_at'
  | 'name'
  | 'tag_count'
  | 'namespace'
  | 'domain_name';

export interface ListSharedRepositoriesParams {
  /** `self`: repositories I share; `thirdparty`: repositories shared with me. */
  center: 'self' | 'thirdparty';
  namespace?: string;
  /** Repository name; a `/` is sent as `$`. */
  name?: string;
  /** Owner account name. */
  domainName?: string;
  /** `thirdparty`: `true` = the share is valid, `false` = expired. */
  status?: boolean;
  /** Without a window SWR returns every record. */
  window?: SwrWindow;
  order?: SwrOrder<SharedRepositoryOrderColumn>;
}

export interface ListRepositoryTagsParams {
  window?: SwrWindow;
  order?: SwrOrder<'updated_at' | 'tag'>;
  /** Tag name filter. */
  tag?: string;
}

type Query = Record<string, string>;

/** Visible ASCII only: anything else could not be sent as a header. */
const TOKEN = /^[\x21-\x7e]+$/;

/**
 * Typed calls to the SWR v2 manage API for one GraphQL request (create one per request; the ky
 * instance is shared). Every call sends `X-Auth-Token` and `X-Request-Id`, parses the body once
 * and checks its shape by hand.
 *
 * Every rejection is already the public `GraphQLError` made by `toGraphQLError` (with the token
 * redacted), so resolvers let it propagate. The exception is a programming error, such as a
 * misaligned window (`RangeError`, thrown before any request): yoga masks it.
 */
export class SwrClient {
  readonly #http: KyInstance;
  readonly #call: SwrCallContext;

  constructor(http: KyInstance, call: SwrCallContext) {
    this.#http = http;
    this.#call = call;
  }

  /** `GET /v2/manage/shared-repositories` (ListSharedReposDetails). */
  async listSharedRepositories(
    params: ListSharedRepositoriesParams,
  ): Promise<SwrPage<SwrRepositoryListItem>> {
    const query: Query = { center: params.center };
    if (params.namespace !== undefined) query.namespace = params.namespace;
    if (params.name !== undefined) query.name = swrName(params.name);
    if (params.domainName !== undefined) query.domain_name = params.domainName;
    if (params.status !== undefined) query.status = String(params.status);
    addWindow(query, params.window);
    addOrder(query, params.order);
    return this.#get('v2/manage/shared-repositories', query, (body, response) => {
      const items = checked<SwrRepositoryListItem[]>(
        body,
        arrayShapeProblem(body, repositoryListItemShape),
        response,
      );
      const total = totalRangeOf(items[0]) ?? contentRangeTotal(response);
      return { items, total };
    });
  }

  /** `GET /v2/manage/namespaces/{namespace}/repos/{repository}` (ShowRepository). */
  async showRepository(namespace: string, name: string): Promise<SwrRepositoryDetail> {
    return this.#get(repositoryPath('repos', namespace, name), undefined, (body, response) =>
      checked<SwrRepositoryDetail>(body, shapeProblem(body, repositoryDetailShape), response),
    );
  }

  /** `GET …/repos/{repository}/tags` (ListRepositoryTags). The total comes from `Content-Range`. */
  async listRepositoryTags(
    namespace: string,
    name: string,
    params: ListRepositoryTagsParams = {},
  ): Promise<SwrPage<SwrTag>> {
    const query: Query = {};
    addWindow(query, params.window);
    addOrder(query, params.order);
    if (params.tag !== undefined) query.tag = params.tag;
    const path = `${repositoryPath('repos', namespace, name)}/tags`;
    return this.#get(path, query, (body, response) => {
      const items = checked<SwrTag[]>(body, arrayShapeProblem(body, tagShape), response);
      return { items, total: contentRangeTotal(response) };
    });
  }

  /** `GET …/repositories/{repository}/access-domains` (ListRepoDomains): the sharing accounts. */
  async listRepoDomains(namespace: string, name: string): Promise<SwrAccessDomain[]> {
    const path = `${repositoryPath('repositories', namespace, name)}/access-domains`;
    return this.#get(path, undefined, (body, response) =>
      checked<SwrAccessDomain[]>(body, arrayShapeProblem(body, accessDomainShape), response),
    );
  }

  /** `GET /v2/manage/namespaces` (ListNamespaces), unwrapped from `{ namespaces }`. */
  async listNamespaces(): Promise<SwrNamespace[]> {
    return this.#get('v2/manage/namespaces', undefined, (body, response) => {
      const list =
        typeof body === 'object' && body !== null ? Reflect.get(body, 'namespaces') : null;
      const problem = arrayShapeProblem(list, namespaceShape, 'body.namespaces');
      return checked<SwrNamespace[]>(list, problem, response);
    });
  }

  /** `GET /v2/manage/namespaces/{namespace}` (ShowNamespace). */
  async showNamespace(name: string): Promise<SwrNamespace> {
    const path = `v2/manage/namespaces/${pathSegment(name, 'namespace')}`;
    return this.#get(path, undefined, (body, response) =>
      checked<SwrNamespace>(body, shapeProblem(body, namespaceShape), response),
    );
  }

  async #get<T>(
    path: string,
    query: Query | undefined,
    decode: (body: unknown, response: Response) => T,
  ): Promise<T> {
    const search = new URLSearchParams(query).toString();
    const route = `GET ${path}${search ? `?${search}` : ''}`;
    const { token, requestId, signal } = this.#call;
    if (!TOKEN.test(token)) {
      throw createGraphQLError('The SWR token is missing or malformed', {
        extensions: { code: ErrorCode.UNAUTHENTICATED },
      });
    }
    try {
      const response = await this.#http.get(path, {
        searchParams: search,
        headers: { 'X-Auth-Token': token, 'X-Request-Id': requestId },
        signal,
      });
      return decode(await readJson(response), response);
    } catch (error) {
      const failure = isHttpError(error)
        ? await upstreamErrorFromResponse(error.response, error.data)
        : error;
      throw toGraphQLError(failure, { route, token });
    }
  }
}

function repositoryPath(kind: 'repos' | 'repositories', namespace: string, name: string): string {
  const repository = pathSegment(swrName(name), 'repository name');
  return `v2/manage/namespaces/${pathSegment(namespace, 'namespace')}/${kind}/${repository}`;
}

function addWindow(query: Query, window: SwrWindow | undefined): void {
  if (window === undefined) return;
  const { limit, offset } = window;
  const aligned =
    Number.isSafeInteger(limit) &&
    limit >= 1 &&
    Number.isSafeInteger(offset) &&
    offset >= 0 &&
    offset % limit === 0;
  if (!aligned) {
    throw new RangeError(
      `Refusing to send a misaligned SWR window: limit ${limit}, offset ${offset}`,
    );
  }
  query.limit = String(limit);
  query.offset = String(offset);
}

function addOrder(query: Query, order: SwrOrder<string> | undefined): void {
  if (order === undefined) return;
  query.order_column = order.column;
  query.order_type = order.type;
}

async function readJson(response: Response): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    const transport = transportFailureOf(error);
    throw new UpstreamError({
      kind: transport?.kind ?? 'network',
      networkCode: transport?.code,
      status: response.status,
      ...requestIdOf(response),
      cause: error,
    });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badResponse('the body is not JSON', response, error);
  }
}

/** `value` typed as `T` when the shape check found no problem; an UpstreamError otherwise. */
function checked<T>(value: unknown, problem: string | undefined, response: Response): T {
  if (problem !== undefined) throw badResponse(problem, response);
  return value as T;
}

function badResponse(detail: string, response: Response, cause?: unknown): UpstreamError {
  return new UpstreamError({
    kind: 'bad-response',
    status: response.status,
    detail,
    ...requestIdOf(response),
    cause,
  });
}

function totalRangeOf(item: SwrRepositoryListItem | undefined): number | undefined {
  const total: unknown = item?.total_range;
  return typeof total === 'number' && Number.isSafeInteger(total) && total >= 0 ? total : undefined;
}

function contentRangeTotal(response: Response): number | null {
  return parseContentRangeTotal(response.headers.get('content-range'));
}

import { unauthenticated } from '../errors/public-error.js';
import { toGraphQLError } from '../errors/to-graphql-error.js';
import { isWellFormedToken } from '../token.js';
import { badResponse, type UpstreamRequest } from './attempt.js';
import { parseContentRangeTotal } from './content-range.js';
import type { UpstreamObserver } from './observer.js';
import { pathSegment, queryValue, swrName } from './path.js';
import { SwrSession } from './session.js';
import type {
  SwrAccessDomain,
  SwrNamespace,
  SwrRepositoryDetail,
  SwrRepositoryListItem,
  SwrShareCenter,
  SwrTag,
} from './types.js';
import type { SwrUpstream } from './upstream.js';
import { type AlignedWindow, isAligned, type WindowPage } from './window.js';
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
  /**
   * Aborts every SWR call of the request, e.g. when the client goes away. The request deadline
   * (`requestTimeoutMs` of the upstream, counted from the client's creation) is added to it.
   */
  signal?: AbortSignal;
  /** Told about every upstream attempt, retries and circuit-open refusals included. */
  onCall?: UpstreamObserver;
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
  center: SwrShareCenter;
  namespace?: string;
  /** Repository name; a `/` is sent as `$`. */
  name?: string;
  /** Owner account name. */
  domainName?: string;
  /** `thirdparty`: `true` = the share is valid, `false` = expired. */
  status?: boolean;
  /** Without a window SWR returns every record. */
  window?: AlignedWindow;
  order?: SwrOrder<SharedRepositoryOrderColumn>;
}

export interface ListRepositoryTagsParams {
  window?: AlignedWindow;
  order?: SwrOrder<'updated_at' | 'tag'>;
  /** Tag name filter. */
  tag?: string;
}

type Query = Record<string, string>;

/** A share's terms as CreateRepoDomains and UpdateRepoDomains take them. */
export interface ShareTerms {
  /** SWR's UTC form (`2026-10-01T16:00:00.000Z`) or `forever`. */
  deadline: string;
  /** Create: absent → empty. Update: absent → SWR keeps the current note. */
  description?: string;
}

/** SWR's code for a missing access domain (share). */
const MISSING_SHARE = 'SVCSTG.SWR.4001090';

/**
 * Typed calls to the SWR v2 manage API for one GraphQL request: create one per request over the
 * app's {@link SwrUpstream}. Every call sends `X-Auth-Token` and `X-Request-Id`, parses the body
 * once and checks its shape by hand.
 *
 * Resilience (see {@link SwrSession}): identical GETs in flight are sent once, failed GETs are
 * retried within a per-request budget, at most `swrMaxConcurrency` calls run at once, every call
 * is aborted at the request deadline, and the app's circuit breaker fails calls fast while SWR is
 * down.
 *
 * Every rejection is already the public `GraphQLError` made by `toGraphQLError` (with the token
 * redacted), so resolvers let it propagate. The exception is a programming error, such as a
 * misaligned window (`RangeError`, thrown before any request): yoga masks it.
 */
export class SwrClient {
  readonly #session: SwrSession;
  readonly #call: SwrCallContext;

  constructor(upstream: SwrUpstream, call: SwrCallContext) {
    const { requestId, signal, onCall } = call;
    const caller = isWellFormedToken(call.token) ? upstream.callerKey(call.token) : undefined;
    this.#session = new SwrSession(upstream, { requestId, signal, onCall, caller });
    this.#call = call;
  }

  /** `GET /v2/manage/shared-repositories` (ListSharedReposDetails). */
  async listSharedRepositories(
    params: ListSharedRepositoriesParams,
  ): Promise<WindowPage<SwrRepositoryListItem>> {
    const query: Query = { center: params.center };
    if (params.namespace !== undefined) query.namespace = queryValue(params.namespace, 'namespace');
    if (params.name !== undefined) query.name = queryValue(swrName(params.name), 'repository name');
    if (params.domainName !== undefined) {
      query.domain_name = queryValue(params.domainName, 'account name');
    }
    if (params.status !== undefined) query.status = String(params.status);
    addWindow(query, params.window);
    addOrder(query, params.order);
    return this.#get(
      'listSharedRepositories',
      'v2/manage/shared-repositories',
      query,
      (body, response) => {
        const items = checked<SwrRepositoryListItem[]>(
          body,
          arrayShapeProblem(body, repositoryListItemShape),
          response,
        );
        const total = totalRangeOf(items[0]) ?? contentRangeTotal(response);
        return { items, total };
      },
    );
  }

  /** `GET /v2/manage/namespaces/{namespace}/repos/{repository}` (ShowRepository). */
  async showRepository(namespace: string, name: string): Promise<SwrRepositoryDetail> {
    return this.#get(
      'showRepository',
      repositoryPath('repos', namespace, name),
      undefined,
      (body, response) =>
        checked<SwrRepositoryDetail>(body, shapeProblem(body, repositoryDetailShape), response),
    );
  }

  /** `GET …/repos/{repository}/tags` (ListRepositoryTags). The total comes from `Content-Range`. */
  async listRepositoryTags(
    namespace: string,
    name: string,
    params: ListRepositoryTagsParams = {},
  ): Promise<WindowPage<SwrTag>> {
    const query: Query = {};
    addWindow(query, params.window);
    addOrder(query, params.order);
    if (params.tag !== undefined) query.tag = queryValue(params.tag, 'tag');
    const path = `${repositoryPath('repos', namespace, name)}/tags`;
    return this.#get('listRepositoryTags', path, query, (body, response) => {
      const items = checked<SwrTag[]>(body, arrayShapeProblem(body, tagShape), response);
      return { items, total: contentRangeTotal(response) };
    });
  }

  /** `GET …/repositories/{repository}/access-domains` (ListRepoDomains): the sharing accounts. */
  async listRepoDomains(namespace: string, name: string): Promise<SwrAccessDomain[]> {
    const path = `${repositoryPath('repositories', namespace, name)}/access-domains`;
    return this.#get('listRepoDomains', path, undefined, (body, response) =>
      checked<SwrAccessDomain[]>(body, arrayShapeProblem(body, accessDomainShape), response),
    );
  }

  /**
   * `GET …/repositories/{repository}/access-domains/{account}` (ShowAccessDomain): one share; a
   * missing one is 400 `SVCSTG.SWR.4001090` (NOT_FOUND).
   */
  async showAccessDomain(
    namespace: string,
    name: string,
    account: string,
  ): Promise<SwrAccessDomain> {
    return this.#get(
      'showAccessDomain',
      accessDomainPath(namespace, name, account),
      undefined,
      (body, response) =>
        checked<SwrAccessDomain>(body, shapeProblem(body, accessDomainShape), response),
    );
  }

  /**
   * `POST …/repositories/{repository}/access-domains` (CreateRepoDomains): 201, empty body. Never
   * retried: a POST that may have reached SWR could create twice. A failure after sending carries
   * `extensions.outcome: "UNKNOWN"`.
   */
  async createRepoDomains(
    namespace: string,
    name: string,
    account: string,
    terms: ShareTerms,
  ): Promise<void> {
    const path = `${repositoryPath('repositories', namespace, name)}/access-domains`;
    const json = {
      access_domain: account,
      permit: 'read',
      deadline: terms.deadline,
      description: terms.description ?? '',
    };
    await this.#write({
      route: 'createRepoDomains',
      method: 'POST',
      path,
      json,
      unknownOutcome: true,
    });
  }

  /**
   * `PATCH …/access-domains/{account}` (UpdateRepoDomains): 201, empty body. Idempotent, so retried
   * within the request's budget; a failure after sending carries `extensions.outcome: "UNKNOWN"`.
   */
  async updateRepoDomains(
    namespace: string,
    name: string,
    account: string,
    terms: ShareTerms,
  ): Promise<void> {
    const json: Record<string, string> = { permit: 'read', deadline: terms.deadline };
    if (terms.description !== undefined) json.description = terms.description;
    const path = accessDomainPath(namespace, name, account);
    await this.#write({
      route: 'updateRepoDomains',
      method: 'PATCH',
      path,
      json,
      unknownOutcome: true,
    });
  }

  /**
   * `DELETE …/access-domains/{account}` (DeleteRepoDomains): 204. Idempotent, so retried within the
   * request's budget; a retry that finds the share gone (400 `SVCSTG.SWR.4001090`) succeeds, since
   * an earlier attempt may have deleted it.
   */
  async deleteRepoDomains(namespace: string, name: string, account: string): Promise<void> {
    const path = accessDomainPath(namespace, name, account);
    await this.#write({
      route: 'deleteRepoDomains',
      method: 'DELETE',
      path,
      recoverOnRetry: (error) =>
        error.status === 400 && error.errorCode === MISSING_SHARE
          ? { value: undefined }
          : undefined,
    });
  }

  /** `GET /v2/manage/namespaces` (ListNamespaces), unwrapped from `{ namespaces }`. */
  async listNamespaces(): Promise<SwrNamespace[]> {
    return this.#get('listNamespaces', 'v2/manage/namespaces', undefined, (body, response) => {
      const list =
        typeof body === 'object' && body !== null ? Reflect.get(body, 'namespaces') : null;
      const problem = arrayShapeProblem(list, namespaceShape, 'body.namespaces');
      return checked<SwrNamespace[]>(list, problem, response);
    });
  }

  /** `GET /v2/manage/namespaces/{namespace}` (ShowNamespace). */
  async showNamespace(name: string): Promise<SwrNamespace> {
    const path = `v2/manage/namespaces/${pathSegment(name, 'namespace')}`;
    return this.#get('showNamespace', path, undefined, (body, response) =>
      checked<SwrNamespace>(body, shapeProblem(body, namespaceShape), response),
    );
  }

  /** A GET through the session; `route` is the method name, the observer's label. */
  async #get<T>(
    route: string,
    path: string,
    query: Query | undefined,
    decode: (body: unknown, response: Response) => T,
  ): Promise<T> {
    const search = new URLSearchParams(query).toString();
    return this.#send({ route, method: 'GET', path, search, decode }, false);
  }

  /** A write through the session: SWR answers it with an empty body. */
  async #write(write: {
    route: string;
    method: 'POST' | 'PATCH' | 'DELETE';
    path: string;
    json?: unknown;
    unknownOutcome?: boolean;
    recoverOnRetry?: UpstreamRequest<void>['recoverOnRetry'];
  }): Promise<void> {
    const { unknownOutcome = false, ...request } = write;
    return this.#send(
      { ...request, search: '', bodyless: true, decode: () => undefined },
      unknownOutcome,
    );
  }

  async #send<T>(
    request: Omit<UpstreamRequest<T>, 'headers'>,
    unknownOutcome: boolean,
  ): Promise<T> {
    const { method, path, search } = request;
    const described = `${method} ${path}${search ? `?${search}` : ''}`;
    const { token, requestId } = this.#call;
    if (!isWellFormedToken(token)) throw unauthenticated('The SWR token is missing or malformed');
    try {
      return await this.#session.run({
        ...request,
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'X-Auth-Token': token,
          'X-Request-Id': requestId,
        },
      });
    } catch (error) {
      throw toGraphQLError(error, { route: described, token, write: unknownOutcome });
    }
  }
}

function repositoryPath(kind: 'repos' | 'repositories', namespace: string, name: string): string {
  const repository = pathSegment(swrName(name), 'repository name');
  return `v2/manage/namespaces/${pathSegment(namespace, 'namespace')}/${kind}/${repository}`;
}

function accessDomainPath(namespace: string, name: string, account: string): string {
  const domains = `${repositoryPath('repositories', namespace, name)}/access-domains`;
  return `${domains}/${pathSegment(account, 'account name')}`;
}

function addWindow(query: Query, window: AlignedWindow | undefined): void {
  if (window === undefined) return;
  const { limit, offset } = window;
  if (!isAligned(window)) {
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

/** `value` typed as `T` when the shape check found no problem; an UpstreamError otherwise. */
function checked<T>(value: unknown, problem: string | undefined, response: Response): T {
  if (problem !== undefined) throw badResponse(problem, response);
  return value as T;
}

function totalRangeOf(item: SwrRepositoryListItem | undefined): number | undefined {
  const total: unknown = item?.total_range;
  return typeof total === 'number' && Number.isSafeInteger(total) && total >= 0 ? total : undefined;
}

function contentRangeTotal(response: Response): number | null {
  return parseContentRangeTotal(response.headers.get('content-range'));
}

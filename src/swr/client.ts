import type { CachedResponse, CacheKind } from '../cache/index.js';
import { unauthenticated } from '../errors/public-error.js';
import { toGraphQLError } from '../errors/to-graphql-error.js';
import { UpstreamError } from '../errors/upstream-error.js';
import { isWellFormedToken } from '../token.js';
import type { UpstreamObserver } from './observer.js';
import { badResponse, type UpstreamRequest } from './resilience/attempt.js';
import { SwrSession } from './resilience/session.js';
import type { SharedReads } from './shared-reads.js';
import type { SwrUpstream } from './upstream.js';
import { accessDomainShape, type SwrAccessDomain } from './wire/access-domain.js';
import { parseContentRangeTotal } from './wire/content-range.js';
import { namespaceShape, type SwrNamespace } from './wire/namespace.js';
import { pathSegment, queryValue, swrName } from './wire/path.js';
import {
  repositoryDetailShape,
  repositoryListItemShape,
  type SwrRepositoryDetail,
  type SwrRepositoryListItem,
  type SwrShareCenter,
} from './wire/repository.js';
import { type SwrTag, tagShape } from './wire/tag.js';
import { type AlignedWindow, isAligned, type WindowPage } from './wire/window.js';
import { arrayShapeProblem, shapeProblem } from './wire/wire-shape.js';

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
  /** The app's cache and GETs in flight, shared with other requests of the same token. */
  shared?: SharedReads | undefined;
  /**
   * Skip cached entries and refresh them (`Cache-Control: no-cache` on the GraphQL request).
   * @default false
   */
  refresh?: boolean;
}

/** How a GET is cached: its kind, and its repository (`namespace/name`) if it belongs to one. */
interface CacheSlot {
  kind: CacheKind;
  repository?: string;
}

/** What a decoder reads of a response: a live one, or one rebuilt from the cache. */
export type ResponseFacts = Pick<Response, 'status' | 'headers'>;

/** Response headers a decoder reads, kept with a cached body. */
const CACHED_HEADERS = ['content-range'] as const;

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
  #tokenHash: string | undefined;

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
      { kind: 'list' },
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
      { kind: 'repository', repository: repositoryId(namespace, name) },
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
    const slot: CacheSlot = { kind: 'tags', repository: repositoryId(namespace, name) };
    return this.#get('listRepositoryTags', path, query, slot, (body, response) => {
      const items = checked<SwrTag[]>(body, arrayShapeProblem(body, tagShape), response);
      return { items, total: contentRangeTotal(response) };
    });
  }

  /** `GET …/repositories/{repository}/access-domains` (ListRepoDomains): the sharing accounts. */
  async listRepoDomains(namespace: string, name: string): Promise<SwrAccessDomain[]> {
    const path = `${repositoryPath('repositories', namespace, name)}/access-domains`;
    const slot: CacheSlot = { kind: 'shares', repository: repositoryId(namespace, name) };
    return this.#get('listRepoDomains', path, undefined, slot, (body, response) =>
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
      { kind: 'shares', repository: repositoryId(namespace, name) },
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
    const slot: CacheSlot = { kind: 'namespaces' };
    return this.#get(
      'listNamespaces',
      'v2/manage/namespaces',
      undefined,
      slot,
      (body, response) => {
        const list =
          typeof body === 'object' && body !== null ? Reflect.get(body, 'namespaces') : null;
        const problem = arrayShapeProblem(list, namespaceShape, 'body.namespaces');
        return checked<SwrNamespace[]>(list, problem, response);
      },
    );
  }

  /** `GET /v2/manage/namespaces/{namespace}` (ShowNamespace). */
  async showNamespace(name: string): Promise<SwrNamespace> {
    const path = `v2/manage/namespaces/${pathSegment(name, 'namespace')}`;
    return this.#get('showNamespace', path, undefined, { kind: 'namespaces' }, (body, response) =>
      checked<SwrNamespace>(body, shapeProblem(body, namespaceShape), response),
    );
  }

  /**
   * After a sharing write on `namespace/name`: makes the caller's cached lists and that
   * repository's cached details, tags and shares stale on every replica, and lets no later read
   * join a GET of this token that was in flight before the write. Never rejects.
   */
  async invalidateAfterShareWrite(namespace: string, name: string): Promise<void> {
    const { shared } = this.#call;
    if (shared === undefined || !isWellFormedToken(this.#call.token)) return;
    const tokenHash = this.#hashedToken(shared);
    shared.inFlight?.forgetPrefix(`${tokenHash} `);
    await shared.cache?.invalidate(tokenHash, {
      kinds: ['list'],
      repositories: [repositoryId(namespace, name)],
    });
  }

  /** A GET through the cache, the GETs in flight and the session; `route` labels the observer. */
  async #get<T>(
    route: string,
    path: string,
    query: Query | undefined,
    slot: CacheSlot,
    decode: (body: unknown, response: ResponseFacts) => T,
  ): Promise<T> {
    const search = new URLSearchParams(query).toString();
    return this.#send({ route, method: 'GET', path, search, decode }, false, slot);
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

  /** A call through the session; a GET with a cache `slot` also through the shared reads. */
  async #send<T>(
    described: Omit<UpstreamRequest<T>, 'headers'>,
    unknownOutcome: boolean,
    slot?: CacheSlot,
  ): Promise<T> {
    const { method, path, search } = described;
    const route = `${method} ${path}${search ? `?${search}` : ''}`;
    const { token, requestId, shared } = this.#call;
    if (!isWellFormedToken(token)) throw unauthenticated('The SWR token is missing or malformed');
    const request: UpstreamRequest<T> = {
      ...described,
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'X-Auth-Token': token,
        'X-Request-Id': requestId,
      },
    };
    try {
      if (shared === undefined || slot === undefined) return await this.#session.run(request);
      return await this.#sharedGet(shared, request, slot);
    } catch (error) {
      throw toGraphQLError(error, { route, token, write: unknownOutcome });
    }
  }

  /**
   * The cached response when there is one; otherwise the GET, joined with an identical one of the
   * same token in flight. Only a decoded (successful) response is cached; a 401 drops the token's
   * entries.
   */
  async #sharedGet<T>(
    shared: SharedReads,
    request: UpstreamRequest<T>,
    slot: CacheSlot,
  ): Promise<T> {
    const { cache, inFlight } = shared;
    const tokenHash = this.#hashedToken(shared);
    const identity = `/${request.path}${request.search === '' ? '' : `?${request.search}`}`;
    const read = await cache?.read(
      { tokenHash, kind: slot.kind, identity, repository: slot.repository },
      { refresh: this.#call.refresh === true },
    );
    if (read?.value !== undefined) {
      const hit = fromCache(read.value, request.decode);
      if (hit.ok) return hit.value;
    }
    const send = async (signal?: AbortSignal): Promise<T> => {
      const storing: UpstreamRequest<{ value: T; stored: CachedResponse }> = {
        ...withoutRecovery(request),
        decode: (body, response, text) => ({
          value: request.decode(body, response, text),
          stored: { body, text, headers: headersToCache(response) },
        }),
      };
      try {
        if (read === undefined) {
          return await (signal === undefined
            ? this.#session.run(request)
            : this.#session.runDetached(request, signal));
        }
        const { value, stored } = await (signal === undefined
          ? this.#session.run(storing)
          : this.#session.runDetached(storing, signal));
        read.write(stored);
        return value;
      } catch (error) {
        if (error instanceof UpstreamError && error.status === 401)
          void cache?.dropToken(tokenHash);
        throw error;
      }
    };
    if (inFlight === undefined) return send();
    return inFlight.join(`${tokenHash} ${identity}`, this.#session.signal, send);
  }

  #hashedToken(shared: SharedReads): string {
    this.#tokenHash ??= shared.hashToken(this.#call.token);
    return this.#tokenHash;
  }
}

/** A GET's description without `recoverOnRetry`, which only writes use. */
function withoutRecovery<T>(
  request: UpstreamRequest<T>,
): Omit<UpstreamRequest<T>, 'recoverOnRetry'> {
  const { recoverOnRetry: _, ...rest } = request;
  return rest;
}

/** `namespace/name`: how a repository is named in cache invalidations. */
function repositoryId(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function headersToCache(response: ResponseFacts): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of CACHED_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  return headers;
}

/** A cached response decoded as a fresh one; `ok: false` if it no longer decodes. */
function fromCache<T>(
  cached: CachedResponse,
  decode: (body: unknown, response: ResponseFacts) => T,
): { ok: true; value: T } | { ok: false } {
  try {
    return {
      ok: true,
      value: decode(cached.body, { status: 200, headers: new Headers(cached.headers) }),
    };
  } catch {
    return { ok: false };
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
function checked<T>(value: unknown, problem: string | undefined, response: ResponseFacts): T {
  if (problem !== undefined) throw badResponse(problem, response);
  return value as T;
}

function totalRangeOf(item: SwrRepositoryListItem | undefined): number | undefined {
  const total: unknown = item?.total_range;
  return typeof total === 'number' && Number.isSafeInteger(total) && total >= 0 ? total : undefined;
}

function contentRangeTotal(response: ResponseFacts): number | null {
  return parseContentRangeTotal(response.headers.get('content-range'));
}

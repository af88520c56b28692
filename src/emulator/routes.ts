import {
  createRepoDomains,
  deleteRepoDomains,
  listRepoDomains,
  showAccessDomain,
  updateRepoDomains,
} from './handlers/access-domains.js';
import { listNamespaces, showNamespace } from './handlers/namespaces.js';
import { listRepositories } from './handlers/repositories.js';
import { showRepository } from './handlers/repository.js';
import { listSharedRepositories } from './handlers/shared-repositories.js';
import { listRepositoryTags } from './handlers/tags.js';
import { decodeRepositoryName } from './query.js';
import type { HandlerContext, Reply } from './reply.js';

/** The served paths all start with this; it is compared as sent, the segments after it decoded. */
const PREFIX = '/v2/manage/';

/** The `{name}` segments of a path pattern, each bound to the path's decoded segment. */
type ParamsOf<Path extends string> = Path extends `${string}{${infer Name}}${infer Rest}`
  ? { readonly [Key in Name | keyof ParamsOf<Rest>]: string }
  : Readonly<Record<never, string>>;

/** A served route, its pattern split into segments (`{name}` for a parameter). */
interface Route<Name extends string> {
  readonly name: Name;
  readonly method: string;
  readonly segments: readonly string[];
  readonly handle: (context: HandlerContext, params: Readonly<Record<string, string>>) => Reply;
}

/**
 * One route: `method` on `path`, a pattern in SWR's own form under `/v2/manage/`, in which
 * `{name}` matches one non-empty segment, percent-decoded (and `$` read as `/` in `{repository}`),
 * and is handed to `handle`.
 */
function route<const Name extends string, const Path extends string>(
  name: Name,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: Path,
  handle: (context: HandlerContext, params: ParamsOf<Path>) => Reply,
): Route<Name> {
  if (!path.startsWith(PREFIX)) throw new Error(`Route ${name}: ${path} is not under ${PREFIX}`);
  const segments = path.slice(PREFIX.length).split('/');
  return { name, method, segments, handle: handle as Route<Name>['handle'] };
}

const REPOSITORY = '/v2/manage/namespaces/{namespace}/repos/{repository}';
const ACCESS_DOMAINS = '/v2/manage/namespaces/{namespace}/repositories/{repository}/access-domains';
const ACCESS_DOMAIN = `${ACCESS_DOMAINS}/{accessDomain}` as const;

/**
 * The one route table: each SWR operation the emulator serves, named after the SDK operation,
 * with its method, path and handler. `GET` on every read route, `POST` on an access-domain list,
 * `PATCH`/`DELETE` on one access domain. Note `repos` for repositories and tags but `repositories`
 * for access domains, as in the real API.
 */
const ROUTES = [
  route('listSharedRepositories', 'GET', '/v2/manage/shared-repositories', listSharedRepositories),
  route('listRepositories', 'GET', '/v2/manage/repos', listRepositories),
  route('listNamespaces', 'GET', '/v2/manage/namespaces', listNamespaces),
  route('showNamespace', 'GET', '/v2/manage/namespaces/{namespace}', (context, { namespace }) =>
    showNamespace(context, namespace),
  ),
  route('showRepository', 'GET', REPOSITORY, (context, { namespace, repository }) =>
    showRepository(context, namespace, repository),
  ),
  route('listRepositoryTags', 'GET', `${REPOSITORY}/tags`, (context, { namespace, repository }) =>
    listRepositoryTags(context, namespace, repository),
  ),
  route('listRepoDomains', 'GET', ACCESS_DOMAINS, (context, { namespace, repository }) =>
    listRepoDomains(context, namespace, repository),
  ),
  route('showAccessDomain', 'GET', ACCESS_DOMAIN, (context, params) =>
    showAccessDomain(context, params.namespace, params.repository, params.accessDomain),
  ),
  route('createRepoDomains', 'POST', ACCESS_DOMAINS, (context, { namespace, repository }) =>
    createRepoDomains(context, namespace, repository),
  ),
  route('updateRepoDomains', 'PATCH', ACCESS_DOMAIN, (context, params) =>
    updateRepoDomains(context, params.namespace, params.repository, params.accessDomain),
  ),
  route('deleteRepoDomains', 'DELETE', ACCESS_DOMAIN, (context, params) =>
    deleteRepoDomains(context, params.namespace, params.repository, params.accessDomain),
  ),
];

/** A served SWR operation, by its SDK name: how the call log and faults name a route. */
export type EmulatorRoute = (typeof ROUTES)[number]['name'];

/** A served request: its route, and the route's handler bound to the path's parameters. */
export interface RouteMatch {
  readonly route: EmulatorRoute;
  /** Answers the request; throws `SwrError` to refuse. */
  handle(context: HandlerContext): Reply;
}

/**
 * The route a method (upper case) and path ask for, or undefined (404): another method, an
 * unknown path, a segment that does not decode, or an empty one (such as a trailing slash).
 */
export function matchRequest(method: string, pathname: string): RouteMatch | undefined {
  if (!pathname.startsWith(PREFIX)) return undefined;
  const parts = pathname.slice(PREFIX.length).split('/').map(decodeSegment);
  if (parts.some((part) => part === undefined || part === '')) return undefined;
  for (const candidate of ROUTES) {
    if (candidate.method !== method) continue;
    const params = paramsOf(candidate.segments, parts as string[]);
    if (params !== undefined) {
      return { route: candidate.name, handle: (context) => candidate.handle(context, params) };
    }
  }
  return undefined;
}

/** The parameters `segments` bind in `parts`, or undefined when the two do not match. */
function paramsOf(
  segments: readonly string[],
  parts: readonly string[],
): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index] as string;
    const part = parts[index] as string;
    if (!segment.startsWith('{')) {
      if (segment !== part) return undefined;
      continue;
    }
    const name = segment.slice(1, -1);
    params[name] = name === 'repository' ? decodeRepositoryName(part) : part;
  }
  return params;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

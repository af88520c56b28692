import { decodeRepositoryName } from './query.js';

/**
 * The SWR operations the emulator serves, named after the SDK operations: `GET` ones, and the
 * sharing writes `createRepoDomains` (POST), `updateRepoDomains` (PATCH), `deleteRepoDomains`
 * (DELETE).
 */
export type EmulatorRoute =
  | 'listSharedRepositories'
  | 'listRepositories'
  | 'listNamespaces'
  | 'showNamespace'
  | 'showRepository'
  | 'listRepositoryTags'
  | 'listRepoDomains'
  | 'showAccessDomain'
  | 'createRepoDomains'
  | 'updateRepoDomains'
  | 'deleteRepoDomains';

/** A recognised path with its decoded parameters (repository names with `$` read as `/`). */
export type RouteMatch =
  | { route: 'listSharedRepositories' | 'listRepositories' | 'listNamespaces' }
  | { route: 'showNamespace'; namespace: string }
  | {
      route: 'showRepository' | 'listRepositoryTags' | 'listRepoDomains' | 'createRepoDomains';
      namespace: string;
      repository: string;
    }
  | {
      route: 'showAccessDomain' | 'updateRepoDomains' | 'deleteRepoDomains';
      namespace: string;
      repository: string;
      accessDomain: string;
    };

const ACCESS_DOMAIN_WRITES: Readonly<
  Record<string, 'updateRepoDomains' | 'deleteRepoDomains' | undefined>
> = { PATCH: 'updateRepoDomains', DELETE: 'deleteRepoDomains' };

/**
 * Matches a method (upper case) and path: `GET` on every read route, `POST` on an access-domain
 * list, `PATCH`/`DELETE` on one access domain. Anything else → undefined (404).
 */
export function matchRequest(method: string, pathname: string): RouteMatch | undefined {
  if (method === 'GET') return matchRoute(pathname);
  const match = matchRoute(pathname);
  if (method === 'POST' && match?.route === 'listRepoDomains') {
    return { ...match, route: 'createRepoDomains' };
  }
  const write = ACCESS_DOMAIN_WRITES[method];
  if (write !== undefined && match?.route === 'showAccessDomain') return { ...match, route: write };
  return undefined;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Matches a path against the served `GET` routes, or undefined (also for an empty segment, such as a
 * trailing slash). Note `repos` for repositories and tags
 * but `repositories` for access domains, as in the real API.
 */
export function matchRoute(pathname: string): RouteMatch | undefined {
  const raw = pathname.split('/');
  if (raw[0] !== '' || raw[1] !== 'v2' || raw[2] !== 'manage') return undefined;
  const parts = raw.slice(3).map(decodeSegment);
  if (parts.some((part) => part === undefined || part === '')) return undefined;
  const [first, namespace, kind, repo, sub, accessDomain] = parts;
  const repository = repo === undefined ? undefined : decodeRepositoryName(repo);
  switch (parts.length) {
    case 1:
      if (first === 'shared-repositories') return { route: 'listSharedRepositories' };
      if (first === 'repos') return { route: 'listRepositories' };
      if (first === 'namespaces') return { route: 'listNamespaces' };
      return undefined;
    case 2:
      return first === 'namespaces' && namespace !== undefined
        ? { route: 'showNamespace', namespace }
        : undefined;
  }
  if (first !== 'namespaces' || namespace === undefined || repository === undefined) {
    return undefined;
  }
  if (parts.length === 4 && kind === 'repos') {
    return { route: 'showRepository', namespace, repository };
  }
  if (parts.length === 5 && kind === 'repos' && sub === 'tags') {
    return { route: 'listRepositoryTags', namespace, repository };
  }
  if (kind === 'repositories' && sub === 'access-domains') {
    if (parts.length === 5) return { route: 'listRepoDomains', namespace, repository };
    if (parts.length === 6 && accessDomain !== undefined) {
      return { route: 'showAccessDomain', namespace, repository, accessDomain };
    }
  }
  return undefined;
}

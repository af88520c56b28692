import { namespaceName, repositoryName, tagName } from '../schema/names.js';
import type { SwrShareCenter } from '../swr/wire/repository.js';

/**
 * The keys of the request's loaders, each with its text form and the inverse. The text forms are
 * the loaders' cache keys and the local ids of the Node types (Relay wraps them in global ids).
 * Keys built from client input (ids, federation references) pass the same name rules as the
 * arguments (`src/schema/names.ts`), so no road reaches SWR with a name an argument would refuse.
 */

/** Identifies a repository: SWR namespaces are unique, so `namespace/name` names one repository. */
export interface RepositoryKey {
  namespace: string;
  name: string;
}

/** A shared repository, by the side of sharing it is listed on. */
export interface SharedRepositoryKey extends RepositoryKey {
  center: SwrShareCenter;
}

/** An image tag, by repository and tag name. */
export interface ImageTagKey extends RepositoryKey {
  tag: string;
}

/** `namespace/name`. The namespace never contains `/`, so the first `/` separates the two. */
export function repositoryKeyText({ namespace, name }: RepositoryKey): string {
  return `${namespace}/${name}`;
}

/**
 * The inverse of `repositoryKeyText`; `null` when the text is not a repository key or its
 * namespace or name breaks SWR's rules.
 */
export function parseRepositoryKey(text: string): RepositoryKey | null {
  const slash = text.indexOf('/');
  if (slash <= 0 || slash === text.length - 1) return null;
  return repositoryKeyOf({ namespace: text.slice(0, slash), name: text.slice(slash + 1) });
}

/**
 * A repository key from untrusted fields (a federation reference); `null` unless both are
 * strings that follow SWR's rules.
 */
export function repositoryKeyOf(value: {
  namespace?: unknown;
  name?: unknown;
}): RepositoryKey | null {
  const { namespace, name } = value;
  if (!namespaceName.safeParse(namespace).success) return null;
  if (!repositoryName.safeParse(name).success) return null;
  return { namespace: namespace as string, name: name as string };
}

/** `center:namespace/name`. */
export function sharedRepositoryKeyText(key: SharedRepositoryKey): string {
  return `${key.center}:${repositoryKeyText(key)}`;
}

/** The inverse of `sharedRepositoryKeyText`; `null` when the text is not one. */
export function parseSharedRepositoryKey(text: string): SharedRepositoryKey | null {
  const colon = text.indexOf(':');
  const center = text.slice(0, colon);
  const key = parseRepositoryKey(text.slice(colon + 1));
  if (colon < 0 || (center !== 'self' && center !== 'thirdparty') || !key) return null;
  return { center, ...key };
}

/** `namespace/name:tag`. Tags cannot contain `:`, so the last `:` separates the tag. */
export function imageTagKeyText({ namespace, name, tag }: ImageTagKey): string {
  return `${namespace}/${name}:${tag}`;
}

/** The inverse of `imageTagKeyText`; `null` when the text is not one or breaks SWR's rules. */
export function parseImageTagKey(text: string): ImageTagKey | null {
  const colon = text.lastIndexOf(':');
  const slash = text.indexOf('/');
  if (slash <= 0 || colon <= slash + 1 || colon === text.length - 1) return null;
  const key = repositoryKeyOf({
    namespace: text.slice(0, slash),
    name: text.slice(slash + 1, colon),
  });
  const tag = text.slice(colon + 1);
  if (!key || !tagName.safeParse(tag).success) return null;
  return { ...key, tag };
}

/** One share: a repository and the account it is shared with. */
export interface ShareKey extends RepositoryKey {
  /** The account (access domain) the repository is shared with. */
  account: string;
}

/**
 * `["namespace","name","account"]`: a JSON array, since repository names may hold `/` and
 * other punctuation. The local id of `RepositoryShare`.
 */
export function shareKeyText({ namespace, name, account }: ShareKey): string {
  return JSON.stringify([namespace, name, account]);
}

/** The inverse of `shareKeyText`; `null` when the text is not one. */
export function parseShareKey(text: string): ShareKey | null {
  let parts: unknown;
  try {
    parts = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(parts) || parts.length !== 3) return null;
  if (!parts.every((part) => typeof part === 'string' && part !== '')) return null;
  const [namespace, name, account] = parts as [string, string, string];
  return { namespace, name, account };
}

/** Identifies a repository: SWR namespaces are unique, so `namespace/name` names one repository. */
export interface RepositoryKey {
  namespace: string;
  name: string;
}

/** `namespace/name`. The namespace never contains `/`, so the first `/` separates the two. */
export function repositoryKeyText({ namespace, name }: RepositoryKey): string {
  return `${namespace}/${name}`;
}

/** The inverse of `repositoryKeyText`; `null` when the text is not a repository key. */
export function parseRepositoryKey(text: string): RepositoryKey | null {
  const slash = text.indexOf('/');
  if (slash <= 0 || slash === text.length - 1) return null;
  return { namespace: text.slice(0, slash), name: text.slice(slash + 1) };
}

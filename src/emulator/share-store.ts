import type { SwrAccessDomain } from '../swr/wire/access-domain.js';

/** A share as the world stores it: the wire object without `status`, which depends on the time. */
export interface StoredShare {
  readonly share: Omit<SwrAccessDomain, 'status'>;
  /**
   * Generated shares keep the status they were generated with (evaluated at the fixed reference
   * time); shares written through the API have none and are evaluated against the clock.
   */
  readonly frozenStatus?: boolean;
}

/** `status` of a share at `nowMs`: valid while the deadline is `forever` or still ahead. */
export function shareStatus(stored: StoredShare, nowMs: number): boolean {
  if (stored.frozenStatus !== undefined) return stored.frozenStatus;
  const { deadline } = stored.share;
  return deadline === 'forever' || Date.parse(deadline) > nowMs;
}

/** The wire object of a stored share at `nowMs`. */
export function toAccessDomain(stored: StoredShare, nowMs: number): SwrAccessDomain {
  return { ...stored.share, status: shareStatus(stored, nowMs) };
}

/** Key of a repository: namespace and name (with `/`). */
export function repoKey(namespace: string, name: string): string {
  return `${namespace}\u0000${name}`;
}

/**
 * Every share of the world's repositories, by repository (in creation order) and by the account
 * shared with. `version` changes on every write, so views derived from the store can be cached.
 */
export class ShareStore {
  readonly #byRepo = new Map<string, Map<string, StoredShare>>();
  readonly #byTarget = new Map<string, Map<string, StoredShare>>();
  #version = 0;

  /** Changes on every add, replace or remove. */
  get version(): number {
    return this.#version;
  }

  /** The shares of a repository, in creation order. */
  list(namespace: string, name: string): readonly StoredShare[] {
    const shares = this.#byRepo.get(repoKey(namespace, name));
    return shares === undefined ? [] : [...shares.values()];
  }

  /** How many accounts a repository is shared with. */
  count(namespace: string, name: string): number {
    return this.#byRepo.get(repoKey(namespace, name))?.size ?? 0;
  }

  get(namespace: string, name: string, accessDomain: string): StoredShare | undefined {
    return this.#byRepo.get(repoKey(namespace, name))?.get(accessDomain);
  }

  /** The shares to one account, keyed by repository. */
  sharedWith(accessDomain: string): ReadonlyMap<string, StoredShare> {
    return this.#byTarget.get(accessDomain) ?? new Map();
  }

  /** Adds or replaces the share of `stored.share.repository` with `stored.share.access_domain`. */
  put(stored: StoredShare): void {
    const { namespace, repository, access_domain: target } = stored.share;
    const key = repoKey(namespace, repository);
    let shares = this.#byRepo.get(key);
    if (shares === undefined) {
      shares = new Map();
      this.#byRepo.set(key, shares);
    }
    shares.set(target, stored);
    let incoming = this.#byTarget.get(target);
    if (incoming === undefined) {
      incoming = new Map();
      this.#byTarget.set(target, incoming);
    }
    incoming.set(key, stored);
    this.#version++;
  }

  /** Removes a share; false when there was none. */
  remove(namespace: string, name: string, accessDomain: string): boolean {
    const key = repoKey(namespace, name);
    const shares = this.#byRepo.get(key);
    if (shares?.delete(accessDomain) !== true) return false;
    if (shares.size === 0) this.#byRepo.delete(key);
    const incoming = this.#byTarget.get(accessDomain);
    incoming?.delete(key);
    if (incoming?.size === 0) this.#byTarget.delete(accessDomain);
    this.#version++;
    return true;
  }
}

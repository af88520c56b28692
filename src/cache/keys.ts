import type { CacheKind } from './kinds.js';

/** Bumped when the key layout or the entry format changes, so old entries are never read. */
export const KEY_VERSION = 'v1';

/**
 * The key layout, under the deployment's `CACHE_PREFIX`:
 *
 * - `{prefix}v1:{tokenHash}:{kind}:{identity}`: one SWR GET result;
 * - `{prefix}v1:{tokenHash}:gen`: the caller's generation, replaced by `dropToken`;
 * - `{prefix}v1:{tokenHash}:gen:{kind}`: the caller's generation of one kind;
 * - `{prefix}v1:{tokenHash}:gen:repo:{repository}`: the caller's generation of one repository.
 *
 * A generation is absent (read as `0`) or a random value. An entry records the generations it was
 * written under and is served only while they are all still current, so invalidating is one write
 * of fresh generation values, seen at once by every replica, and stale entries simply expire.
 * Random values rather than counters: a counter that expired and counted up again could revive an
 * entry written under the same number. The third segment is `gen` or a kind, so the two families
 * never collide, and the identity comes last, so it may contain anything.
 */
export class CacheKeys {
  constructor(readonly prefix: string) {}

  entry(tokenHash: string, kind: CacheKind, identity: string): string {
    return `${this.#caller(tokenHash)}:${kind}:${identity}`;
  }

  tokenGeneration(tokenHash: string): string {
    return `${this.#caller(tokenHash)}:gen`;
  }

  kindGeneration(tokenHash: string, kind: CacheKind): string {
    return `${this.#caller(tokenHash)}:gen:${kind}`;
  }

  repositoryGeneration(tokenHash: string, repository: string): string {
    return `${this.#caller(tokenHash)}:gen:repo:${repository}`;
  }

  #caller(tokenHash: string): string {
    return `${this.prefix}${KEY_VERSION}:${tokenHash}`;
  }
}

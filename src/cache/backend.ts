/** One value to write, with its time to live. */
export interface BackendWrite {
  key: string;
  value: string;
  ttlMs: number;
}

/**
 * The key-value operations a cache store needs, one round trip each. Implementations may reject
 * (the store turns a rejection into misses); they never hold a request longer than their timeout.
 */
export interface CacheBackend {
  readonly name: 'memory' | 'redis';
  /** The values of `keys`, `null` where absent. */
  getMany(keys: readonly string[]): Promise<(string | null)[]>;
  /** Writes cache entries. */
  setMany(writes: readonly BackendWrite[]): Promise<void>;
  /** Writes generation values (kept apart from entries by the memory backend). */
  setGenerations(writes: readonly BackendWrite[]): Promise<void>;
  /** Bytes and entries held in this process, for the memory store; `undefined` for Redis. */
  usage(): { bytes: number; entries: number } | undefined;
  /** Resolves `true` once operations can succeed, `false` if that takes longer than `timeoutMs`. */
  ready(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

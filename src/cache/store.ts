import { randomBytes } from 'node:crypto';
import DataLoader from 'dataloader';
import type { BackendWrite, CacheBackend } from './backend.js';
import { type CachedResponse, decodeEntry, encodeEntry } from './entry.js';
import { CacheKeys } from './keys.js';
import type { CacheKind, CacheTtls } from './kinds.js';
import { type CacheObserver, type CacheOperation, IGNORE_CACHE_EVENTS } from './observer.js';
import type { ProblemLog } from './problem-log.js';
import { hashToken } from './token-hash.js';

/** One SWR GET the caller may find in the cache. */
export interface CacheLookup {
  /** `store.hashToken(token)`; the token itself never reaches the cache. */
  tokenHash: string;
  kind: CacheKind;
  /**
   * What identifies the request for this caller and kind: the SWR path without the method, with
   * its query parameters sorted, e.g. `/v2/manage/shared-repositories?limit=20&offset=0`.
   */
  identity: string;
  /**
   * `namespace/repository` when the entry belongs to one repository (details, shares), so that
   * `invalidate(tokenHash, { repositories })` reaches it.
   */
  repository?: string;
}

export interface CacheReadOptions {
  /**
   * Skip the cached entry (a `Cache-Control: no-cache` request); `write` still refreshes it.
   * @default false
   */
  refresh?: boolean;
}

/** The answer to `read`: a cached response or a miss, and the way to store a fresh one. */
export interface CacheRead {
  /** The cached response; `undefined` on a miss, a refresh, or any cache failure. */
  readonly value: CachedResponse | undefined;
  /**
   * Stores `response` (a successful SWR GET) for this lookup, under the generations this read saw,
   * so a write that races an invalidation is never served. Returns at once and never throws;
   * writes of one tick go out in one round trip. A no-op when the read could not learn the
   * generations (backend down or slow) or the kind's TTL is 0.
   */
  write(response: CachedResponse): void;
}

/** What `invalidate` makes stale, for one caller. */
export interface CacheInvalidation {
  kinds?: readonly CacheKind[];
  /** `namespace/repository` values, as passed in `CacheLookup.repository`. */
  repositories?: readonly string[];
}

/** A store's state for `/metrics`. */
export interface CacheStatus {
  backend: 'memory' | 'redis';
  /** Memory store only: approximate bytes held by entries, and their number. */
  usage: { bytes: number; entries: number } | undefined;
}

export interface CacheStoreOptions {
  backend: CacheBackend;
  /** Key of the token HMAC (`CACHE_SECRET`). */
  secret: string;
  /** `CACHE_PREFIX`. */
  prefix: string;
  /** Seconds per kind (`CACHE_TTL_<KIND>_S`); 0 turns caching of that kind off. */
  ttls: CacheTtls;
  problems: ProblemLog;
  observer?: CacheObserver;
}

/** Generations outlive the longest entry by this much, covering reads that are written later. */
const GENERATION_MARGIN_MS = 10 * 60_000;
const ABSENT_GENERATION = '0';
/** Most lookups in one MGET; a bigger tick is split. */
const MAX_LOOKUPS_PER_ROUND_TRIP = 500;

interface PendingRead {
  lookup: CacheLookup;
  refresh: boolean;
}

const SKIPPED: CacheRead = { value: undefined, write() {} };

/**
 * A per-caller cache of SWR GET results over a backend (memory or Redis).
 *
 * Reads of one tick, from every request in the process, go out as one `getMany` (an MGET),
 * through a DataLoader without memoization. Mixing callers in one batch is safe: every key embeds
 * its caller's token hash and every answer is matched to its key by position, so an entry is only
 * ever returned to a lookup with the same token hash. Failures of any kind (an error, a timeout,
 * a garbage value) read as misses and are reported to the observer and the problem log; no method
 * throws or rejects.
 */
export class CacheStore {
  readonly #backend: CacheBackend;
  readonly #secret: string;
  readonly #keys: CacheKeys;
  readonly #ttls: CacheTtls;
  readonly #generationTtlMs: number;
  readonly #problems: ProblemLog;
  readonly #observer: CacheObserver;
  readonly #reads: DataLoader<PendingRead, CacheRead>;
  #writes: BackendWrite[] = [];
  #flushes = new Set<Promise<void>>();

  constructor(options: CacheStoreOptions) {
    this.#backend = options.backend;
    this.#secret = options.secret;
    this.#keys = new CacheKeys(options.prefix);
    this.#ttls = options.ttls;
    this.#generationTtlMs = Math.max(...Object.values(options.ttls)) * 1000 + GENERATION_MARGIN_MS;
    this.#problems = options.problems;
    this.#observer = options.observer ?? IGNORE_CACHE_EVENTS;
    this.#reads = new DataLoader((batch) => this.#readBatch(batch), {
      cache: false,
      maxBatchSize: MAX_LOOKUPS_PER_ROUND_TRIP,
    });
  }

  get backend(): 'memory' | 'redis' {
    return this.#backend.name;
  }

  /** The keyed hash that stands for `token` in every key (HMAC-SHA256, base64url). */
  hashToken(token: string): string {
    return hashToken(this.#secret, token);
  }

  /** Looks `lookup` up, batched with every other read of this tick. Never rejects. */
  read(lookup: CacheLookup, options: CacheReadOptions = {}): Promise<CacheRead> {
    if (this.#ttls[lookup.kind] === 0) return Promise.resolve(SKIPPED);
    return this.#reads.load({ lookup, refresh: options.refresh === true });
  }

  /**
   * Makes the caller's entries of `kinds` and of `repositories` stale, on every replica, in one
   * round trip. Resolves `false` when the backend failed (entries then live out their TTL).
   */
  invalidate(tokenHash: string, what: CacheInvalidation): Promise<boolean> {
    const keys = [
      ...(what.kinds ?? []).map((kind) => this.#keys.kindGeneration(tokenHash, kind)),
      ...(what.repositories ?? []).map((repository) =>
        this.#keys.repositoryGeneration(tokenHash, repository),
      ),
    ];
    return this.#renewGenerations(keys);
  }

  /** Makes every entry of the caller stale (after a 401 from SWR for its token). */
  dropToken(tokenHash: string): Promise<boolean> {
    return this.#renewGenerations([this.#keys.tokenGeneration(tokenHash)]);
  }

  status(): CacheStatus {
    return { backend: this.#backend.name, usage: this.#backend.usage() };
  }

  /**
   * Resolves `true` once the backend is connected (at once for memory), `false` after `timeoutMs`.
   * Nothing needs to wait for it: until then, reads are misses and writes are dropped.
   */
  ready(timeoutMs: number): Promise<boolean> {
    return this.#backend.ready(timeoutMs);
  }

  /** Sends the writes queued so far now and waits until every write sent has settled. */
  async flush(): Promise<void> {
    this.#trackFlush();
    await Promise.all(this.#flushes);
  }

  /** Flushes pending writes, then closes the backend. */
  async close(): Promise<void> {
    await this.flush();
    await this.#backend.close();
  }

  async #renewGenerations(keys: readonly string[]): Promise<boolean> {
    if (keys.length === 0) return true;
    const value = randomBytes(9).toString('base64url');
    const writes = keys.map((key) => ({ key, value, ttlMs: this.#generationTtlMs }));
    return this.#attempt('invalidate', () => this.#backend.setGenerations(writes)).then(
      (outcome) => outcome.ok,
    );
  }

  async #readBatch(batch: readonly PendingRead[]): Promise<CacheRead[]> {
    const keys = new KeyList();
    const plans = batch.map(({ lookup, refresh }) => {
      const { tokenHash, kind, repository } = lookup;
      const entryKey = this.#keys.entry(tokenHash, kind, lookup.identity);
      return {
        generations: [
          keys.add(this.#keys.tokenGeneration(tokenHash)),
          keys.add(this.#keys.kindGeneration(tokenHash, kind)),
          repository === undefined
            ? -1
            : keys.add(this.#keys.repositoryGeneration(tokenHash, repository)),
        ],
        entryKey,
        entry: refresh ? -1 : keys.add(entryKey),
      };
    });
    const outcome = await this.#attempt('get', () => this.#backend.getMany(keys.all));
    return batch.map(({ lookup, refresh }, index) => {
      const plan = plans[index] as (typeof plans)[number];
      if (!outcome.ok) {
        if (!refresh) this.#observer.cacheLookup(lookup.kind, 'miss');
        return SKIPPED;
      }
      const values = outcome.value;
      const stamp = plan.generations
        .map((slot) => (slot === -1 ? '-' : (values[slot] ?? ABSENT_GENERATION)))
        .join('.');
      const stored = plan.entry === -1 ? null : values[plan.entry];
      const value = stored == null ? undefined : decodeEntry(stored, stamp);
      if (!refresh) this.#observer.cacheLookup(lookup.kind, value === undefined ? 'miss' : 'hit');
      const ttlMs = this.#ttls[lookup.kind] * 1000;
      return {
        value,
        write: (response) => this.#queueWrite(plan.entryKey, stamp, response, ttlMs),
      };
    });
  }

  #queueWrite(key: string, stamp: string, response: CachedResponse, ttlMs: number): void {
    let value: string;
    try {
      value = encodeEntry(stamp, response);
    } catch (error) {
      this.#observer.cacheError('set');
      this.#problems.report('set', error);
      return;
    }
    this.#writes.push({ key, value, ttlMs });
    if (this.#writes.length === 1) setImmediate(() => this.#trackFlush());
  }

  #trackFlush(): void {
    const flush = this.#flushWrites();
    this.#flushes.add(flush);
    void flush.then(() => this.#flushes.delete(flush));
  }

  async #flushWrites(): Promise<void> {
    const writes = this.#writes;
    if (writes.length === 0) return;
    this.#writes = [];
    await this.#attempt('set', () => this.#backend.setMany(writes));
  }

  async #attempt<T>(
    operation: Exclude<CacheOperation, 'connect'>,
    run: () => Promise<T>,
  ): Promise<{ ok: true; value: T } | { ok: false }> {
    this.#observer.cacheRoundTrip(operation);
    try {
      return { ok: true, value: await run() };
    } catch (error) {
      this.#observer.cacheError(operation);
      this.#problems.report(operation, error);
      return { ok: false };
    }
  }
}

/** Keys of one round trip, each once, with the position of each. */
class KeyList {
  readonly all: string[] = [];
  readonly #positions = new Map<string, number>();

  add(key: string): number {
    let position = this.#positions.get(key);
    if (position === undefined) {
      position = this.all.push(key) - 1;
      this.#positions.set(key, position);
    }
    return position;
  }
}

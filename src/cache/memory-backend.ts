import { LRUCache } from 'lru-cache';
import type { BackendWrite, CacheBackend } from './backend.js';

/** Bookkeeping bytes counted per entry on top of its key and value. */
const ENTRY_OVERHEAD_BYTES = 64;
/** Most generation values kept (they are tiny; see `MemoryBackend`). */
const MAX_GENERATIONS = 100_000;

/**
 * An in-process bounded LRU (`lru-cache`). Entries are JSON strings, counted by their length
 * (V8 keeps ASCII strings at one byte per character) plus a fixed overhead, and the least recently
 * used ones are evicted beyond `maxBytes`. Generation values live in a separate LRU bounded by
 * count, so a burst of large entries cannot evict a generation and revive invalidated entries.
 */
export class MemoryBackend implements CacheBackend {
  readonly name = 'memory';
  readonly #entries: LRUCache<string, string>;
  readonly #generations = new LRUCache<string, string>({ max: MAX_GENERATIONS });

  constructor(maxBytes: number) {
    this.#entries = new LRUCache<string, string>({
      maxSize: maxBytes,
      sizeCalculation: (value, key) => key.length + value.length + ENTRY_OVERHEAD_BYTES,
    });
  }

  async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    return keys.map((key) => {
      return this.#generations.get(key) ?? this.#entries.get(key) ?? null;
    });
  }

  async setMany(writes: readonly BackendWrite[]): Promise<void> {
    for (const { key, value, ttlMs } of writes) this.#entries.set(key, value, { ttl: ttlMs });
  }

  async setGenerations(writes: readonly BackendWrite[]): Promise<void> {
    for (const { key, value, ttlMs } of writes) this.#generations.set(key, value, { ttl: ttlMs });
  }

  usage(): { bytes: number; entries: number } {
    return { bytes: this.#entries.calculatedSize, entries: this.#entries.size };
  }

  async ready(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.#entries.clear();
    this.#generations.clear();
  }
}

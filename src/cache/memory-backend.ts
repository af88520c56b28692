import { LRUCache } from 'lru-cache';
import type { BackendWrite, CacheBackend } from './backend.js';

/** Bookkeeping bytes counted per entry on top of its key and value. */
export const MEMORY_ENTRY_OVERHEAD_BYTES = 64;
/** Most generation values kept (they are tiny; see `MemoryBackend`). */
const MAX_GENERATIONS = 100_000;

/**
 * An in-process bounded LRU (`lru-cache`). Entries are kept as UTF-8 bytes outside the JavaScript
 * heap (one unpooled buffer each), counted by their byte length plus their key and a fixed
 * overhead, and the least recently used ones are evicted beyond `maxBytes`. Outside the heap, a
 * full store gives the garbage collector nothing to copy or compact: a 162 MiB store raised peak
 * RSS 350 MB above cache off, against 820 MB as JSON strings (bench/README.md, lever 35).
 * Generation values live in a separate LRU bounded by count, so a burst of large entries cannot
 * evict a generation and revive invalidated entries.
 */
export class MemoryBackend implements CacheBackend {
  readonly name = 'memory';
  readonly #entries: LRUCache<string, Buffer>;
  readonly #generations = new LRUCache<string, string>({ max: MAX_GENERATIONS });

  constructor(maxBytes: number) {
    this.#entries = new LRUCache<string, Buffer>({
      maxSize: maxBytes,
      sizeCalculation: (value, key) => key.length + value.byteLength + MEMORY_ENTRY_OVERHEAD_BYTES,
    });
  }

  async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    return keys.map((key) => {
      return this.#generations.get(key) ?? this.#entries.get(key)?.toString('utf8') ?? null;
    });
  }

  async setMany(writes: readonly BackendWrite[]): Promise<void> {
    for (const { key, value, ttlMs } of writes) {
      this.#entries.set(key, outsideTheHeap(value), { ttl: ttlMs });
    }
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

/** `text` as UTF-8 in a buffer of its own: a pooled one would keep its whole 8 KiB slab alive. */
function outsideTheHeap(text: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text, 'utf8'));
  bytes.write(text, 'utf8');
  return bytes;
}

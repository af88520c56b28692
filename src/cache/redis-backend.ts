import { Redis } from 'ioredis';
import type { BackendWrite, CacheBackend } from './backend.js';

export interface RedisBackendOptions {
  /** `redis://` or `rediss://` (TLS), with `user:password@` or `:password@` for AUTH. */
  url: string;
  /** Each operation that has no answer by then rejects with `CacheTimeoutError`. */
  timeoutMs: number;
  /** Connection failures (the client keeps reconnecting by itself). */
  onConnectionError(error: Error): void;
}

/** An operation that Redis did not answer in time; the store reads it as a miss. */
export class CacheTimeoutError extends Error {
  override name = 'CacheTimeoutError' as const;
}

/** Longest wait between two reconnection attempts. */
const MAX_RECONNECT_DELAY_MS = 2000;

/**
 * Redis through ioredis, set up for a cache that must never hold a request up: no offline queue
 * (while disconnected, every command fails at once), no resending after a reconnect, and a timeout
 * on every operation. The client reconnects forever with a capped backoff.
 *
 * Entry writes have a connection of their own: one tick's write pipeline carries whole SWR
 * responses, and a read queued behind it on the same connection would wait for them. Reads and
 * invalidations share the other one, so a read sent after an invalidation (even one that timed
 * out) is answered after it.
 */
export class RedisBackend implements CacheBackend {
  readonly name = 'redis';
  /** Entry writes. */
  readonly #redis: Redis;
  /** Reads and invalidations. */
  readonly #reader: Redis;
  readonly #timeoutMs: number;

  constructor(options: RedisBackendOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#redis = connect(options, 'swr-bff-cache');
    this.#reader = connect(options, 'swr-bff-cache-reads');
  }

  getMany(keys: readonly string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.#withinTimeout(this.#reader.mget(...keys));
  }

  /** One pipeline of `SET key value PX ttl`. */
  setMany(writes: readonly BackendWrite[]): Promise<void> {
    return this.#setAll(this.#redis, writes);
  }

  setGenerations(writes: readonly BackendWrite[]): Promise<void> {
    return this.#setAll(this.#reader, writes);
  }

  async #setAll(redis: Redis, writes: readonly BackendWrite[]): Promise<void> {
    const pipeline = redis.pipeline();
    for (const { key, value, ttlMs } of writes) pipeline.set(key, value, 'PX', ttlMs);
    throwFirstError(await this.#withinTimeout(pipeline.exec()));
  }

  usage(): undefined {
    return undefined;
  }

  async ready(timeoutMs: number): Promise<boolean> {
    const answers = await Promise.all([
      readyWithin(this.#redis, timeoutMs),
      readyWithin(this.#reader, timeoutMs),
    ]);
    return answers.every(Boolean);
  }

  async close(): Promise<void> {
    this.#redis.disconnect();
    this.#reader.disconnect();
  }

  /**
   * `operation`, or a `CacheTimeoutError` after `timeoutMs`. When the timer fires, the rejection
   * waits for the end of the event loop's next I/O poll (`setImmediate`): on a busy process, timers
   * run before the poll phase reads a reply that arrived in time, and a loop iteration longer than
   * the timeout would otherwise turn every answered command into a timeout.
   */
  #withinTimeout<T>(operation: Promise<T>): Promise<T> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        setImmediate(() => {
          if (settled) return;
          settled = true;
          reject(new CacheTimeoutError(`no answer from Redis within ${this.#timeoutMs} ms`));
        });
      }, this.#timeoutMs);
      operation.then(
        (value) => {
          clearTimeout(timer);
          if (settled) return;
          settled = true;
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          if (settled) return;
          settled = true;
          reject(error);
        },
      );
    });
  }
}

type ExecResult = [error: Error | null, result: unknown][] | null;

function throwFirstError(results: ExecResult): void {
  if (results === null) throw new Error('Redis discarded the transaction');
  const failed = results.find(([error]) => error !== null);
  if (failed?.[0]) throw failed[0];
}

function connect(options: RedisBackendOptions, connectionName: string): Redis {
  const redis = new Redis(options.url, {
    connectionName,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    // A backstop that frees commands Redis never answers; `#withinTimeout` answers the caller.
    commandTimeout: Math.max(1000, options.timeoutMs * 10),
    connectTimeout: Math.max(1000, options.timeoutMs * 10),
    retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 6), MAX_RECONNECT_DELAY_MS),
  });
  redis.on('error', (error: Error) => options.onConnectionError(error));
  return redis;
}

function readyWithin(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (isReady: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(isReady);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.on('ready', onReady);
  });
}

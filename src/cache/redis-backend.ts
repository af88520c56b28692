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
 */
export class RedisBackend implements CacheBackend {
  readonly name = 'redis';
  readonly #redis: Redis;
  readonly #timeoutMs: number;

  constructor(options: RedisBackendOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#redis = new Redis(options.url, {
      connectionName: 'swr-bff-cache',
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.timeoutMs,
      connectTimeout: Math.max(1000, options.timeoutMs * 10),
      retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 6), MAX_RECONNECT_DELAY_MS),
    });
    this.#redis.on('error', (error: Error) => options.onConnectionError(error));
  }

  getMany(keys: readonly string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.#withinTimeout(this.#redis.mget(...keys));
  }

  /** One pipeline of `SET key value PX ttl`. */
  async setMany(writes: readonly BackendWrite[]): Promise<void> {
    const pipeline = this.#redis.pipeline();
    for (const { key, value, ttlMs } of writes) pipeline.set(key, value, 'PX', ttlMs);
    throwFirstError(await this.#withinTimeout(pipeline.exec()));
  }

  setGenerations(writes: readonly BackendWrite[]): Promise<void> {
    return this.setMany(writes);
  }

  usage(): undefined {
    return undefined;
  }

  async ready(timeoutMs: number): Promise<boolean> {
    if (this.#redis.status === 'ready') return true;
    const redis = this.#redis;
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

  async close(): Promise<void> {
    this.#redis.disconnect();
  }

  #withinTimeout<T>(operation: Promise<T>): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new CacheTimeoutError(`no answer from Redis within ${this.#timeoutMs} ms`)),
        this.#timeoutMs,
      );
      operation.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
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

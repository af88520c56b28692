import type { Logger } from 'pino';
import type { CacheOperation } from './observer.js';

/**
 * Logs cache failures at most once per `intervalMs`, with the number of failures since the last
 * line, so an unreachable Redis writes a line every interval instead of one per request. Only the
 * error's name and message are logged: an ioredis error also carries the command's arguments.
 */
export class ProblemLog {
  #nextLogAt = 0;
  #unlogged = 0;

  constructor(
    private readonly logger: Logger | undefined,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  report(operation: CacheOperation, error: unknown): void {
    this.#unlogged += 1;
    const now = this.now();
    if (this.logger === undefined || now < this.#nextLogAt) return;
    this.#nextLogAt = now + this.intervalMs;
    const failures = this.#unlogged;
    this.#unlogged = 0;
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    this.logger.warn(
      { cache: { operation, error: `${name}: ${message}`, failures } },
      'cache unavailable, serving from SWR',
    );
  }
}

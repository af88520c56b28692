import { appliedWriteError } from '../errors/to-graphql-error.js';
import type { SwrClient } from '../swr/client.js';
import type { SwrAccessDomain } from '../swr/wire/access-domain.js';
import type { ShareKey } from './keys.js';
import type { RequestLoaders } from './request-loaders.js';

/** New terms of a share. */
export interface ShareTermsInput {
  /** When the share ends; `null`: never. Update only: `undefined` keeps the current expiry. */
  expiresAt?: Date | null;
  /** The note on the share. Create: `undefined` → empty; update: `undefined` keeps it. */
  description?: string;
}

/**
 * The write road to SWR, beside the read road of {@link RequestLoaders}: one function per kind of
 * share write. Each sends its one write, then calls `loaders.onShareWritten` (also when the write
 * failed, since it may have happened), so whatever the request resolves afterwards (the payload's
 * `repository { shares }`, a read-back) comes from SWR again, never from before the write.
 */
export class ShareWrites {
  readonly #swr: () => SwrClient;
  readonly #loaders: RequestLoaders;

  constructor(swr: () => SwrClient, loaders: RequestLoaders) {
    this.#swr = swr;
    this.#loaders = loaders;
  }

  /** CreateRepoDomains (POST, never retried), then the share read back with ShowAccessDomain. */
  async createShare(key: ShareKey, terms: ShareTermsInput): Promise<SwrAccessDomain> {
    const { namespace, name, account } = key;
    await this.#written(key, () =>
      this.#swr().createRepoDomains(namespace, name, account, {
        deadline: deadlineOf(terms.expiresAt ?? null),
        description: terms.description ?? '',
      }),
    );
    return this.#readBack(key);
  }

  /**
   * UpdateRepoDomains (PATCH, retried within the budget), then the share read back. SWR requires a
   * deadline: when `expiresAt` is left out, the current one is read first (one more call).
   */
  async updateShare(key: ShareKey, terms: ShareTermsInput): Promise<SwrAccessDomain> {
    const { namespace, name, account } = key;
    const deadline =
      terms.expiresAt === undefined
        ? (await this.#loaders.share.load(key)).deadline
        : deadlineOf(terms.expiresAt);
    await this.#written(key, () =>
      this.#swr().updateRepoDomains(namespace, name, account, {
        deadline,
        ...(terms.description === undefined ? {} : { description: terms.description }),
      }),
    );
    return this.#readBack(key);
  }

  /** DeleteRepoDomains (DELETE, retried within the budget; a retry finding it gone succeeds). */
  async deleteShare(key: ShareKey): Promise<void> {
    const { namespace, name, account } = key;
    await this.#written(key, () => this.#swr().deleteRepoDomains(namespace, name, account));
  }

  /** The share after a write SWR accepted; a failed read says that the write itself happened. */
  async #readBack(key: ShareKey): Promise<SwrAccessDomain> {
    try {
      return await this.#loaders.share.load(key);
    } catch (error) {
      throw appliedWriteError(error);
    }
  }

  async #written(key: ShareKey, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } finally {
      await this.#loaders.onShareWritten(key.namespace, key.name);
    }
  }
}

/** SWR's `deadline`: its UTC form with milliseconds (`2026-10-01T16:00:00.000Z`), or `forever`. */
export function deadlineOf(expiresAt: Date | null): string {
  return expiresAt === null ? 'forever' : expiresAt.toISOString();
}

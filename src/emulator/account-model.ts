import type { SwrAccessDomain } from '../swr/wire/access-domain.js';
import type { SwrNamespace } from '../swr/wire/namespace.js';
import type { SwrRepositoryListItem } from '../swr/wire/repository.js';
import type { Instant } from './timestamps.js';

/** A list item before the per-query `total_range` is added. */
export type RepositoryItem = Omit<SwrRepositoryListItem, 'total_range'>;

/** An account (tenant) and the IAM user that created its resources. */
export interface Tenant {
  readonly domainName: string;
  readonly domainId: string;
  readonly creatorId: string;
  readonly creatorName: string;
}

/** One repository as the emulator stores it: the wire item plus what detail, tags and sorting need. */
export interface RepoRecord {
  readonly item: RepositoryItem;
  readonly id: number;
  readonly nsId: number;
  readonly created: Instant;
  readonly updated: Instant;
  readonly owner: Tenant;
  /** True for the caller's own repositories, false for those other accounts share with the caller. */
  readonly owned: boolean;
  /**
   * Own repositories: the generated sharing accounts (the world's share store starts from these
   * and holds the current ones). Shared with the caller: the one share to the caller.
   */
  readonly shares: readonly SwrAccessDomain[];
  /** Seed text from which the repository's tags are generated on first use. */
  readonly seed: string;
}

/** What the generator derives from a token, before the account joins the world. */
export interface GeneratedAccount {
  readonly tenant: Tenant;
  /** The organizations the account owns, as `GET /v2/manage/namespaces` lists them. */
  readonly namespaces: readonly SwrNamespace[];
  /** Every repository the account owns. */
  readonly own: readonly RepoRecord[];
  /** Repositories of generated partner accounts (not in the world) shared with this account. */
  readonly sharedWithMe: readonly RepoRecord[];
}

import type { SwrAccessDomain } from '../swr/wire/access-domain.js';
import type { SwrNamespace } from '../swr/wire/namespace.js';
import type {
  SwrRepositoryDetail,
  SwrRepositoryListItem,
  SwrShareCenter,
} from '../swr/wire/repository.js';
import type { SwrTag } from '../swr/wire/tag.js';
import type { GeneratedAccount, RepoRecord, Tenant } from './account-model.js';
import type { TagRecord } from './generate-tags.js';
import { DEFAULT_REPO_ORDER, type RepoOrder, repoComparator } from './repo-ordering.js';
import { repoKey, type ShareStore, toAccessDomain } from './share-store.js';
import { formatInstant } from './timestamps.js';

/** `center` of the shared-repositories list: what I share, or what others share with me. */
export type ShareCenter = SwrShareCenter;

/** The repository sets an account lists: shared by me, shared with me, all of mine. */
export type RepoCollection = ShareCenter | 'own';

/**
 * The emulator's data for one token, for tests that compare it with what the gateway returns. Its
 * lists reflect the world now: shares written through the API included.
 */
export interface EmulatorAccount {
  /** The caller's account (tenant) name, the `domain_name` of its own repositories. */
  readonly domainName: string;
  /** The caller's account id, the `domain_id` of its own repositories. */
  readonly domainId: string;
  /** The organizations the caller sees (`GET /v2/manage/namespaces`). */
  readonly namespaces: readonly SwrNamespace[];
  /** `GET /v2/manage/shared-repositories?center=…` without paging, in the default order. */
  sharedRepositories(center: ShareCenter): SwrRepositoryListItem[];
  /** Every repository the caller owns (`GET /v2/manage/repos`), in the default order. */
  repositories(): SwrRepositoryListItem[];
  /** The detail of a repository the caller may read, or undefined. `name` uses `/`, not `$`. */
  repository(namespace: string, name: string): SwrRepositoryDetail | undefined;
  /** All tags of a repository the caller may read (newest first), or undefined. */
  tags(namespace: string, name: string): SwrTag[] | undefined;
  /** The sharing accounts of one of the caller's own repositories (creation order), or undefined. */
  accessDomains(namespace: string, name: string): SwrAccessDomain[] | undefined;
}

/** Converts a record to the `ShowRepository` body. */
export function toRepositoryDetail(record: RepoRecord): SwrRepositoryDetail {
  const { item } = record;
  return {
    id: record.id,
    ns_id: record.nsId,
    name: item.name,
    category: item.category,
    description: item.description,
    creator_id: record.owner.creatorId,
    creator_name: record.owner.creatorName,
    size: item.size,
    is_public: item.is_public,
    num_images: item.num_images,
    num_download: item.num_download,
    url: item.url,
    path: item.path,
    internal_path: item.internal_path,
    created: formatInstant(record.created),
    updated: formatInstant(record.updated),
    domain_id: record.owner.domainId,
    priority: 0,
  };
}

/** What an account needs of the world it lives in. */
export interface AccountWorld {
  readonly shares: ShareStore;
  /** The emulator clock, in milliseconds since the epoch. */
  now(): number;
  /** A repository of a world account, with its owner. */
  ownedRepository(
    namespace: string,
    name: string,
  ): { owner: AccountData; record: RepoRecord } | undefined;
  /** The tags of a repository, generated once per world. */
  tagRecords(record: RepoRecord): readonly TagRecord[];
}

/**
 * One account of the world with its lookups. Its own repositories and the generated shares to it
 * are fixed; which of its repositories are shared, and the world's live shares to it, come from
 * the world's share store. Sorted views are cached per order (the `self` view per store version),
 * so a list call costs a filter and a slice.
 */
export class AccountData implements EmulatorAccount {
  readonly domainName: string;
  readonly domainId: string;
  readonly namespaces: readonly SwrNamespace[];
  readonly tenant: Tenant;
  readonly #world: AccountWorld;
  readonly #own: readonly RepoRecord[];
  readonly #generatedIncoming: readonly RepoRecord[];
  readonly #byPath = new Map<string, RepoRecord>();
  readonly #sorted = new Map<string, readonly RepoRecord[]>();
  #selfVersion = -1;

  constructor(generated: GeneratedAccount, world: AccountWorld) {
    this.tenant = generated.tenant;
    this.domainName = generated.tenant.domainName;
    this.domainId = generated.tenant.domainId;
    this.namespaces = generated.namespaces;
    this.#world = world;
    this.#own = generated.own;
    this.#generatedIncoming = generated.sharedWithMe;
    for (const record of [...generated.own, ...generated.sharedWithMe]) {
      this.#byPath.set(repoKey(record.item.namespace, record.item.name), record);
    }
  }

  /** Every repository the account owns (fixed). */
  get ownRecords(): readonly RepoRecord[] {
    return this.#own;
  }

  /** A collection in a total order; the returned array is shared and must not be modified. */
  sorted(collection: RepoCollection, order: RepoOrder): readonly RepoRecord[] {
    if (collection === 'thirdparty') {
      const generated = this.#cachedSort('thirdparty', order, () => this.#generatedIncoming);
      const live = this.#liveIncoming();
      return live.length === 0 ? generated : [...generated, ...live].sort(repoComparator(order));
    }
    if (collection === 'self' && this.#selfVersion !== this.#world.shares.version) {
      for (const key of [...this.#sorted.keys()]) {
        if (key.startsWith('self:')) this.#sorted.delete(key);
      }
      this.#selfVersion = this.#world.shares.version;
    }
    return this.#cachedSort(collection, order, () =>
      collection === 'self'
        ? this.#own.filter(
            (record) => this.#world.shares.count(record.item.namespace, record.item.name) > 0,
          )
        : this.#own,
    );
  }

  #cachedSort(
    collection: RepoCollection,
    order: RepoOrder,
    records: () => readonly RepoRecord[],
  ): readonly RepoRecord[] {
    const key = `${collection}:${order.column}:${order.direction}`;
    let view = this.#sorted.get(key);
    if (view === undefined) {
      view = [...records()].sort(repoComparator(order));
      this.#sorted.set(key, view);
    }
    return view;
  }

  /** Repositories of world accounts shared with this one, with the share's current status. */
  #liveIncoming(): RepoRecord[] {
    const incoming = this.#world.shares.sharedWith(this.domainName);
    if (incoming.size === 0) return [];
    const now = this.#world.now();
    const records: RepoRecord[] = [];
    for (const stored of incoming.values()) {
      const { namespace, repository } = stored.share;
      const source = this.#world.ownedRepository(namespace, repository);
      if (source === undefined || source.owner === this) continue;
      const share = toAccessDomain(stored, now);
      records.push({
        ...source.record,
        item: { ...source.record.item, status: share.status },
        owned: false,
        shares: [share],
      });
    }
    return records;
  }

  /** Any repository the emulator knows for this caller (own or shared with it, valid or not). */
  find(namespace: string, name: string): RepoRecord | undefined {
    const known = this.#byPath.get(repoKey(namespace, name));
    if (known !== undefined) return known;
    const stored = this.#world.shares.sharedWith(this.domainName).get(repoKey(namespace, name));
    if (stored === undefined) return undefined;
    return this.#liveIncoming().find(
      (record) => record.item.namespace === namespace && record.item.name === name,
    );
  }

  /** A repository the caller may read: its own, or one validly shared with it. */
  findReadable(namespace: string, name: string): RepoRecord | undefined {
    const record = this.find(namespace, name);
    return record !== undefined && (record.owned || record.item.status) ? record : undefined;
  }

  /** The tags of a repository, newest first. */
  tagRecords(record: RepoRecord): readonly TagRecord[] {
    return this.#world.tagRecords(record);
  }

  sharedRepositories(center: ShareCenter): SwrRepositoryListItem[] {
    return this.#listAll(center);
  }

  repositories(): SwrRepositoryListItem[] {
    return this.#listAll('own');
  }

  repository(namespace: string, name: string): SwrRepositoryDetail | undefined {
    const record = this.findReadable(namespace, name);
    return record && toRepositoryDetail(record);
  }

  tags(namespace: string, name: string): SwrTag[] | undefined {
    const record = this.findReadable(namespace, name);
    return record && this.tagRecords(record).map((entry) => entry.tag);
  }

  accessDomains(namespace: string, name: string): SwrAccessDomain[] | undefined {
    const record = this.find(namespace, name);
    if (record === undefined || !record.owned) return undefined;
    const now = this.#world.now();
    return this.#world.shares.list(namespace, name).map((stored) => toAccessDomain(stored, now));
  }

  #listAll(collection: RepoCollection): SwrRepositoryListItem[] {
    const view = this.sorted(collection, DEFAULT_REPO_ORDER);
    return view.map((record) => ({ ...record.item, total_range: view.length }));
  }
}

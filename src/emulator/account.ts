import type {
  SwrAccessDomain,
  SwrNamespace,
  SwrRepositoryDetail,
  SwrRepositoryListItem,
  SwrShareCenter,
  SwrTag,
} from '../swr/types.js';
import type { RepoRecord, Tenant } from './account-model.js';
import { generateTags, type TagRecord } from './generate-tags.js';
import { DEFAULT_REPO_ORDER, type RepoOrder, repoComparator } from './repo-ordering.js';
import { formatInstant } from './timestamps.js';

/** `center` of the shared-repositories list: what I share, or what others share with me. */
export type ShareCenter = SwrShareCenter;

/** The repository sets an account lists: shared by me, shared with me, all of mine. */
export type RepoCollection = ShareCenter | 'own';

/** The emulator's data for one token, for tests that compare it with what the gateway returns. */
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
  /** The sharing accounts of one of the caller's own repositories, or undefined. */
  accessDomains(namespace: string, name: string): SwrAccessDomain[] | undefined;
}

function pathKey(namespace: string, name: string): string {
  return `${namespace}\u0000${name}`;
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

/**
 * One generated account with its lookups. Sorted views are built once per (collection, order) and
 * tags once per repository, so a list call costs a filter and a slice.
 */
export class AccountData implements EmulatorAccount {
  readonly domainName: string;
  readonly domainId: string;
  readonly namespaces: readonly SwrNamespace[];
  readonly #collections: Record<RepoCollection, readonly RepoRecord[]>;
  readonly #byPath = new Map<string, RepoRecord>();
  readonly #sorted = new Map<string, readonly RepoRecord[]>();
  readonly #tags = new WeakMap<RepoRecord, readonly TagRecord[]>();

  constructor(
    tenant: Tenant,
    namespaces: readonly SwrNamespace[],
    own: readonly RepoRecord[],
    sharedWithMe: readonly RepoRecord[],
  ) {
    this.domainName = tenant.domainName;
    this.domainId = tenant.domainId;
    this.namespaces = namespaces;
    this.#collections = {
      own,
      self: own.filter((record) => record.shares.length > 0),
      thirdparty: sharedWithMe,
    };
    for (const record of [...own, ...sharedWithMe]) {
      this.#byPath.set(pathKey(record.item.namespace, record.item.name), record);
    }
  }

  /** A collection in a total order; the returned array is shared and must not be modified. */
  sorted(collection: RepoCollection, order: RepoOrder): readonly RepoRecord[] {
    const key = `${collection}:${order.column}:${order.direction}`;
    let view = this.#sorted.get(key);
    if (view === undefined) {
      view = [...this.#collections[collection]].sort(repoComparator(order));
      this.#sorted.set(key, view);
    }
    return view;
  }

  /** Any repository the emulator knows for this caller (own or shared with it, valid or not). */
  find(namespace: string, name: string): RepoRecord | undefined {
    return this.#byPath.get(pathKey(namespace, name));
  }

  /** A repository the caller may read: its own, or one validly shared with it. */
  findReadable(namespace: string, name: string): RepoRecord | undefined {
    const record = this.find(namespace, name);
    return record !== undefined && (record.owned || record.item.status) ? record : undefined;
  }

  /** The tags of a repository, newest first. */
  tagRecords(record: RepoRecord): readonly TagRecord[] {
    let tags = this.#tags.get(record);
    if (tags === undefined) {
      tags = generateTags(record);
      this.#tags.set(record, tags);
    }
    return tags;
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
    return record?.owned ? [...record.shares] : undefined;
  }

  #listAll(collection: RepoCollection): SwrRepositoryListItem[] {
    const view = this.sorted(collection, DEFAULT_REPO_ORDER);
    return view.map((record) => ({ ...record.item, total_range: view.length }));
  }
}

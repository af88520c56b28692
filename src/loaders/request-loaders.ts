import DataLoader from 'dataloader';
import type {
  ListRepositoryTagsParams,
  ListSharedRepositoriesParams,
  SwrClient,
} from '../swr/client.js';
import type { SwrAccessDomain } from '../swr/wire/access-domain.js';
import type { SwrNamespace } from '../swr/wire/namespace.js';
import type {
  SwrRepositoryDetail,
  SwrRepositoryListItem,
  SwrShareCenter,
} from '../swr/wire/repository.js';
import type { SwrTag } from '../swr/wire/tag.js';
import type { WindowPage } from '../swr/wire/window.js';
import {
  type RepositoryKey,
  repositoryKeyText,
  type SharedRepositoryKey,
  type ShareKey,
  sharedRepositoryKeyText,
  shareKeyText,
} from './keys.js';
import { settleEach } from './settle.js';

/** A repository's details together with the namespace SWR leaves out of them. */
export interface RepositoryRecord extends RepositoryKey {
  detail: SwrRepositoryDetail;
}

/** An image tag together with the repository it belongs to. */
export interface ImageTagRecord extends RepositoryKey {
  tag: SwrTag;
}

/** A shared-images list item with the side of sharing it was listed on (part of its id). */
export interface SharedRepositoryRecord extends SwrRepositoryListItem {
  center: SwrShareCenter;
}

/** One window of a repository's tags. */
export interface TagWindowKey extends RepositoryKey {
  params: ListRepositoryTagsParams;
}

/**
 * The only road from a resolver to SWR: the DataLoaders of one GraphQL request, one per kind of
 * SWR call (the shared-images list, a repository, its tags, its shares, the namespaces). Each key
 * is an object; `cacheKeyFn` names it. Every entity is fetched at most once per request, however
 * often and through whichever field it is asked for. The instance lives in the request context
 * and dies with it, so nothing cached here can reach another request or token.
 *
 * Each kind calls its `SwrClient` method in exactly one place below: a cache across requests or a
 * write that must invalidate a kind slots in there.
 */
export class RequestLoaders {
  readonly #swr: () => SwrClient;
  #sharedRepositoryWindow?: DataLoader<
    ListSharedRepositoriesParams,
    WindowPage<SharedRepositoryRecord>,
    string
  >;
  #sharedRepository?: DataLoader<SharedRepositoryKey, SharedRepositoryRecord | null, string>;
  #repository?: DataLoader<RepositoryKey, RepositoryRecord, string>;
  #tagWindow?: DataLoader<TagWindowKey, WindowPage<ImageTagRecord>, string>;
  #shares?: DataLoader<RepositoryKey, SwrAccessDomain[], string>;
  #share?: DataLoader<ShareKey, SwrAccessDomain, string>;
  #namespace?: DataLoader<string, SwrNamespace>;
  #namespaceList?: Promise<SwrNamespace[]>;

  /**
   * `swr` is called on first use, so a request that loads nothing needs no token; it throws
   * `UNAUTHENTICATED` when the request has no usable one.
   */
  constructor(swr: () => SwrClient) {
    this.#swr = swr;
  }

  /**
   * One window of ListSharedReposDetails (filters, order and window); asked twice, fetched once.
   * Each item carries the center it was listed on.
   */
  get sharedRepositoryWindow(): DataLoader<
    ListSharedRepositoriesParams,
    WindowPage<SharedRepositoryRecord>,
    string
  > {
    this.#sharedRepositoryWindow ??= perKey(
      async (params) => withCenter(await this.#swr().listSharedRepositories(params), params.center),
      (params) => JSON.stringify(params),
    );
    return this.#sharedRepositoryWindow;
  }

  /**
   * A shared repository by center and `namespace/name`: the shared-images list filtered by both,
   * then the exact match (SWR matches names as substrings). `null` when it is not listed.
   */
  get sharedRepository(): DataLoader<SharedRepositoryKey, SharedRepositoryRecord | null, string> {
    this.#sharedRepository ??= perKey(async ({ center, namespace, name }) => {
      const page = await this.sharedRepositoryWindow.load({ center, namespace, name });
      return page.items.find((item) => item.namespace === namespace && item.name === name) ?? null;
    }, sharedRepositoryKeyText);
    return this.#sharedRepository;
  }

  /** ShowRepository. */
  get repository(): DataLoader<RepositoryKey, RepositoryRecord, string> {
    this.#repository ??= perKey(async ({ namespace, name }) => {
      const detail = await this.#swr().showRepository(namespace, name);
      return { namespace, name, detail };
    }, repositoryKeyText);
    return this.#repository;
  }

  /** One window of ListRepositoryTags; the same window asked twice is fetched once. */
  get tagWindow(): DataLoader<TagWindowKey, WindowPage<ImageTagRecord>, string> {
    this.#tagWindow ??= perKey(
      async ({ namespace, name, params }) => {
        const page = await this.#swr().listRepositoryTags(namespace, name, params);
        return { items: page.items.map((tag) => ({ namespace, name, tag })), total: page.total };
      },
      (key) => `${repositoryKeyText(key)}?${JSON.stringify(key.params)}`,
    );
    return this.#tagWindow;
  }

  /** ListRepoDomains: the accounts a repository is shared with. */
  get shares(): DataLoader<RepositoryKey, SwrAccessDomain[], string> {
    this.#shares ??= perKey(
      ({ namespace, name }) => this.#swr().listRepoDomains(namespace, name),
      repositoryKeyText,
    );
    return this.#shares;
  }

  /** ShowAccessDomain: one share of a repository, by account (NOT_FOUND when there is none). */
  get share(): DataLoader<ShareKey, SwrAccessDomain, string> {
    this.#share ??= perKey(
      ({ namespace, name, account }) => this.#swr().showAccessDomain(namespace, name, account),
      shareKeyText,
    );
    return this.#share;
  }

  /**
   * The hook every share write calls after SWR accepted it (or may have): forgets what the write
   * made stale in this request, so fields resolved afterwards read SWR again: the repository's
   * shares and details, its shares by account, and every shared-images list and item (the lists
   * carry sharing state). The app's cache makes the caller's cached lists and that repository's
   * cached details, tags and shares stale on every replica (`invalidateAfterShareWrite`), before
   * this resolves. Never rejects.
   */
  async onShareWritten(namespace: string, name: string): Promise<void> {
    const key = { namespace, name };
    this.#shares?.clear(key);
    this.#repository?.clear(key);
    this.#share?.clearAll();
    this.#sharedRepositoryWindow?.clearAll();
    this.#sharedRepository?.clearAll();
    let swr: SwrClient;
    try {
      swr = this.#swr();
    } catch {
      return; // No usable token: nothing was written, nothing is cached for it.
    }
    await swr.invalidateAfterShareWrite(namespace, name);
  }

  /**
   * ShowNamespace, by name. When the request also lists namespaces, names found in that list are
   * answered from it instead of with one call each.
   */
  get namespace(): DataLoader<string, SwrNamespace> {
    this.#namespace ??= new DataLoader(async (names) => {
      const listed = await this.#namespaceList?.catch(() => undefined);
      return settleEach(names, async (name) => {
        const known = listed?.find((namespace) => namespace.name === name);
        return known ?? this.#swr().showNamespace(name);
      });
    });
    return this.#namespace;
  }

  /** ListNamespaces, once per request. */
  namespaces(): Promise<SwrNamespace[]> {
    this.#namespaceList ??= this.#swr().listNamespaces();
    return this.#namespaceList;
  }
}

/**
 * Tags freshly parsed list items with their center, in place: the items belong to this request
 * alone, and copying 20 fields per item would only cost time.
 */
function withCenter(
  page: WindowPage<SwrRepositoryListItem>,
  center: SwrShareCenter,
): WindowPage<SharedRepositoryRecord> {
  for (const item of page.items) (item as SharedRepositoryRecord).center = center;
  return page as WindowPage<SharedRepositoryRecord>;
}

/** A DataLoader that loads each distinct key (as `cacheKeyFn` names it) on its own. */
function perKey<K, V>(
  load: (key: K) => Promise<V>,
  cacheKeyFn: (key: K) => string,
): DataLoader<K, V, string> {
  return new DataLoader((keys) => settleEach(keys, load), { cacheKeyFn });
}

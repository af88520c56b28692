import DataLoader from 'dataloader';
import type { ListRepositoryTagsParams, SwrClient, SwrPage } from '../swr/client.js';
import type {
  SwrAccessDomain,
  SwrNamespace,
  SwrRepositoryDetail,
  SwrRepositoryListItem,
  SwrTag,
} from '../swr/types.js';
import { parseRepositoryKey, type RepositoryKey, repositoryKeyText } from './keys.js';
import { settleEach } from './settle.js';

/** A repository's details together with the namespace SWR leaves out of them. */
export interface RepositoryRecord extends RepositoryKey {
  detail: SwrRepositoryDetail;
}

/** An image tag together with the repository it belongs to. */
export interface ImageTagRecord extends RepositoryKey {
  tag: SwrTag;
}

/** One window of a repository's tags. */
export interface TagWindowKey extends RepositoryKey {
  params: ListRepositoryTagsParams;
}

/** A shared repository, looked up by the side it is listed on. */
export interface SharedRepositoryKey extends RepositoryKey {
  center: 'self' | 'thirdparty';
}

/**
 * The DataLoaders of one GraphQL request. Each entity is fetched at most once per request, however
 * often and through whichever field it is asked for. The instance lives in the request context and
 * dies with it, so nothing cached here can reach another request or token.
 */
export class RequestLoaders {
  readonly #swr: () => SwrClient;
  #repository?: DataLoader<string, RepositoryRecord>;
  #shares?: DataLoader<string, SwrAccessDomain[]>;
  #namespace?: DataLoader<string, SwrNamespace>;
  #tagWindow?: DataLoader<TagWindowKey, SwrPage<ImageTagRecord>, string>;
  #sharedRepository?: DataLoader<SharedRepositoryKey, SwrRepositoryListItem | null, string>;
  #namespaceList?: Promise<SwrNamespace[]>;

  /** `swr` is called on first use, so a request that loads nothing needs no token. */
  constructor(swr: () => SwrClient) {
    this.#swr = swr;
  }

  /** ShowRepository, by `namespace/name`. */
  get repository(): DataLoader<string, RepositoryRecord> {
    this.#repository ??= new DataLoader((keys) =>
      settleEach(keys, async (text) => {
        const key = parseRepositoryKey(text) as RepositoryKey;
        const detail = await this.#swr().showRepository(key.namespace, key.name);
        return { ...key, detail };
      }),
    );
    return this.#repository;
  }

  /** ListRepoDomains (the accounts a repository is shared with), by `namespace/name`. */
  get shares(): DataLoader<string, SwrAccessDomain[]> {
    this.#shares ??= new DataLoader((keys) =>
      settleEach(keys, (text) => {
        const key = parseRepositoryKey(text) as RepositoryKey;
        return this.#swr().listRepoDomains(key.namespace, key.name);
      }),
    );
    return this.#shares;
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

  /** One window of ListRepositoryTags; the same window asked twice is fetched once. */
  get tagWindow(): DataLoader<TagWindowKey, SwrPage<ImageTagRecord>, string> {
    this.#tagWindow ??= new DataLoader(
      (keys) =>
        settleEach(keys, async (key) => {
          const page = await this.#swr().listRepositoryTags(key.namespace, key.name, key.params);
          return {
            items: page.items.map((tag) => ({ namespace: key.namespace, name: key.name, tag })),
            total: page.total,
          };
        }),
      { cacheKeyFn: (key) => `${repositoryKeyText(key)}?${JSON.stringify(key.params)}` },
    );
    return this.#tagWindow;
  }

  /**
   * A shared repository by center and `namespace/name`: the shared-images list filtered by both,
   * then the exact match (SWR matches names as substrings). `null` when it is not listed.
   */
  get sharedRepository(): DataLoader<SharedRepositoryKey, SwrRepositoryListItem | null, string> {
    this.#sharedRepository ??= new DataLoader(
      (keys) =>
        settleEach(keys, async (key) => {
          const { items } = await this.#swr().listSharedRepositories({
            center: key.center,
            namespace: key.namespace,
            name: key.name,
          });
          return (
            items.find((item) => item.namespace === key.namespace && item.name === key.name) ?? null
          );
        }),
      { cacheKeyFn: (key) => `${key.center}:${repositoryKeyText(key)}` },
    );
    return this.#sharedRepository;
  }
}

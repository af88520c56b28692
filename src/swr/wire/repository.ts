import type { WireShape } from './wire-shape.js';

/**
 * The side of sharing the shared-images list shows (`center`): `self`, the repositories I share;
 * `thirdparty`, the repositories shared with me.
 */
export type SwrShareCenter = 'self' | 'thirdparty';

/** Repository category as SWR sends it. Values SWR adds later must not break the gateway. */
export type SwrCategory =
  | 'app_server'
  | 'linux'
  | 'framework_app'
  | 'database'
  | 'lang'
  | 'other'
  | 'windows'
  | 'arm';

/** One item of `GET /v2/manage/shared-repositories` and `GET /v2/manage/repos` (`ShowReposResp`). */
export interface SwrRepositoryListItem {
  name: string;
  category: string;
  description: string;
  /** Bytes; may exceed 2^31. */
  size: number;
  is_public: boolean;
  /** Number of tags. */
  num_images: number;
  num_download: number;
  /** UTC RFC 3339, possibly with fractional seconds. */
  created_at: string;
  updated_at: string;
  logo: string;
  url: string;
  /** `swr.{region}.myhuaweicloud.com/{namespace}/{repo}` */
  path: string;
  /** `{ip}:{port}/{namespace}/{repo}` */
  internal_path: string;
  /** Owner account (tenant) name. */
  domain_name: string;
  namespace: string;
  tags: string[];
  /** thirdparty: the share is still valid; self: always false (meaningless). */
  status: boolean;
  /** Total number of records matching the query, across all pages. */
  total_range: number;
}

/**
 * Fields of a list item (`ShowReposResp`). `logo` and `url` are documented as unused and not
 * checked; `total_range` is read separately, as a page total.
 */
export const repositoryListItemShape = {
  name: 'string',
  namespace: 'string',
  category: 'string',
  description: 'string',
  size: 'number',
  is_public: 'boolean',
  num_images: 'number',
  num_download: 'number',
  created_at: 'string',
  updated_at: 'string',
  path: 'string',
  internal_path: 'string',
  domain_name: 'string',
  tags: 'string[]',
  status: 'boolean',
} as const satisfies WireShape<SwrRepositoryListItem>;

/** `GET /v2/manage/namespaces/{namespace}/repos/{repository}` (`ShowRepository`). */
export interface SwrRepositoryDetail {
  id: number;
  ns_id: number;
  name: string;
  category: string;
  description: string;
  creator_id: string;
  creator_name: string;
  size: number;
  is_public: boolean;
  num_images: number;
  num_download: number;
  url: string;
  path: string;
  internal_path: string;
  /** UTC RFC 3339. Note: `created`/`updated`, not `created_at`/`updated_at`. */
  created: string;
  updated: string;
  domain_id: string;
  priority: number;
}

/** The fields of {@link SwrRepositoryDetail} the decode checks. */
export const repositoryDetailShape = {
  id: 'number',
  ns_id: 'number',
  name: 'string',
  category: 'string',
  description: 'string',
  creator_id: 'string',
  creator_name: 'string',
  size: 'number',
  is_public: 'boolean',
  num_images: 'number',
  num_download: 'number',
  path: 'string',
  internal_path: 'string',
  created: 'string',
  updated: 'string',
  domain_id: 'string',
  priority: 'number',
} as const satisfies WireShape<SwrRepositoryDetail>;

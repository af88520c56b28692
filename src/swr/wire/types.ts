/**
 * Wire shapes of the SWR v2 "manage" API, exactly as SWR sends them (snake_case, `Tag` with a
 * capital T, `created`/`updated` on details but `created_at`/`updated_at` on list items).
 * Sources: the request and model builders of the Huawei Cloud Go SDK
 * (`huaweicloud/huaweicloud-sdk-go-v3`, `services/swr/v2`), the SWR API reference
 * (support.huaweicloud.com/api-swr) and the Terraform provider's SWR data sources. The gateway maps
 * these to GraphQL types; the emulator produces them.
 */

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

/** One item of `GET /v2/manage/namespaces/{namespace}/repos/{repository}/tags` (`ShowReposTagResp`). */
export interface SwrTag {
  id: number;
  repo_id: number;
  /** Tag name. Capital T on the wire. */
  Tag: string;
  image_id: string;
  /** Manifest as JSON text. */
  manifest: string;
  /** `sha256:…` */
  digest: string;
  /** 1 or 2. */
  schema: number;
  path: string;
  internal_path: string;
  size: number;
  is_trusted: boolean;
  created: string;
  updated: string;
  deleted: string | null;
  domain_id: string;
  scanned: boolean;
  /** 0 = manifest, 1 = manifest list. */
  tag_type: number;
}

/** One sharing account of a repository (`GET …/repositories/{repository}/access-domains`). */
export interface SwrAccessDomain {
  namespace: string;
  repository: string;
  access_domain: string;
  /** Only `read` exists. */
  permit: string;
  /** UTC RFC 3339, or the literal `forever`. */
  deadline: string;
  description: string;
  creator_id: string;
  creator_name: string;
  created: string;
  updated: string;
  /** true = valid, false = expired. */
  status: boolean;
}

/** An organization (`GET /v2/manage/namespaces`, `GET /v2/manage/namespaces/{namespace}`). */
export interface SwrNamespace {
  id: number;
  name: string;
  creator_name: string;
  /** 7 = manage, 3 = edit, 1 = read. */
  auth: number;
}

/** `GET /v2/manage/namespaces` body. */
export interface SwrNamespaceList {
  namespaces: SwrNamespace[];
}

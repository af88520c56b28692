import type { WireShape } from './wire-shape.js';

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

/** The fields of {@link SwrTag} the decode checks. */
export const tagShape = {
  id: 'number',
  repo_id: 'number',
  Tag: 'string',
  image_id: 'string',
  manifest: 'string',
  digest: 'string',
  schema: 'number',
  path: 'string',
  internal_path: 'string',
  size: 'number',
  is_trusted: 'boolean',
  created: 'string',
  updated: 'string',
  deleted: 'string|null',
  domain_id: 'string',
  scanned: 'boolean',
  tag_type: 'number',
} as const satisfies WireShape<SwrTag>;
